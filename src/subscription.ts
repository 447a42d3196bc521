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
  /**
   * Holds the first event of an idle subscription: hand it back to
   * `subscription.run` soon, never inside the caller.
   */
  schedule(subscription: BusSubscription<E>, event: E, tracker: PendingPublish | undefined): void;
  /** `count` accepted or waiting events were handled or discarded. */
  finished(count: number): void;
  /** Reports a listener error that no `publishSync` collects. */
  report(error: unknown, ctx: Context<E>, event: E): void;
  /** Publishes from inside a listener of `from`. */
  publish(from: BusSubscription<E>, event: E, options: PublishOptions | undefined, sync: boolean): Promise<void>;
}

const NO_TOPICS: readonly Topic[] = Object.freeze([]);

/**
 * A subscription's queue bound and concurrency. Subscriptions that keep the
 * bus's defaults share one object, which saves a field in each of them.
 */
export interface Limits {
  readonly capacity: number;
  readonly concurrency: number;
}

// Bits of BusSubscription's #flags. SCHEDULED: the bus holds this
// subscription's next event, the one that found it idle, until its flush.
const SCHEDULED = 1;
const CANCELLED = 2;
const RECEIVES_ALL = 4;
// Above those bits, #flags counts the listeners running now, in steps of
// RUNNING; room for 2^28 of them, which no process has the memory to start.
const RUNNING_SHIFT = 3;
const RUNNING = 1 << RUNNING_SHIFT;

/**
 * A listener's registration on a bus, with its bounded queue: accepted events
 * wait in `#queue` (at most `capacity` unless re-entrant; an event that finds
 * the subscription idle is held by the bus instead, so a fan-out to idle
 * subscriptions touches no queue), publishers that found it full wait in
 * `#waiting` in publish order, and up to `concurrency` events are handled at
 * once, started in queue order.
 */
export class BusSubscription<E> implements Subscription {
  // Fields in the order a delivery reads them, so that for a subscription that
  // is cold in the CPU cache a publish touches as few cache lines as it can.
  /** Stamp of the last publish that matched this subscription; see `TopicIndex.collect`. */
  stamp = 0;
  // One number for three flags and the running count: every field costs 8
  // bytes in each of a bus's subscriptions, which can number in the hundreds
  // of thousands.
  #flags = 0;
  #waiting: WaitingEntry<E>[] | undefined = undefined;
  // Made on first use, like the topic list: many subscriptions are quiet.
  #queue: Queue<E, PendingPublish> | undefined = undefined;
  readonly #limits: Limits;
  readonly #host: SubscriptionHost<E>;
  readonly #listener: Listener<E>;
  #context: ListenerContext<E> | undefined = undefined;
  #topics: Topic[] | undefined = undefined;
  /** Stops listening to the lifecycle signal given to `bind`. */
  #unbind: (() => void) | undefined = undefined;

  constructor(host: SubscriptionHost<E>, listener: Listener<E>, limits: Limits) {
    this.#host = host;
    this.#listener = listener;
    this.#limits = limits;
  }

  get active(): boolean {
    return (this.#flags & CANCELLED) === 0;
  }

  get topics(): readonly Topic[] {
    return this.#topics ?? NO_TOPICS;
  }

  get all(): boolean {
    return (this.#flags & RECEIVES_ALL) !== 0;
  }

  get pending(): number {
    return this.#accepted() + this.#countWaiting(false);
  }

  /** The listeners' `ctx.signal`: aborts when the subscription is cancelled. */
  get signal(): AbortSignal {
    return this.#listenerContext().signal;
  }

  /** Publishes waiting for room in the queue, for `Bus.stats`. */
  get waitingPublishers(): number {
    return this.#countWaiting(true);
  }

  /** Events the listener is handling now, for `Bus.stats`. */
  get running(): number {
    return this.#flags >>> RUNNING_SHIFT;
  }

  addTopic(topic: TopicLike): void {
    const pattern = toTopic(topic);
    if (!this.active || this.#indexOf(pattern) >= 0) return;
    if (this.#topics === undefined) this.#topics = [pattern];
    else this.#topics.push(pattern);
    this.#host.index.add(pattern, this);
  }

  removeTopic(topic: TopicLike): void {
    const at = this.#indexOf(toTopic(topic));
    if (at < 0) return;
    const [pattern] = (this.#topics as Topic[]).splice(at, 1) as [Topic];
    this.#host.index.remove(pattern, this);
  }

  subscribeAll(): void {
    if ((this.#flags & (CANCELLED | RECEIVES_ALL)) !== 0) return;
    this.#flags |= RECEIVES_ALL;
    this.#host.receiveAll(this);
  }

  cancel(): void {
    this.#cancel(undefined);
  }

  [disposeSymbol](): void {
    this.cancel();
  }

  /** Cancels the subscription when `signal` aborts (at once when it already has). */
  bind(signal: AbortSignal): void {
    if (signal.aborted) return this.#cancel(signal.reason);
    const onAbort = (): void => this.#cancel(signal.reason);
    signal.addEventListener("abort", onAbort);
    this.#unbind = () => signal.removeEventListener("abort", onAbort);
  }

  /** Accepts `event` when there is room and no earlier publish waits for it. */
  offer(event: E, tracker: PendingPublish | undefined): boolean {
    if (this.#waiting !== undefined || this.#accepted() >= this.#limits.capacity) return false;
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

  /**
   * Starts `event`, the one the bus held for this subscription since it
   * scheduled it, then the queued events while fewer than `concurrency` run.
   */
  run(event: E, tracker: PendingPublish | undefined): void {
    this.#flags &= ~SCHEDULED;
    if (!this.active) {
      // Discarded by the cancel; only the bus held it, so it is released here.
      tracker?.release();
      return this.#host.finished(1);
    }
    this.#admitWaiting();
    this.#start(event, tracker);
    this.#pump();
  }

  /** Accepted events not yet started: the queue's and the one the bus holds. */
  #accepted(): number {
    return (this.#queue?.size ?? 0) + (this.#flags & SCHEDULED);
  }

  #pump(): void {
    const queue = this.#queue;
    if (queue === undefined) return;
    // While SCHEDULED, the held event starts first, and then this runs again.
    while ((this.#flags & SCHEDULED) === 0 && this.running < this.#limits.concurrency && queue.size > 0) {
      const event = queue.peekEvent();
      const tracker = queue.peekTracker();
      queue.drop();
      this.#admitWaiting();
      this.#start(event, tracker);
    }
  }

  #enqueue(event: E, tracker: PendingPublish | undefined): void {
    const idle = this.#accepted() === 0 && this.running < this.#limits.concurrency;
    if (!idle) return (this.#queue ??= new Queue()).push(event, tracker);
    this.#flags |= SCHEDULED;
    this.#host.schedule(this, event, tracker);
  }

  /** Moves waiting publishes into the queue while it has room, in publish order. */
  #admitWaiting(): void {
    const waiting = this.#waiting;
    if (waiting === undefined) return;
    const queue = (this.#queue ??= new Queue());
    while (waiting.length > 0) {
      const entry = waiting[0] as WaitingEntry<E>;
      const publish = entry.publish;
      if (publish !== undefined && queue.size >= this.#limits.capacity) return;
      waiting.shift();
      entry.done = true;
      if (publish === undefined) {
        queue.push(entry.event, undefined);
      } else if (publish.tracksHandling) {
        queue.push(entry.event, publish);
      } else {
        queue.push(entry.event, undefined);
        publish.release();
      }
    }
    this.#waiting = undefined;
  }

  #start(event: E, tracker: PendingPublish | undefined): void {
    this.#flags += RUNNING;
    this.#host.counters.delivered++;
    const context = this.#listenerContext();
    if (tracker !== undefined) (context.tracking ??= []).push(tracker);
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
    this.#flags -= RUNNING;
    let collected = false;
    // The context is read only for a tracked event: it is one more cache line to
    // miss when a bus has many subscriptions, and an untracked event needs none of it.
    const tracking = tracker && (this.#context as ListenerContext<E>).tracking;
    const at = tracking === undefined ? -1 : tracking.indexOf(tracker as PendingPublish);
    if (at >= 0) {
      removeUnordered(tracking as PendingPublish[], at);
      if (failed) collected = (tracker as PendingPublish).fail(error);
      else (tracker as PendingPublish).release();
    }
    if (failed) this.#host.counters.listenerErrors++;
    if (failed && !collected) this.#host.report(error, this.#context as ListenerContext<E>, event);
    this.#host.finished(1);
  }

  #cancel(reason: unknown): void {
    if (!this.active) return;
    // A held event is discarded with the queue; the bus releases it at its flush (see `run`).
    this.#flags = (this.#flags | CANCELLED) & ~SCHEDULED;
    const host = this.#host;
    for (const topic of this.#topics ?? NO_TOPICS) host.index.remove(topic, this);
    host.forget(this);
    this.#unbind?.();
    this.#unbind = undefined;
    const context = this.#listenerContext();
    context.abort(reason);

    let discarded = this.#queue?.size ?? 0;
    this.#queue?.clear((tracker) => tracker.release());
    for (const entry of this.#waiting ?? []) {
      entry.done = true;
      entry.publish?.release();
      discarded++;
    }
    this.#waiting = undefined;
    for (const tracker of context.tracking ?? []) tracker.release();
    context.tracking = undefined;
    host.finished(discarded);
  }

  /** The `ctx` of this subscription's listener; made on its first event, or on cancel. */
  #listenerContext(): ListenerContext<E> {
    return (this.#context ??= new ListenerContext(this, this.#host));
  }

  /**
   * Entries of `#waiting` holding a publisher that waits for room, or (with
   * `false`) re-entrant events, which count as accepted already.
   */
  #countWaiting(withPublisher: boolean): number {
    let count = 0;
    for (const entry of this.#waiting ?? []) if ((entry.publish !== undefined) === withPublisher) count++;
    return count;
  }

  #indexOf(pattern: Topic): number {
    const text = pattern.toString();
    return (this.#topics ?? NO_TOPICS).findIndex((topic) => topic.toString() === text);
  }
}

/** The `ctx` of a subscription's listener; one per subscription, made on its first event. */
class ListenerContext<E> implements Context<E> {
  readonly subscription: BusSubscription<E>;
  readonly publish: (event: E, options?: PublishOptions) => Promise<void>;
  readonly publishSync: (event: E, options?: PublishOptions) => Promise<void>;
  /**
   * `publishSync` calls whose event a listener of this subscription is
   * handling now. Kept here, not on the subscription, which saves its field
   * in every subscription that never received an event.
   */
  tracking: PendingPublish[] | undefined = undefined;
  /** Made when the listener reads `ctx.signal`, or when the subscription is cancelled. */
  #controller: AbortController | undefined = undefined;

  constructor(subscription: BusSubscription<E>, host: SubscriptionHost<E>) {
    this.subscription = subscription;
    // Own properties, so `const { publish } = ctx` works.
    this.publish = (event, options) => host.publish(subscription, event, options, false);
    this.publishSync = (event, options) => host.publish(subscription, event, options, true);
  }

  get signal(): AbortSignal {
    return (this.#controller ??= new AbortController()).signal;
  }

  /** Aborts `signal`; made now if need be, so a later read sees it aborted with this reason. */
  abort(reason: unknown): void {
    (this.#controller ??= new AbortController()).abort(reason);
  }
}

/** Removes `list[at]` by moving the last item there: for lists whose order does not matter, without splice's allocation. */
function removeUnordered<T>(list: T[], at: number): void {
  list[at] = list[list.length - 1] as T;
  list.pop();
}
