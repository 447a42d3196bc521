import type { Bus } from "../bus.js";
import {
  capacityOption,
  concurrencyOption,
  functionOption,
  optionsObject,
  signalOption,
  topicsOption,
} from "../options.js";
import { quote } from "../quote.js";
import { reportSafely } from "../report.js";
import { toTopic, type Topic, type TopicLike } from "../topic.js";
import type { Event, Subscription } from "../types.js";
import type { Codec } from "./codec.js";
import { open, seal } from "./envelope.js";
import type { Frame, StopListening, Transport } from "./transport.js";

/** Options for a {@link Bridge}. */
export interface BridgeOptions<E> {
  /** The engine that carries frames: {@link broadcastChannelTransport}, {@link redisTransport} or your own. */
  transport: Transport;
  /** Turns events into frames and back, for example a {@link jsonCodec}. */
  codec: Codec<E>;
  /** Patterns carried both ways: local events matching them are sent, remote ones received. */
  topics?: TopicLike | Iterable<TopicLike>;
  /** Receives frames that could not be sent, read or published; default `console.error`. */
  onError?: (error: unknown) => void;
  /** Closes the bridge when it aborts. */
  signal?: AbortSignal;
  /**
   * Local events being sent at once; default 64. Sends start in publish order,
   * so a transport that keeps the order of its calls (one Redis connection
   * does) keeps publish order, while replies are awaited in parallel.
   */
  concurrency?: number;
  /**
   * Received events held while the local bus applies backpressure; past it a
   * received frame is dropped and reported to `onError`. Default 10,000.
   */
  inboundCapacity?: number;
}

/** Counters of a bridge, for metrics. */
export interface BridgeStats {
  /** Frames sent: one per matching channel of each local event. */
  sent: number;
  /** Frames the transport handed in. */
  received: number;
  /** Remote events published on the local bus. */
  published: number;
  /** Frames dropped on purpose: the node's own, duplicates, or events none of the patterns match. */
  ignored: number;
  /** Frames or events that failed and went to `onError`. */
  failed: number;
}

const DEFAULT_INBOUND_CAPACITY = 10_000;
const DEFAULT_SEND_CONCURRENCY = 64;
// Remembered (origin, sequence) pairs: one event sent on several channels reaches a node once.
const REMEMBERED_FRAMES = 1024;

/**
 * Connects a local {@link Bus} to other buses over a {@link Transport}. Local
 * events matching the bridge's patterns are encoded once and sent on the
 * channel of each matching topic; remote events arriving on those patterns
 * are published on the local bus, awaiting `publish` so local backpressure
 * applies, and are never sent back out.
 *
 * @example
 * const bridge = new Bridge(bus, {
 *   transport: broadcastChannelTransport("my-app"),
 *   codec: jsonCodec([userUpdated]),
 *   topics: "users/*",
 * });
 * await bridge.ready; // listening on every pattern
 */
export class Bridge<E extends Event> {
  /** Identifies this node's frames, so it can drop them when they come back. */
  readonly id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  /** Resolves once the transport listens on the initial patterns. */
  readonly ready: Promise<void>;
  readonly #bus: Bus<E>;
  readonly #transport: Transport;
  readonly #codec: Codec<E>;
  readonly #onError: (error: unknown) => void;
  readonly #inboundCapacity: number;
  readonly #outbound: Subscription;
  readonly #listening = new Map<string, Promise<StopListening | undefined>>();
  /** Events this bridge published locally: never sent back out. */
  readonly #fromRemote = new WeakSet<E>();
  readonly #remembered = new Set<string>();
  readonly #inbound: E[] = [];
  readonly #stats: BridgeStats = { sent: 0, received: 0, published: 0, ignored: 0, failed: 0 };
  #sequence = 0;
  #pumping: Promise<void> | undefined = undefined;
  #closing: Promise<void> | undefined = undefined;

  constructor(bus: Bus<E>, options: BridgeOptions<E>) {
    const given = optionsObject(options);
    if (typeof given.transport?.send !== "function" || typeof given.transport.listen !== "function") {
      throw new TypeError(`The "transport" option must have send() and listen(). Received ${quote(given.transport)}`);
    }
    if (typeof given.codec?.encode !== "function" || typeof given.codec.decode !== "function") {
      throw new TypeError(`The "codec" option must have encode() and decode(). Received ${quote(given.codec)}`);
    }
    const topics = topicsOption(given.topics);
    const signal = signalOption(given.signal);
    this.#inboundCapacity =
      given.inboundCapacity === undefined ? DEFAULT_INBOUND_CAPACITY : capacityOption(given.inboundCapacity);
    this.#bus = bus;
    this.#transport = given.transport;
    this.#codec = given.codec;
    this.#onError =
      functionOption(given.onError, "onError") ?? ((error) => console.error("@flamigo/events bridge:", error));
    const concurrency =
      given.concurrency === undefined ? DEFAULT_SEND_CONCURRENCY : concurrencyOption(given.concurrency);
    this.#outbound = bus.subscribe((_ctx, event) => this.#send(event), { topics, concurrency });
    this.ready = Promise.all(topics.map((topic) => this.#listen(topic))).then(() => undefined);
    // A failed listen already went to onError; an unobserved `ready` must not also crash the process.
    this.ready.catch(() => undefined);
    if (signal !== undefined) {
      if (signal.aborted) void this.close();
      else signal.addEventListener("abort", () => void this.close(), { once: true });
    }
  }

  /** The patterns carried both ways, in the order added. */
  get topics(): readonly Topic[] {
    return this.#outbound.topics;
  }

  get stats(): Readonly<BridgeStats> {
    return { ...this.#stats };
  }

  /** True once {@link Bridge.close} was called. */
  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** Carries `topic` both ways too; resolves once the transport listens on it. */
  async addTopic(topic: TopicLike): Promise<void> {
    const pattern = toTopic(topic);
    if (this.closed) return;
    this.#outbound.addTopic(pattern);
    await this.#listen(pattern);
  }

  /** Stops carrying `topic`; resolves once the transport stopped listening on it. */
  async removeTopic(topic: TopicLike): Promise<void> {
    const pattern = toTopic(topic);
    this.#outbound.removeTopic(pattern);
    await this.#stopListening(pattern.toString());
  }

  /**
   * Stops sending and receiving, publishes the events already received, and
   * closes the transport. Safe to call again.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#outbound.cancel();
      await Promise.all([...this.#listening.keys()].map((pattern) => this.#stopListening(pattern)));
      await this.#pumping;
      await this.#transport.close?.();
    })();
    return this.#closing;
  }

  async #send(event: E): Promise<void> {
    if (this.#fromRemote.has(event)) return;
    let frame: Frame;
    const channels = new Set<string>();
    try {
      frame = seal(this.id, ++this.#sequence, this.#codec.encode(event));
      for (const topic of event.topics()) {
        const concrete = toTopic(topic);
        if (this.#carries(concrete)) channels.add(concrete.toString());
      }
    } catch (error) {
      return this.#fail(error);
    }
    await Promise.all(
      [...channels].map(async (channel) => {
        try {
          await this.#transport.send(channel, frame);
          this.#stats.sent++;
        } catch (error) {
          this.#fail(error);
        }
      }),
    );
  }

  readonly #receive = (_channel: string, frame: Frame): void => {
    this.#stats.received++;
    if (this.closed) return void this.#stats.ignored++;
    let event: E;
    try {
      const envelope = open(frame);
      if (envelope.origin === this.id || !this.#remember(`${envelope.origin};${envelope.sequence}`)) {
        return void this.#stats.ignored++;
      }
      event = this.#codec.decode(envelope.payload);
      // A transport may deliver more than the patterns ask for (Redis globs let `*` span segments).
      if (!this.#carriesAny(event)) return void this.#stats.ignored++;
    } catch (error) {
      return this.#fail(error);
    }
    if (this.#inbound.length >= this.#inboundCapacity) {
      return this.#fail(new Error(`Inbound buffer full (${this.#inboundCapacity} events): a received event was dropped`));
    }
    this.#inbound.push(event);
    this.#pumping ??= this.#pump();
  };

  /** Publishes received events one after the other, so the local bus paces them. */
  async #pump(): Promise<void> {
    for (let event = this.#inbound.shift(); event !== undefined; event = this.#inbound.shift()) {
      this.#fromRemote.add(event);
      try {
        await this.#bus.publish(event);
        this.#stats.published++;
      } catch (error) {
        this.#fail(error);
      }
    }
    this.#pumping = undefined;
  }

  #listen(pattern: Topic): Promise<StopListening | undefined> {
    const key = pattern.toString();
    let listening = this.#listening.get(key);
    if (listening === undefined) {
      listening = Promise.resolve(this.#transport.listen(key, this.#receive)).catch((error: unknown) => {
        this.#listening.delete(key);
        this.#fail(error);
        throw error;
      });
      this.#listening.set(key, listening);
    }
    return listening;
  }

  async #stopListening(pattern: string): Promise<void> {
    const listening = this.#listening.get(pattern);
    this.#listening.delete(pattern);
    const stop = await listening?.catch(() => undefined);
    await stop?.();
  }

  /** True the first time a frame key is seen among the recent ones. */
  #remember(key: string): boolean {
    const remembered = this.#remembered;
    if (remembered.has(key)) return false;
    if (remembered.size >= REMEMBERED_FRAMES) remembered.delete(remembered.values().next().value as string);
    remembered.add(key);
    return true;
  }

  #carries(topic: Topic): boolean {
    return this.#outbound.topics.some((pattern) => topic.matches(pattern));
  }

  #carriesAny(event: E): boolean {
    for (const topic of event.topics()) if (this.#carries(toTopic(topic))) return true;
    return false;
  }

  #fail(error: unknown): void {
    this.#stats.failed++;
    reportSafely(() => this.#onError(error), error);
  }
}
