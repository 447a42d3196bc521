import type { CodecKind } from "../../src/bridge.js";

export declare class ServerStatus {
  constructor(id: string, status: string);
  readonly id: string;
  readonly status: string;
  topics(): string[];
}

export declare class UserMoved {
  constructor(id: string, team: string);
  readonly id: string;
  readonly team: string;
  topics(): string[];
}

export declare const serverStatusKind: CodecKind<ServerStatus | UserMoved>;
export declare const userMovedKind: CodecKind<ServerStatus | UserMoved>;
export declare function describeEvent(event: ServerStatus | UserMoved): string;
