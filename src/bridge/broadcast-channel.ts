import { parseTopic, type Topic } from "../topic.js";
import type { Frame, Transport } from "./transport.js";

type Receive = (channel: string, frame: Frame) => void;

/**
 * A transport over a `BroadcastChannel` (built into browsers and Node.js):
 * connects worker threads of one process, or tabs of one origin. Every frame
 * reaches every other channel of the same name; this transport hands a
 * bridge only those on channels matching its patterns. Text and bytes both
 * travel. `close()` closes the channel.
 *
 * @example
 * new Bridge(bus, { transport: broadcastChannelTransport("shop"), codec, topics: "orders/*" });
 */
export function broadcastChannelTransport(name = "@flamigo/events"): Transport {
  const channel = new BroadcastChannel(name);
  const listeners = new Set<{ readonly pattern: Topic; readonly receive: Receive }>();
  channel.onmessage = (message: MessageEvent<unknown>) => {
    const { channel: topic, frame } = (message.data ?? {}) as { channel?: unknown; frame?: unknown };
    const receivers = new Set<Receive>();
    for (const listener of listeners) {
      if (matchesOrUnreadable(topic, listener.pattern)) receivers.add(listener.receive);
    }
    // The bridge checks and reports what it cannot read, so hand it on as it came.
    for (const receive of receivers) receive(String(topic), frame as Frame);
  };
  return {
    send(topic, frame) {
      channel.postMessage({ channel: topic, frame });
    },
    listen(pattern, receive) {
      const listener = { pattern: parseTopic(pattern), receive };
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close() {
      listeners.clear();
      channel.close();
    },
  };
}

function matchesOrUnreadable(topic: unknown, pattern: Topic): boolean {
  try {
    return parseTopic(topic as string).matches(pattern);
  } catch {
    return true;
  }
}
