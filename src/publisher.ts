import type { PublishOptions } from "./types.js";

/**
 * The publishing half of a bus, for domain code to depend on: a {@link Bus}
 * and a listener's `ctx` are both publishers, and so is the recording
 * publisher from `@flamigo/events/testing`, which makes the code testable
 * without a bus.
 *
 * @example
 * class Checkout {
 *   constructor(private readonly events: Publisher<OrderEvent>) {}
 *   async place(order: Order) {
 *     await this.events.publish(new OrderPlaced(order.id));
 *   }
 * }
 * new Checkout(bus);                         // production
 * new Checkout(new RecordingPublisher());    // tests
 */
export interface Publisher<E> {
  /** Hands `event` to the matching subscriptions; see {@link Bus.publish}. */
  publish(event: E, options?: PublishOptions): Promise<void>;
  /** Hands `event` over and waits until it was handled; see {@link Bus.publishSync}. */
  publishSync(event: E, options?: PublishOptions): Promise<void>;
}
