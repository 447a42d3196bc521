import { jsonCodec, type Frame, type Transport } from "../../src/bridge.js";
import { Bus, parseTopic } from "../../src/index.js";

import { ServerStatus, UserMoved, describeEvent, serverStatusKind, userMovedKind } from "./events.mjs";

export { ServerStatus, UserMoved, serverStatusKind, userMovedKind };
export type TestEvent = ServerStatus | UserMoved;

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
  bus.subscribe((_ctx, event) => void received.push(describeEvent(event)), { topics });
  return { bus, received };
}
