import { quote } from "../quote.js";
import { parseTopic } from "../topic.js";
import type { Transport } from "./transport.js";

/** The part of a Redis client that publishes (node-redis `createClient()` has it). */
export interface RedisPublisher {
  publish(channel: string, message: string): PromiseLike<unknown>;
}

type RedisListener = (message: string, channel: string) => void;

/** The part of a Redis client in subscriber mode that the transport needs (node-redis `client.duplicate()`). */
export interface RedisSubscriber {
  pSubscribe(pattern: string, listener: RedisListener): PromiseLike<unknown>;
  pUnsubscribe(pattern: string, listener: RedisListener): PromiseLike<unknown>;
}

/** Options for {@link redisTransport}. */
export interface RedisTransportOptions {
  /** A connected client for PUBLISH. */
  publisher: RedisPublisher;
  /** A second connected client, used only for pattern subscriptions. */
  subscriber: RedisSubscriber;
  /** Put before every topic to make the Redis channel; default `"flamigo:"`. */
  prefix?: string;
}

const GLOB_SPECIAL = /[*?[\]\\]/g;

/**
 * A transport over Redis pub/sub, with the clients you already have: the
 * package imports nothing. Each topic is a channel under `prefix`, and the
 * node subscribes (PSUBSCRIBE) only to the patterns its bridge carries, so it
 * receives no traffic for the others. Redis's `*` also spans `/`; the bridge
 * re-checks every frame against the exact single-segment rule. Frames are
 * text (use a codec that encodes to strings). `close()` leaves the clients
 * to their owner.
 *
 * @example
 * const publisher = await createClient({ url }).connect();
 * const subscriber = await publisher.duplicate().connect();
 * new Bridge(bus, { transport: redisTransport({ publisher, subscriber }), codec, topics: "servers/*" });
 */
export function redisTransport(options: RedisTransportOptions): Transport {
  const { publisher, subscriber, prefix = "flamigo:" } = options ?? {};
  if (typeof publisher?.publish !== "function") {
    throw new TypeError(`The "publisher" option must be a Redis client with publish(). Received ${quote(publisher)}`);
  }
  if (typeof subscriber?.pSubscribe !== "function" || typeof subscriber.pUnsubscribe !== "function") {
    throw new TypeError(
      `The "subscriber" option must be a Redis client with pSubscribe() and pUnsubscribe(). Received ${quote(subscriber)}`,
    );
  }
  if (typeof prefix !== "string") throw new TypeError(`The "prefix" option must be a string. Received ${quote(prefix)}`);
  return {
    async send(channel, frame) {
      if (typeof frame !== "string") {
        throw new TypeError("The Redis transport carries text frames: use a codec that encodes to strings");
      }
      await publisher.publish(prefix + channel, frame);
    },
    async listen(pattern, receive) {
      const glob = redisGlob(prefix, pattern);
      const listener: RedisListener = (message, channel) => receive(channel.slice(prefix.length), message);
      await subscriber.pSubscribe(glob, listener);
      return async () => void (await subscriber.pUnsubscribe(glob, listener));
    },
  };
}

/** The Redis glob for a topic pattern: literal text escaped, each `*` segment a `*`. */
export function redisGlob(prefix: string, pattern: string): string {
  const segments = parseTopic(pattern).segments.map((segment) =>
    segment === "*" ? "*" : segment.replace(GLOB_SPECIAL, "\\$&"),
  );
  return prefix.replace(GLOB_SPECIAL, "\\$&") + segments.join("/");
}
