import { BusCounters, busStats, type BusStats } from "./bus-stats.js";
import { Delivery } from "./delivery.js";
import { BusClosedError } from "./errors.js";
import { EventStream, type EventsOptions } from "./event-stream.js";
import { publishedTopics } from "./event-topics.js";
import {
  booleanOption,
  capacityOption,
  concurrencyOption,
  functionOption,
  optionsObject,
  signalOption,
  topicsOption,
} from "./options.js";
import { PendingPublish } from "./pending-publish.js";
import { quote } from "./quote.js";
import { reportSafely } from "./report.js";
import { BusSubscription, type Limits, type SubscriptionHost } from "./subscription.js";
import { collectMembers, TopicIndex } from "./topic-index.js";
import { Topic, type TopicLike } from "./topic.js";
import { waitFor, type WaitForOptions } from "./wait-for.js";
import type {
  BusOptions,
  Context,
  Event,
  Listener,
  PublishOptions,
  SubscribeOptions,
  Subscription,
} from "./types.js";

const DEFAULT_CAPACITY = 256;
// Every publish that no full queue holds up returns this one promise.
const RESOLVED: Promise<void> = Promise.resolve();

/**
 * An in-process event bus: subscriptions receive the events whose topics
 * match their patterns, each through its own bounded queue, so a slow
 * listener slows its publishers down instead of losing events.
 *
 * @example
 * const bus = new Bus<UserUpdated>();
 * bus.subscribe((ctx, event) => console.log(event.id), { topics: newTopic("users", "*", "updated") });
 * await bus.publish(new UserUpdated("42"));
 */
export class Bus<E extends Event = Event> {
  readonly #index = new TopicIndex<BusSubscription<E>>();
  readonly #subscriptions = new Set<BusSubscription<E>>();
  readonly #receiversOfAll: BusSubscription<E>[] = [];
  readonly #defaultLimits: Limits;
  readonly #onError: (error: unknown, ctx: Context<E>, event: E) => void;
  readonly #host: SubscriptionHost<E>;
  /** The current publish's hand-over; no user code runs while it is in use. */
  readonly #delivery = new Delivery<E>();
  /** Subscriptions to run at the next flush, each followed by its held event and that event's tracker. */
  readonly #ready: unknown[] = [];
  #readyLength = 0;
  #flushScheduled = false;
  #stamp = 0;
  /** Events accepted or waiting for room and not yet handled or discarded. */
  #inFlight = 0;
  #whenIdle: (() => void)[] = [];
  #closing: Promise<void> | undefined = undefined;
  readonly #counters = new BusCounters();

  constructor(options?: BusOptions<E>) {
    const { capacity, onError } = optionsObject(options);
    this.#defaultLimits = {
      capacity: capacity === undefined ? DEFAULT_CAPACITY : capacityOption(capacity),
      concurrency: 1,
    };
    this.#onError = functionOption(onError, "onError") ?? defaultOnError;
    this.#host = {
      index: this.#index,
      counters: this.#counters,
      receiveAll: (subscription) => this.#receiversOfAll.push(subscription),
      forget: (subscription) => this.#forget(subscription),
      schedule: (subscription, event, tracker) => this.#schedule(subscription, event, tracker),
      finished: (count) => this.#finished(count),
      report: (error, ctx, event) => this.#report(error, ctx, event),
      publish: (from, event, publishOptions, sync) => this.#dispatch(from, event, publishOptions, sync),
    };
  }

  /** True once {@link Bus.close} was called. */
  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /**
   * Registers `listener` for events matching `options.topics` (exact topics or
   * patterns with `*` for one segment), or for every event with `all: true`.
   *
   * @example
   * const sub = bus.subscribe(async (ctx, event) => save(event), {
   *   topics: [newTopic("users", "*", "updated"), "admins/42/updated"],
   *   capacity: 64,
   *   signal: AbortSignal.timeout(60_000),
   * });
   * sub.addTopic(newTopic("admins", "*", "updated"));
   */
  subscribe(listener: Listener<E>, options?: SubscribeOptions): Subscription {
    if (this.#closing !== undefined) throw new BusClosedError("Cannot subscribe: the bus is closed");
    if (typeof listener !== "function") {
      throw new TypeError(`The "listener" argument must be a function. Received ${quote(listener)}`);
    }
    const given = optionsObject(options);
    const topics = topicsOption(given.topics);
    const all = booleanOption(given.all, "all");
    const limits = this.#limits(given.capacity, given.concurrency);
    const signal = signalOption(given.signal);

    const subscription = new BusSubscription(this.#host, listener, limits);
    this.#subscriptions.add(subscription);
    for (const topic of topics) subscription.addTopic(topic);
    if (all) subscription.subscribeAll();
    if (signal !== undefined) subscription.bind(signal);
    return subscription;
  }

  /**
   * Hands `event` to every matching subscription. Resolves once each accepted
   * it; while a queue is full, waits for room there. No listener runs before
   * this call returns.
   *
   * @example
   * for (const change of changes) await bus.publish(change); // paced by the slowest subscriber
   */
  publish(event: E, options?: PublishOptions): Promise<void> {
    return this.#dispatch(undefined, event, options, false);
  }

  /**
   * Like {@link Bus.publish}, then waits until every matching subscription
   * handled the event; rejects with an `AggregateError` of the listeners'
   * errors, if any.
   *
   * @example
   * await bus.publishSync(new UserUpdated("42")); // every listener has finished
   */
  publishSync(event: E, options?: PublishOptions): Promise<void> {
    return this.#dispatch(undefined, event, options, true);
  }

  /**
   * Resolves once no event is queued or being handled and no publish waits
   * for room.
   *
   * @example
   * bus.publish(event);
   * await bus.drain(); // the listeners have run
   */
  drain(): Promise<void> {
    if (this.#inFlight === 0) return RESOLVED;
    return new Promise((resolve) => this.#whenIdle.push(resolve));
  }

  /**
   * Refuses new publishes and subscriptions, lets accepted and waiting events
   * finish, then cancels every subscription. Safe to call again.
   *
   * @example
   * process.once("SIGTERM", () => bus.close());
   */
  close(): Promise<void> {
    this.#closing ??= this.drain().then(() => {
      for (const subscription of this.#subscriptions) subscription.cancel();
    });
    return this.#closing;
  }

  /**
   * Matching events as an async iterator over a new subscription, made at
   * once so nothing published after this call is missed. A slow loop holds
   * publishers back like a slow listener; breaking out cancels the
   * subscription. See {@link EventStream}.
   *
   * @example
   * for await (const event of bus.events({ topics: "orders/*", signal })) {
   *   await ship(event);
   * }
   */
  events<F extends E>(options: EventsOptions<E> & { filter: (event: E) => event is F }): EventStream<F>;
  events(options?: EventsOptions<E>): EventStream<E>;
  events(options?: EventsOptions<E>): EventStream<E> {
    return new EventStream(this, options);
  }

  /**
   * The next event matching `topics` (and `options.filter`). Subscribes at
   * once, so call it before publishing; cancels its subscription when it
   * settles. Rejects with the signal's reason when `options.signal` aborts,
   * and with a `BusClosedError` when the bus closes first.
   *
   * @example
   * const placed = bus.waitFor("orders/*", {
   *   filter: isKind(OrderPlaced),
   *   signal: AbortSignal.timeout(5_000),
   * });
   * await checkout.place(order);
   * (await placed).orderId; // typed OrderPlaced
   */
  waitFor<F extends E>(
    topics: TopicLike | Iterable<TopicLike>,
    options: WaitForOptions<E> & { filter: (event: E) => event is F },
  ): Promise<F>;
  waitFor(topics: TopicLike | Iterable<TopicLike>, options?: WaitForOptions<E>): Promise<E>;
  waitFor(topics: TopicLike | Iterable<TopicLike>, options?: WaitForOptions<E>): Promise<E> {
    return waitFor(this, topics, options);
  }

  /**
   * A snapshot of the bus's figures for metrics: its subscriptions with their
   * queue depths, and totals of events published, deliveries and listener
   * errors. Reading it costs one pass over the subscriptions.
   *
   * @example
   * setInterval(() => exportMetrics(bus.stats), 10_000);
   */
  get stats(): BusStats {
    return busStats(this.#counters, this.#subscriptions);
  }

  #limits(capacity: number | undefined, concurrency: number | undefined): Limits {
    const defaults = this.#defaultLimits;
    if (capacity === undefined && concurrency === undefined) return defaults;
    return {
      capacity: capacity === undefined ? defaults.capacity : capacityOption(capacity),
      concurrency: concurrency === undefined ? defaults.concurrency : concurrencyOption(concurrency),
    };
  }

  #dispatch(
    from: BusSubscription<E> | undefined,
    event: E,
    options: PublishOptions | undefined,
    sync: boolean,
  ): Promise<void> {
    if (this.#closing !== undefined) {
      return Promise.reject(new BusClosedError(`Cannot ${sync ? "publishSync" : "publish"}: the bus is closed`));
    }
    let signal: AbortSignal | undefined;
    let aborted = false;
    let topics: Topic | readonly Topic[];
    try {
      signal = options === undefined ? undefined : signalOption(optionsObject(options).signal);
      // Read before the topics: a signal-like getter is the caller's code, which may publish.
      aborted = signal?.aborted === true;
      // Every topic is read and checked before the first delivery: reading the
      // list can run the caller's code (a Proxy, a getter), which may publish too.
      topics = publishedTopics(event);
    } catch (error) {
      return Promise.reject(error);
    }
    if (aborted) return Promise.reject((signal as AbortSignal).reason);
    this.#counters.published++;
    const delivery = this.#delivery;
    delivery.start(from, event, sync);
    this.#deliver(topics, delivery);
    this.#inFlight += delivery.count;
    const pending = delivery.end();
    if (pending === undefined) return RESOLVED;
    if (signal !== undefined) pending.bind(signal);
    return pending.promise;
  }

  /** Hands the event to every subscription that `topics` reach, once each. */
  #deliver(topics: Topic | readonly Topic[], delivery: Delivery<E>): void {
    const stamp = ++this.#stamp;
    if (topics instanceof Topic) this.#index.collect(topics, stamp, delivery);
    else for (let i = 0; i < topics.length; i++) this.#index.collect(topics[i] as Topic, stamp, delivery);
    collectMembers(this.#receiversOfAll, stamp, delivery);
  }

  #schedule(subscription: BusSubscription<E>, event: E, tracker: PendingPublish | undefined): void {
    const ready = this.#ready;
    const at = this.#readyLength;
    ready[at] = subscription;
    ready[at + 1] = event;
    ready[at + 2] = tracker;
    this.#readyLength = at + 3;
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // Not queueMicrotask: Node wraps each of those in async-hooks bookkeeping that
    // cost about 130 ns per publish here, while a then() on a settled promise does not.
    RESOLVED.then(this.#flush);
  }

  // One microtask starts every ready subscription, however many events arrived.
  readonly #flush = (): void => {
    const ready = this.#ready;
    // Listeners may schedule more while this runs: those run in this loop too.
    for (let i = 0; i < this.#readyLength; i += 3) {
      const subscription = ready[i] as BusSubscription<E>;
      const event = ready[i + 1] as E;
      const tracker = ready[i + 2] as PendingPublish | undefined;
      // Cleared as it goes, so the list keeps no cancelled subscription alive.
      ready[i] = ready[i + 1] = ready[i + 2] = undefined;
      subscription.run(event, tracker);
    }
    this.#readyLength = 0;
    this.#flushScheduled = false;
  };

  #finished(count: number): void {
    this.#inFlight -= count;
    if (this.#inFlight > 0 || this.#whenIdle.length === 0) return;
    const waiting = this.#whenIdle;
    this.#whenIdle = [];
    for (const resolve of waiting) resolve();
  }

  #forget(subscription: BusSubscription<E>): void {
    this.#subscriptions.delete(subscription);
    if (!subscription.all) return;
    const at = this.#receiversOfAll.indexOf(subscription);
    if (at >= 0) this.#receiversOfAll.splice(at, 1);
  }

  #report(error: unknown, ctx: Context<E>, event: E): void {
    reportSafely(() => this.#onError(error, ctx, event), error);
  }
}

function defaultOnError(error: unknown): void {
  console.error("@flamigo/events: a listener failed", error);
}
