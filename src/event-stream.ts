import { whenCancelled } from "./cancellation.js";
import { functionOption, optionsObject } from "./options.js";
import { quote } from "./quote.js";
import type { Subscriber } from "./subscriber.js";
import type { Listener, SubscribeOptions, Subscription } from "./types.js";

/**
 * Options for {@link Bus.events}: those of {@link Bus.subscribe} except
 * `concurrency` (a loop takes one event at a time), plus a `filter`.
 *
 * @example
 * const options: EventsOptions<OrderEvent> = { topics: "orders/*", capacity: 16, filter: isKind(OrderPlaced) };
 */
export interface EventsOptions<E> extends Omit<SubscribeOptions, "concurrency"> {
  /**
   * Yields only the events for which it returns true; a type guard such as
   * `isKind(UserUpdated)` narrows the yielded type.
   */
  filter?: (event: E) => boolean;
}

/** An event handed to the loop, with the settling of its listener call. */
interface Handed<E> {
  readonly event: E;
  readonly release: () => void;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Matching events as an async iterator, for `for await`. Behind it is an
 * ordinary subscription whose listener hands each event to the loop and
 * returns a promise that settles when the loop asks for the next one, so a
 * slow loop holds publishers back through the same bounded queue as a slow
 * listener. It ends, quietly, when the loop breaks, `return()` is called, the
 * signal aborts, the subscription is cancelled or the bus closes; events the
 * subscription had accepted and the loop had not taken are then discarded,
 * and publishers waiting for room go on.
 *
 * @example
 * const stream = bus.events({ topics: "orders/*", capacity: 16 });
 * stream.subscription.addTopic("refunds/*");
 * for await (const event of stream) {
 *   await ship(event); // publishers wait while 16 more are queued
 * }
 */
export class EventStream<E> implements AsyncIterableIterator<E> {
  /** The subscription behind the stream: change its topics or read `pending`. */
  readonly subscription: Subscription;
  readonly #filter: ((event: E) => boolean) | undefined;
  /** `next()` calls waiting for an event, oldest first. */
  readonly #waiters: ((result: IteratorResult<E, undefined>) => void)[] = [];
  /** An event the listener received before the loop asked for it. */
  #offered: Handed<E> | undefined = undefined;
  /** Settles the listener call of the event the loop is working on. */
  #releaseTaken: (() => void) | undefined = undefined;
  #ended = false;

  constructor(bus: Subscriber<E>, options?: EventsOptions<E>) {
    const { filter, ...subscribeOptions } = optionsObject(options);
    this.#filter = functionOption(filter, "filter");
    const { concurrency } = subscribeOptions as SubscribeOptions;
    if (concurrency !== undefined) {
      throw new TypeError(
        `The "concurrency" option does not apply to a stream, whose loop takes one event at a time. Received ${quote(concurrency)}`,
      );
    }
    this.subscription = bus.subscribe(this.#listener, subscribeOptions);
    whenCancelled(this.subscription, () => this.#end());
  }

  /**
   * The next event; calling it again tells the subscription that the loop is
   * done with the previous one.
   */
  next(): Promise<IteratorResult<E, undefined>> {
    this.#release();
    if (this.#ended) return Promise.resolve(DONE);
    const offered = this.#offered;
    if (offered !== undefined) {
      this.#offered = undefined;
      this.#releaseTaken = offered.release;
      return Promise.resolve({ done: false, value: offered.event });
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Ends the stream and cancels its subscription; `break` in `for await` calls it. */
  return(): Promise<IteratorReturnResult<undefined>> {
    this.subscription.cancel();
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  readonly #listener: Listener<E> = (_ctx, event) => {
    if (this.#filter !== undefined && !this.#filter(event)) return undefined;
    return new Promise<void>((release) => {
      const waiter = this.#waiters.shift();
      if (waiter === undefined) {
        this.#offered = { event, release };
        return;
      }
      // A loop that asked for several events at once is ready for this one's successor too.
      if (this.#waiters.length > 0) release();
      else this.#releaseTaken = release;
      waiter({ done: false, value: event });
    });
  };

  #release(): void {
    const release = this.#releaseTaken;
    this.#releaseTaken = undefined;
    release?.();
  }

  /** Settles everything the stream holds, so nothing it received stays in flight on the bus. */
  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#release();
    this.#offered?.release();
    this.#offered = undefined;
    for (const waiter of this.#waiters.splice(0)) waiter(DONE);
  }
}
