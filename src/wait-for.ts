import { whenCancelled } from "./cancellation.js";
import { BusClosedError } from "./errors.js";
import { optionsObject, signalOption, topicsOption } from "./options.js";
import { quote } from "./quote.js";
import type { TopicLike } from "./topic.js";
import type { Listener, SubscribeOptions, Subscription } from "./types.js";

/** Options for {@link Bus.waitFor}. */
export interface WaitForOptions<E> {
  /** Skips events for which it returns false; a type guard such as `isKind(UserUpdated)` narrows the result. */
  filter?: (event: E) => boolean;
  /** Gives up when it aborts, rejecting with its reason; `AbortSignal.timeout(ms)` makes a timeout. */
  signal?: AbortSignal;
}

/** What the bus offers `waitFor`: subscribing a listener. */
interface Subscriber<E> {
  subscribe(listener: Listener<E>, options?: SubscribeOptions): Subscription;
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
    const { filter, signal: given } = optionsObject(options);
    const signal = signalOption(given);
    if (filter !== undefined && typeof filter !== "function") {
      throw new TypeError(`The "filter" option must be a function. Received ${quote(filter)}`);
    }
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
