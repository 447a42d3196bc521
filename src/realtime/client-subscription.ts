import type { Bus } from "../bus.js";
import { isClientEvent } from "../client/client-event.js";
import type { Message } from "../client/message.js";
import { encodeMessage } from "../client/wire.js";
import { disposeSymbol } from "../dispose.js";
import { capacityOption, functionOption, optionsObject, signalOption } from "../options.js";
import { isPromiseLike } from "../promise-like.js";
import { reportSafely } from "../report.js";
import { Queue } from "../queue.js";
import { quote } from "../quote.js";
import type { Topic, TopicLike } from "../topic.js";
import type { Event, Subscription } from "../types.js";

const DEFAULT_BUFFER_CAPACITY = 64;
const POLICIES: readonly SlowClientPolicy[] = ["wait", "drop-oldest", "disconnect"];

/**
 * What a client subscription does when its buffer is full because the client
 * reads slower than events arrive:
 * - `"wait"`: backpressure. The client's bus subscription stops taking events,
 *   so publishers wait for this client. Only for trusted internal consumers.
 * - `"drop-oldest"`: drop the oldest buffered message (counted, reported to
 *   `onDrop`) to make room. For views where the latest state matters most.
 * - `"disconnect"`: end the subscription and call `onDisconnect`, which closes
 *   the connection; the client reconnects and reloads its state.
 *
 * @example
 * const policy: SlowClientPolicy = trusted ? "wait" : "disconnect";
 */
export type SlowClientPolicy = "wait" | "drop-oldest" | "disconnect";

/**
 * Options for {@link subscribeClient}.
 *
 * @example
 * const options: ClientSubscribeOptions<DomainEvent> = {
 *   send: (data) => new Promise((resolve, reject) => socket.send(data, (error) => (error ? reject(error) : resolve()))),
 *   policy: "disconnect",
 *   onDisconnect: () => socket.terminate(),
 * };
 */
export interface ClientSubscribeOptions<E extends Event = Event> {
  /**
   * Hands one encoded message to the transport. Return a promise that settles
   * once the transport took the message (for `ws`: its `send` callback), so
   * the buffer fills while the client is slow; a `send` that throws or
   * rejects means the client is gone, and ends the subscription.
   */
  send: (data: string) => void | PromiseLike<void>;
  /** What to do when the buffer is full; see {@link SlowClientPolicy}. */
  policy: SlowClientPolicy;
  /** The topics (exact or with `*`) the client asked for; more can be added later. */
  topics?: TopicLike | Iterable<TopicLike>;
  /**
   * Turns an event into the client's message, or `undefined` to skip it.
   * Default: the event's own `clientMessage()`, skipping events without one.
   */
  project?: (event: E) => Message | undefined;
  /** How many encoded messages may wait for `send`; a positive integer, default 64. */
  capacity?: number;
  /** Ends the subscription when it aborts. */
  signal?: AbortSignal;
  /** Told about each message that the `"drop-oldest"` policy dropped. */
  onDrop?: (message: Message, client: ClientSubscription) => void;
  /** Required with the `"disconnect"` policy: closes the client's connection. */
  onDisconnect?: (client: ClientSubscription) => void;
  /** Told why `send` failed, after the subscription ended; default `console.error`. */
  onError?: (error: unknown, client: ClientSubscription) => void;
}

/**
 * One connected client's subscription to a bus: the events matching its
 * topics, projected to messages, encoded and handed to its `send`.
 *
 * @example
 * socket.on("message", (data) => client.addTopic(JSON.parse(String(data)).subscribe));
 * socket.on("close", () => client.close());
 */
export interface ClientSubscription {
  /** False once closed, aborted, disconnected, failed to send, or its bus closed. */
  readonly active: boolean;
  /** The client's current patterns, in the order added. */
  readonly topics: readonly Topic[];
  /** Encoded messages waiting for `send`, not counting the one `send` is busy with. */
  readonly buffered: number;
  /** Messages dropped by the `"drop-oldest"` policy. */
  readonly dropped: number;
  /** True once the `"disconnect"` policy ended this subscription. */
  readonly disconnected: boolean;
  /** Also forward events matching `topic`, from the next publish on. */
  addTopic(topic: TopicLike): void;
  /** Stop forwarding events for `topic`, from the next publish on. */
  removeTopic(topic: TopicLike): void;
  /** Ends the subscription (the client went away) and discards its buffer; safe to call again. */
  close(): void;
  /** The same as {@link ClientSubscription.close}. */
  [Symbol.dispose](): void;
}

/**
 * Turns one connected client into a bus subscription: events matching the
 * client's topics are projected to messages (by default each event's own
 * `clientMessage()`), encoded with {@link encodeMessage} and passed to `send`
 * through a bounded buffer, so a client that stops reading is handled by the
 * chosen {@link SlowClientPolicy} instead of stalling publishers or growing
 * memory. A message that cannot be encoded is reported to the bus's `onError`.
 *
 * @example
 * wss.on("connection", (socket) => {
 *   const client = subscribeClient(bus, {
 *     send: (data) => new Promise((resolve, reject) => socket.send(data, (error) => (error ? reject(error) : resolve()))),
 *     policy: "drop-oldest",
 *     topics: ["servers/*", "counter/ticked"],
 *   });
 *   socket.on("close", () => client.close());
 * });
 */
export function subscribeClient<E extends Event>(bus: Bus<E>, options: ClientSubscribeOptions<E>): ClientSubscription {
  if (bus === null || typeof bus !== "object" || typeof bus.subscribe !== "function") {
    throw new TypeError(`The "bus" argument must be a Bus. Received ${quote(bus)}`);
  }
  const given = optionsObject(options);
  const send = functionOption(given.send, "send");
  if (send === undefined) throw new TypeError('The "send" option is required');
  const policy = policyOption(given.policy);
  const onDisconnect = functionOption(given.onDisconnect, "onDisconnect");
  if (policy === "disconnect" && onDisconnect === undefined) {
    throw new TypeError('The "disconnect" policy needs an "onDisconnect" option that closes the connection');
  }
  return new BusClient(bus, given.topics, signalOption(given.signal), {
    send,
    policy,
    capacity: given.capacity === undefined ? DEFAULT_BUFFER_CAPACITY : capacityOption(given.capacity),
    project: functionOption(given.project, "project") ?? clientMessageOf,
    onDrop: functionOption(given.onDrop, "onDrop"),
    onDisconnect,
    onError: functionOption(given.onError, "onError") ?? reportSendFailure,
  });
}

/** The checked options a {@link BusClient} runs with. */
interface ClientSettings<E> {
  readonly send: (data: string) => void | PromiseLike<void>;
  readonly policy: SlowClientPolicy;
  readonly capacity: number;
  readonly project: (event: E) => Message | undefined;
  readonly onDrop: ((message: Message, client: ClientSubscription) => void) | undefined;
  readonly onDisconnect: ((client: ClientSubscription) => void) | undefined;
  readonly onError: (error: unknown, client: ClientSubscription) => void;
}

/**
 * A client's bus subscription whose listener only projects, encodes and
 * buffers, and never waits on the client except under the `"wait"` policy;
 * a separate pump hands the buffer to `send`, one message at a time.
 */
class BusClient<E extends Event> implements ClientSubscription {
  readonly #settings: ClientSettings<E>;
  readonly #subscription: Subscription;
  /** Encoded messages waiting for `send`, each with the message it encodes. */
  readonly #buffer = new Queue<string, Message>();
  #sending = false;
  #closed = false;
  #dropped = 0;
  #disconnected = false;
  /** Under `"wait"`: resumes the listener that waits for room in the buffer. */
  #whenRoom: (() => void) | undefined = undefined;
  #signal: AbortSignal | undefined;

  constructor(
    bus: Bus<E>,
    topics: TopicLike | Iterable<TopicLike> | undefined,
    signal: AbortSignal | undefined,
    settings: ClientSettings<E>,
  ) {
    this.#settings = settings;
    this.#signal = signal;
    this.#subscription = bus.subscribe((_ctx, event) => this.#receive(event), topics === undefined ? {} : { topics });
    if (this.#signal?.aborted) this.close();
    else this.#signal?.addEventListener("abort", this.#onAbort);
  }

  get active(): boolean {
    return !this.#closed && this.#subscription.active;
  }

  get topics(): readonly Topic[] {
    return this.#subscription.topics;
  }

  get buffered(): number {
    return this.#buffer.size;
  }

  get dropped(): number {
    return this.#dropped;
  }

  get disconnected(): boolean {
    return this.#disconnected;
  }

  addTopic(topic: TopicLike): void {
    this.#subscription.addTopic(topic);
  }

  removeTopic(topic: TopicLike): void {
    this.#subscription.removeTopic(topic);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#subscription.cancel();
    this.#buffer.clear(ignore);
    this.#signal?.removeEventListener("abort", this.#onAbort);
    this.#signal = undefined;
    this.#wakeWaiter();
  }

  [disposeSymbol](): void {
    this.close();
  }

  readonly #onAbort = (): void => this.close();

  #receive(event: E): void | Promise<void> {
    const message = this.#settings.project(event);
    if (message === undefined) return;
    return this.#enqueue(encodeMessage(message), message);
  }

  #enqueue(data: string, message: Message): void | Promise<void> {
    if (this.#closed) return;
    const buffer = this.#buffer;
    if (buffer.size >= this.#settings.capacity) {
      switch (this.#settings.policy) {
        case "wait":
          return new Promise<void>((resolve) => (this.#whenRoom = resolve)).then(() => this.#enqueue(data, message));
        case "drop-oldest":
          return this.#dropOldest(data, message);
        case "disconnect":
          return this.#disconnect();
      }
    }
    buffer.push(data, message);
    this.#pump();
  }

  #dropOldest(data: string, message: Message): void {
    const buffer = this.#buffer;
    const dropped = buffer.peekTracker() as Message;
    buffer.drop();
    buffer.push(data, message);
    this.#dropped++;
    this.#settings.onDrop?.(dropped, this);
  }

  #disconnect(): void {
    this.#disconnected = true;
    this.close();
    this.#settings.onDisconnect?.(this);
  }

  /** Sends buffered messages in order while `send` takes them at once; resumes when a pending one settles. */
  #pump(): void {
    const buffer = this.#buffer;
    while (!this.#sending && !this.#closed && buffer.size > 0) {
      const data = buffer.peekEvent();
      buffer.drop();
      this.#wakeWaiter();
      let sent: void | PromiseLike<void>;
      try {
        sent = this.#settings.send(data);
      } catch (error) {
        return this.#fail(error);
      }
      if (isPromiseLike(sent)) {
        this.#sending = true;
        sent.then(
          () => {
            this.#sending = false;
            this.#pump();
          },
          (error: unknown) => this.#fail(error),
        );
      }
    }
  }

  #wakeWaiter(): void {
    const wake = this.#whenRoom;
    this.#whenRoom = undefined;
    wake?.();
  }

  #fail(error: unknown): void {
    if (this.#closed) return;
    this.close();
    reportSafely(() => this.#settings.onError(error, this), error);
  }
}

function policyOption(value: unknown): SlowClientPolicy {
  if (!POLICIES.includes(value as SlowClientPolicy)) {
    throw new TypeError(
      `The "policy" option must be "wait", "drop-oldest" or "disconnect". Received ${quote(value)}`,
    );
  }
  return value as SlowClientPolicy;
}

function clientMessageOf(event: Event): Message | undefined {
  return isClientEvent(event) ? event.clientMessage() : undefined;
}

function reportSendFailure(error: unknown): void {
  console.error("@flamigo/events: sending to a client failed; the client subscription ended", error);
}

function ignore(): void {}
