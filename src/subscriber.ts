import type { Listener, SubscribeOptions, Subscription } from "./types.js";

/**
 * What the helpers built on a bus need of it: subscribing a listener. A
 * {@link Bus} is one.
 *
 * @example
 * const subscriber: Subscriber<OrderEvent> = bus;
 */
export interface Subscriber<E> {
  subscribe(listener: Listener<E>, options?: SubscribeOptions): Subscription;
}
