import type { Topic, TopicLike } from "./topic.js";

/**
 * Anything with topics can be published. Topics are concrete: a topic with a
 * `*` segment is a pattern and cannot be published.
 *
 * @example
 * class UserUpdated implements Event {
 *   constructor(readonly id: string) {}
 *   topics() { return [`users/${this.id}/updated`]; }
 * }
 */
export interface Event {
  /** The event's topics; at least one. */
  topics(): Iterable<TopicLike>;
}

/**
 * Handles one event. The subscription starts its next event only after the
 * listener returned and the promise it returned (if any) settled.
 */
export type Listener<E> = (ctx: Context<E>, event: E) => void | PromiseLike<void>;

/** What a listener gets besides the event. */
export interface Context<E> {
  /** Aborts when the subscription is cancelled, also while this listener runs. */
  readonly signal: AbortSignal;
  /** The subscription this listener belongs to. */
  readonly subscription: Subscription;
  /**
   * Publishes on the same bus. Never waits on this listener's own
   * subscription: the event is queued there even past its capacity.
   */
  publish(event: E, options?: PublishOptions): Promise<void>;
  /**
   * Publishes on the same bus and waits for every other matching subscription
   * to handle the event; this subscription handles it after the current one.
   */
  publishSync(event: E, options?: PublishOptions): Promise<void>;
}

/** A listener's registration on a bus. */
export interface Subscription {
  /** False once cancelled. */
  readonly active: boolean;
  /** The current patterns, in the order they were added. */
  readonly topics: readonly Topic[];
  /** True when the subscription receives every event. */
  readonly all: boolean;
  /** Accepted events that have not started yet. */
  readonly pending: number;
  /** Also receive events matching `topic` from the next publish on; adding it twice does nothing. */
  addTopic(topic: TopicLike): void;
  /** Stop receiving events for `topic` from the next publish on; removing an absent one does nothing. */
  removeTopic(topic: TopicLike): void;
  /** Receive every event from the next publish on. */
  subscribeAll(): void;
  /** Stops the subscription; safe to call again and from inside its own listener. */
  cancel(): void;
  /** The same as {@link Subscription.cancel}, for `using sub = bus.subscribe(...)`. */
  [Symbol.dispose](): void;
}

/** Options for {@link Bus.subscribe}. */
export interface SubscribeOptions {
  /** Patterns to receive, such as `"servers/*"`; more can be added later. */
  topics?: TopicLike | Iterable<TopicLike>;
  /** Receive every event, as {@link Subscription.subscribeAll} does. */
  all?: boolean;
  /** Cancels the subscription when it aborts. */
  signal?: AbortSignal;
  /** How many accepted events may wait to start; a positive integer, default: the bus's capacity. */
  capacity?: number;
  /** How many events may be handled at once; a positive integer or `Infinity`, default 1. */
  concurrency?: number;
}

/** Options for {@link Bus.publish} and {@link Bus.publishSync}. */
export interface PublishOptions {
  /** Abandons the call when it aborts; see the README for what stays delivered. */
  signal?: AbortSignal;
}

/** Options for the {@link Bus} constructor. */
export interface BusOptions<E> {
  /** The queue bound of each subscription that does not set its own; default 256. */
  capacity?: number;
  /**
   * Receives errors thrown or rejected by listeners of events published with
   * `publish`; default `console.error`. An `onError` that throws is reported to
   * `console.error` and does not break the bus.
   */
  onError?: (error: unknown, ctx: Context<E>, event: E) => void;
}
