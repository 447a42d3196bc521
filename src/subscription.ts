import type { BusCounters } from "./bus-stats.js";
import { disposeSymbol } from "./dispose.js";
import type { PendingPublish, WaitingEntry } from "./pending-publish.js";
import { isPromiseLike } from "./promise-like.js";
import { Queue } from "./queue.js";
import type { TopicIndex } from "./topic-index.js";
import { toTopic, type Topic, type TopicLike } from "./topic.js";
import type { Context, Listener, PublishOptions, Subscription } from "./types.js";

/** What a subscription needs from its bus. */
export interface SubscriptionHost<E> {
  readonly index: TopicIndex<BusSubscription<E>>;
  /** The bus's totals for `Bus.stats`. */
  readonly counters: BusCounters;
  /** Adds the subscription to those that receive every event. */
  receiveAll(subscription: BusSubscription<E>): void;
  /** Drops every reference the bus holds to a cancelled subscription. */
  forget(subscription: BusSubscription<E>): void;
  /** The subscription has events to start: run it soon, never inside the caller. */
  schedule(subscription: BusSubscription<E>): void;
  /** `count` accepted or waiting events were handled or discarded. */
  finished(count: number): void;
  /** Reports a listener error that no `publishSync` collects. */
  report(error: unknown, ctx: Context<E>, event: E): void;
  /** Publishes from inside a listener of `from`. */
  publish(from: BusSubscription<E>, event: E, options: PublishOptions | undefined, sync: boolean): Promise<void>;
}

/**
 * A listener's registration on a bus, with its bounded queue: accepted events
 * wait in `#queue` (at most `capacity` unless re-entrant), publishers that
 * found it full wait in `#waiting` in publish order, and up to `concurrency`
 * events are handled at once, started in queue order.
 */
export class BusSubscription<E> implements Subscription {
  /** Stamp of the last publish that matched this subscription; see `TopicIndex.collect`. */
  stamp = 0;
  readonly #host: SubscriptionHost<E>;
  readonly #listener: Listener<E>;
  readonly #capacity: number;
  readonly #concurrency: number;
  readonly #queue = new Queue<E, PendingPublish>();
  readonly #topics: Topic[] = [];
  #waiting: WaitingEntry<E>[] | undefined = undefined;
  /** Re-entrant events in `#waiting`: accepted, so they count as pending. */
  #acceptedWaiting = 0;
  #running = 0;
  #scheduled = false;
  #active = true;
  #all = false;
  /** `publishSync` calls whose event a listener of this subscription is handling now. */
  #tracking: PendingPublish[] | undefined = undefined;
  #context: ListenerContext<E> | undefined = undefined;
  #controller: AbortController | undefined = undefined;
  /** Why the subscription was cancelled: the lifecycle signal's reason, if that cancelled it. */
  #cancelReason: unknown = undefined;
  #lifecycle: AbortSignal | undefined = undefined;
  #onLifecycleAbort: (() => void) | undefined = undefined;

  constructor(host: SubscriptionHost<E>, listener: Listener<E>, capacity: number, concurrency: number) {
    this.#host = host;
    this.#listener = listener;
    this.#capacity = capacity;
    this.#concurrency = concurrency;
  }

  get active(): boolean {
    return this.#active;
  }

  get topics(): readonly Topic[] {
    return this.#topics;
  }

  get all(): boolean {
    return this.#all;
  }

  get pending(): number {
    return this.#queue.size + this.#acceptedWaiting;
  }

  /** Publishes waiting for room in the queue, for `Bus.stats`. */
  get waitingPublishers(): number {
    return (this.#waiting?.length ?? 0) - this.#acceptedWaiting;
  }

  /** Events the listener is handling now, for `Bus.stats`. */
  get running(): number {
    return this.#running;
  }

  /** The signal handed to listeners as `ctx.signal`; created on first use. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (!this.#active) this.#controller.abort(this.#cancelReason);
    }
    return this.#controller.signal;
  }

  addTopic(topic: TopicLike): void {
    const pattern = toTopic(topic);
    if (!this.#active || this.#indexOf(pattern) >= 0) return;
    this.#topics.push(pattern);
    this.#host.index.add(pattern, this);
  }

  removeTopic(topic: TopicLike): void {
    const at = this.#indexOf(toTopic(topic));
    if (at < 0) return;
    const [pattern] = this.#topics.splice(at, 1) as [Topic];
    this.#host.index.remove(pattern, this);
  }

  subscribeAll(): void {
    if (!this.#active || this.#all) return;
    this.#all = true;
    this.#host.receiveAll(this);
  }

  cancel(): void {
    this.#cancel(undefined);
  }

  [disposeSymbol](): void {
    this.#cancel(undefined);
  }

  /** Cancels the subscription when `signal` aborts (at once when it already has). */
  bind(signal: AbortSignal): void {
    if (signal.aborted) return this.#cancel(signal.reason);
    this.#lifecycle = signal;
    this.#onLifecycleAbort = () => this.#cancel(signal.reason);
    signal.addEventListener("abort", this.#onLifecycleAbort);
  }

  /** Accepts `event` when there is room and no earlier publish waits for it. */
  offer(event: E, tracker: PendingPublish | undefined): boolean {
    if (this.#waiting !== undefined || this.#queue.size >= this.#capacity) return false;
    this.#enqueue(event, tracker);
    return true;
  }

  /** Lets `publish` wait for room, behind the publishes already waiting. */
  wait(event: E, publish: PendingPublish): void {
    const entry: WaitingEntry<E> = { event, publish, done: false, owner: this };
    (this.#waiting ??= []).push(entry);
    publish.waitingIn(entry as WaitingEntry<unknown>);
  }

  /**
   * Accepts an event published from this subscription's own listener even
   * past the capacity, so the listener never waits on itself; it still queues
   * behind publishes that were waiting before it.
   */
  force(event: E): void {
    if (this.#waiting === undefined) return this.#enqueue(event, undefined);
    this.#waiting.push({ event, publish: undefined, done: false, owner: this });
    this.#acceptedWaiting++;
  }

  /** Takes back an entry whose publish was aborted while it waited for room. */
  withdraw(entry: WaitingEntry<E>): void {
    const waiting = this.#waiting;
    const at = waiting?.indexOf(entry) ?? -1;
    if (waiting === undefined || at < 0) return;
    entry.done = true;
    waiting.splice(at, 1);
    if (waiting.length === 0) this.#waiting = undefined;
    this.#host.finished(1);
  }

  /** Starts queued events while fewer than `concurrency` run; called by the bus. */
  run(): void {
    this.#scheduled = false;
    this.#pump();
  }

  #pump(): void {
    const queue = this.#queue;
    while (this.#running < this.#concurrency && queue.size > 0) {
      const event = queue.peekEvent();
      const tracker = queue.peekTracker();
      queue.drop();
      this.#admitWaiting();
      this.#start(event, tracker);
    }
  }

  #enqueue(event: E, tracker: PendingPublish | undefined): void {
    this.#queue.push(event, tracker);
    if (!this.#scheduled && this.#running < this.#concurrency) {
      this.#scheduled = true;
      this.#host.schedule(this);
    }
  }

  /** Moves waiting publishes into the queue while it has room, in publish order. */
  #admitWaiting(): void {
    const waiting = this.#waiting;
    if (waiting === undefined) return;
    while (waiting.length > 0) {
      const entry = waiting[0] as WaitingEntry<E>;
      const publish = entry.publish;
      if (publish !== undefined && this.#queue.size >= this.#capacity) return;
      waiting.shift();
      entry.done = true;
      if (publish === undefined) {
        this.#acceptedWaiting--;
        this.#queue.push(entry.event, undefined);
      } else if (publish.tracksHandling) {
        this.#queue.push(entry.event, publish);
      } else {
        this.#queue.push(entry.event, undefined);
        publish.release();
      }
    }
    this.#waiting = undefined;
  }

  #start(event: E, tracker: PendingPublish | undefined): void {
    this.#running++;
    this.#host.counters.delivered++;
    if (tracker !== undefined) (this.#tracking ??= []).push(tracker);
    const context = (this.#context ??= new ListenerContext(this, this.#host));
    let handling: Promise<void>;
    try {
      const result = this.#listener(context, event);
      if (!isPromiseLike(result)) return this.#finish(event, tracker, false, undefined);
      handling = Promise.resolve(result);
    } catch (error) {
      return this.#finish(event, tracker, true, error);
    }
    handling.then(
      () => this.#finishAsync(event, tracker, false, undefined),
      (error: unknown) => this.#finishAsync(event, tracker, true, error),
    );
  }

  #finishAsync(event: E, tracker: PendingPublish | undefined, failed: boolean, error: unknown): void {
    this.#finish(event, tracker, failed, error);
    this.#pump();
  }

  #finish(event: E, tracker: PendingPublish | undefined, failed: boolean, error: unknown): void {
    this.#running--;
    let collected = false;
    const tracking = this.#tracking;
    const at = tracker === undefined || tracking === undefined ? -1 : tracking.indexOf(tracker);
    if (at >= 0) {
      (tracking as PendingPublish[]).splice(at, 1);
      if (failed) collected = (tracker as PendingPublish).fail(error);
      else (tracker as PendingPublish).release();
    }
    if (failed) this.#host.counters.listenerErrors++;
    if (failed && !collected) this.#host.report(error, this.#context as ListenerContext<E>, event);
    this.#host.finished(1);
  }

  #cancel(reason: unknown): void {
    if (!this.#active) return;
    this.#active = false;
    this.#cancelReason = reason;
    const host = this.#host;
    for (const topic of this.#topics) host.index.remove(topic, this);
    host.forget(this);
    this.#lifecycle?.removeEventListener("abort", this.#onLifecycleAbort as () => void);
    this.#lifecycle = undefined;
    this.#onLifecycleAbort = undefined;
    this.#controller?.abort(reason);

    let discarded = this.#queue.size;
    this.#queue.clear((tracker) => tracker.release());
    for (const entry of this.#waiting ?? []) {
      entry.done = true;
      entry.publish?.release();
      discarded++;
    }
    this.#waiting = undefined;
    this.#acceptedWaiting = 0;
    for (const tracker of this.#tracking ?? []) tracker.release();
    this.#tracking = undefined;
    host.finished(discarded);
  }

  #indexOf(pattern: Topic): number {
    const text = pattern.toString();
    return this.#topics.findIndex((topic) => topic.toString() === text);
  }
}

/** The `ctx` of a subscription's listener; one per subscription, made on its first event. */
class ListenerContext<E> implements Context<E> {
  readonly subscription: BusSubscription<E>;
  readonly publish: (event: E, options?: PublishOptions) => Promise<void>;
  readonly publishSync: (event: E, options?: PublishOptions) => Promise<void>;

  constructor(subscription: BusSubscription<E>, host: SubscriptionHost<E>) {
    this.subscription = subscription;
    // Own properties, so `const { publish } = ctx` works.
    this.publish = (event, options) => host.publish(subscription, event, options, false);
    this.publishSync = (event, options) => host.publish(subscription, event, options, true);
  }

  get signal(): AbortSignal {
    return this.subscription.signal;
  }
}
