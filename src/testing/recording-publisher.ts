import { eventTopics } from "../event-topics.js";
import { optionsObject, signalOption } from "../options.js";
import type { Publisher } from "../publisher.js";
import type { PublishOptions } from "../types.js";
import { EventLog } from "./event-log.js";

/**
 * A {@link Publisher} that keeps what domain code publishes, in order, for
 * tests that need no bus. It checks events as a bus does: a value that is not
 * an event, an event without topics or with a pattern topic, and an aborted
 * signal reject the call and record nothing.
 *
 * @example
 * const events = new RecordingPublisher<OrderEvent>();
 * await new Checkout(events).place(order);
 * expect(events.ofKind(OrderPlaced)).toHaveLength(1);
 */
export class RecordingPublisher<E> extends EventLog<E> implements Publisher<E> {
  /** Records `event`; resolves at once. */
  publish(event: E, options?: PublishOptions): Promise<void> {
    return this.#accept(event, options);
  }

  /** Records `event`; resolves at once, as no listener has to handle it. */
  publishSync(event: E, options?: PublishOptions): Promise<void> {
    return this.#accept(event, options);
  }

  #accept(event: E, options: PublishOptions | undefined): Promise<void> {
    try {
      const signal = signalOption(optionsObject(options).signal);
      if (signal?.aborted) return Promise.reject(signal.reason);
      this.record(event, eventTopics(event));
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
