import { whenCancelled } from "./cancellation.js";
import { BusClosedError } from "./errors.js";
import { functionOption, optionsObject, signalOption, topicsOption } from "./options.js";
import { quote } from "./quote.js";
import type { TopicLike } from "./topic.js";
import type { Subscriber } from "./subscriber.js";

/**
 * Options for {@link Bus.waitFor}.
 *
 * @example
 * const options: WaitForOptions<OrderEvent> = { filter: (order) => order.id === "42", signal: AbortSignal.timeout(5_000) };
 */
export interface WaitForOptions<E> {
  /** Skips events for which it returns false; a type guard such as `isKind(UserUpdated)` narrows the result. */
  filter?: (event: E) => boolean;
  /** Gives up when it aborts, rejecting with its reason; `AbortSignal.timeout(ms)` makes a timeout. */
  signal?: AbortSignal;
}

/**
 * The next event matching `topics` (and `filter`), through a subscription that
 * is cancelled as soon as the promise settles. Bad input, a closed bus and an
 * aborted signal reject the promise; no subscription is left behind.
 */
export function waitFor<E>(
  bus: Subscriber<E>,
  topics: TopicLike | Iterable<TopicLike>,
  options: WaitForOptions<E> | undefined,
): Promise<E> {
  return new Promise<E>((resolve, reject) => {
    const given = optionsObject(options);
    const filter = functionOption(given.filter, "filter");
    const signal = signalOption(given.signal);
    const patterns = topicsOption(topics);
    if (patterns.length === 0) throw new TypeError(`waitFor needs a topic to wait on. Received ${quote(topics)}`);
    if (signal?.aborted) throw signal.reason;

    const subscription = bus.subscribe(
      (_ctx, event) => {
        try {
          if (filter !== undefined && !filter(event)) return;
          resolve(event);
        } catch (error) {
          reject(error);
        }
        subscription.cancel();
      },
      signal === undefined ? { topics: patterns } : { topics: patterns, signal },
    );
    whenCancelled(subscription, () =>
      reject(signal?.aborted ? signal.reason : new BusClosedError("waitFor: the bus closed before a matching event")),
    );
  });
}
