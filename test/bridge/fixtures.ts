import { Bus, parseTopic, type Event } from "../../src/index.js";
import { jsonCodec, type EventKind, type Frame, type Transport } from "../../src/bridge.js";

/** A domain event for the bridge tests. */
export class ServerStatus implements Event {
  constructor(
    readonly id: string,
    readonly status: string,
  ) {}
  topics() {
    return [`servers/${this.id}/status`];
  }
}

/** An event with two topics, to check it crosses once. */
export class UserMoved implements Event {
  constructor(
    readonly id: string,
    readonly team: string,
  ) {}
  topics() {
    return [`users/${this.id}/moved`, `teams/${this.team}/changed`];
  }
}

export type TestEvent = ServerStatus | UserMoved;

export const serverStatusKind: EventKind<TestEvent> = {
  name: "server.status",
  matches: (event) => event instanceof ServerStatus,
  toData: (event) => ({ id: (event as ServerStatus).id, status: (event as ServerStatus).status }),
  fromData: (data) => {
    const { id, status } = data as { id?: unknown; status?: unknown };
    if (typeof id !== "string" || typeof status !== "string") throw new TypeError("server.status needs id and status");
    return new ServerStatus(id, status);
  },
};

export const userMovedKind: EventKind<TestEvent> = {
  name: "user.moved",
  matches: (event) => event instanceof UserMoved,
  toData: (event) => ({ id: (event as UserMoved).id, team: (event as UserMoved).team }),
  fromData: (data) => new UserMoved((data as UserMoved).id, (data as UserMoved).team),
};

export const codec = jsonCodec([serverStatusKind, userMovedKind]);

/**
 * An in-memory engine connecting several transports. Like Redis, it delivers
 * a frame to every listener whose pattern matches, including the sender's
 * own, with `*` spanning segments (a loose glob the bridge must re-check).
 */
export class MemoryHub {
  readonly frames: { channel: string; frame: Frame }[] = [];
  readonly #listeners = new Set<{ glob: RegExp; receive: (channel: string, frame: Frame) => void; node: string }>();

  transport(node: string): Transport & { readonly received: number } {
    const hub = this;
    let received = 0;
    return {
      get received() {
        return received;
      },
      send(channel, frame) {
        hub.frames.push({ channel, frame });
        for (const listener of [...hub.#listeners]) if (listener.glob.test(channel)) listener.receive(channel, frame);
      },
      listen(pattern, receive) {
        parseTopic(pattern);
        const glob = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`);
        const listener = {
          glob,
          node,
          receive: (channel: string, frame: Frame) => {
            received++;
            receive(channel, frame);
          },
        };
        hub.#listeners.add(listener);
        return () => void hub.#listeners.delete(listener);
      },
    };
  }

  /** Delivers a raw frame as if a foreign node had sent it. */
  inject(channel: string, frame: Frame): void {
    for (const listener of [...this.#listeners]) if (listener.glob.test(channel)) listener.receive(channel, frame);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A bus that records the names of what its subscription on `topics` receives. */
export function recordingBus(topics: string | string[]) {
  const bus = new Bus<TestEvent>();
  const received: string[] = [];
  bus.subscribe((_ctx, event) => {
    received.push(event instanceof ServerStatus ? `${event.id}:${event.status}` : `${event.id}->${event.team}`);
  }, { topics });
  return { bus, received };
}
