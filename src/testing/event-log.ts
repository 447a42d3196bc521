import { isKind, type EventKind, type OfKind } from "../event-kind.js";
import { optionsObject, signalOption } from "../options.js";
import { quote } from "../quote.js";
import type { Topic, TopicLike } from "../topic.js";

/**
 * Options for {@link EventLog.nth}.
 *
 * @example
 * await recorder.nth(2, { signal: AbortSignal.timeout(1_000) });
 */
export interface NthOptions {
  /** Gives up when it aborts; `AbortSignal.timeout(ms)` makes a timeout. */
  signal?: AbortSignal;
}

interface Entry<E> {
  readonly event: E;
  readonly topics: readonly Topic[];
}

interface Waiter<E> {
  readonly n: number;
  readonly resolve: (event: E) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Events in the order they were recorded, with ways to find them; the base
 * of {@link RecordingPublisher} and {@link BusRecorder}.
 *
 * @example
 * log.events;                   // every event, oldest first
 * log.ofKind(OrderPlaced);      // typed OrderPlaced[]
 * log.onTopic("orders/*");      // events with a topic matching the pattern
 * await log.nth(3, { signal: AbortSignal.timeout(1_000) });
 */
export class EventLog<E> {
  #entries: Entry<E>[] = [];
  #waiters: Waiter<E>[] = [];
  #ended: string | undefined = undefined;

  /** A copy of the recorded events, oldest first. */
  get events(): E[] {
    return this.#entries.map((entry) => entry.event);
  }

  /** How many events were recorded. */
  get count(): number {
    return this.#entries.length;
  }

  /** The recorded events of one kind (a class or a `type` value), narrowed to it. */
  ofKind<const K extends EventKind<E>>(kind: K): OfKind<E, K>[] {
    return this.events.filter(isKind<E, K>(kind));
  }

  /** The recorded events with a topic that `pattern` matches. */
  onTopic(pattern: TopicLike): E[] {
    return this.#entries
      .filter((entry) => entry.topics.some((topic) => topic.matches(pattern)))
      .map((entry) => entry.event);
  }

  /**
   * The `n`-th recorded event (1 is the first), at once when it is already
   * here. Rejects with an `Error` saying how many arrived when the signal
   * aborts (the reason is its `cause`) or when recording stops first.
   */
  nth(n: number, options?: NthOptions): Promise<E> {
    return new Promise<E>((resolve, reject) => {
      if (!Number.isInteger(n) || n < 1) {
        throw new RangeError(`nth() counts from 1: n must be a positive integer. Received ${quote(n)}`);
      }
      const signal = signalOption(optionsObject(options).signal);
      const recorded = this.#entries[n - 1];
      if (recorded !== undefined) return resolve(recorded.event);
      if (this.#ended !== undefined) throw this.#shortfall(n, this.#ended);
      if (signal?.aborted) throw this.#shortfall(n, "the signal aborted", signal.reason);
      const onAbort = (): void => {
        if (this.#forget(waiter)) reject(this.#shortfall(n, "the signal aborted", signal?.reason));
      };
      // Settling unhooks the signal, so a long-lived one does not keep every waiter.
      const waiter: Waiter<E> = {
        n,
        resolve: (event) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(event);
        },
        reject: (error) => {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      this.#waiters.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Forgets every recorded event; `nth` counts from the next one. */
  clear(): void {
    this.#entries = [];
  }

  /** Appends an event and hands it to whoever waits for its position. */
  protected record(event: E, topics: readonly Topic[]): void {
    this.#entries.push({ event, topics });
    const count = this.#entries.length;
    for (const waiter of this.#waiters.filter((waiting) => waiting.n === count)) {
      this.#forget(waiter);
      waiter.resolve(event);
    }
  }

  /** No event will be recorded any more: waiting `nth` calls reject saying `why`. */
  protected end(why: string): void {
    this.#ended = why;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(this.#shortfall(waiter.n, why));
  }

  #forget(waiter: Waiter<E>): boolean {
    const at = this.#waiters.indexOf(waiter);
    if (at >= 0) this.#waiters.splice(at, 1);
    return at >= 0;
  }

  #shortfall(n: number, why: string, cause?: unknown): Error {
    const message = `Waited for event ${n} but ${this.count} arrived before ${why}`;
    return cause === undefined ? new Error(message) : new Error(message, { cause });
  }
}
