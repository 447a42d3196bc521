import { whenCancelled } from "../cancellation.js";
import { disposeSymbol } from "../dispose.js";
import { eventTopics } from "../event-topics.js";
import type { Subscriber } from "../subscriber.js";
import type { SubscribeOptions, Subscription } from "../types.js";
import { EventLog } from "./event-log.js";

/**
 * Options for {@link BusRecorder}: which events to record, and until when.
 *
 * @example
 * const options: RecorderOptions = { topics: ["orders/*", "refunds/*"], signal: controller.signal };
 */
export type RecorderOptions = Pick<SubscribeOptions, "topics" | "all" | "signal">;

/**
 * Records the events a real bus delivers on some topics, through an ordinary
 * subscription, so tests can assert on what domain code published and wait
 * for the n-th event instead of sleeping.
 *
 * @example
 * using recorder = new BusRecorder(bus, { topics: "orders/*" });
 * void checkout.place(order);
 * const placed = await recorder.nth(1, { signal: AbortSignal.timeout(1_000) });
 */
export class BusRecorder<E> extends EventLog<E> {
  /** The subscription that feeds the recorder; add topics to it at will. */
  readonly subscription: Subscription;

  constructor(bus: Subscriber<E>, options?: RecorderOptions) {
    super();
    this.subscription = bus.subscribe((_ctx, event) => this.record(event, eventTopics(event)), options);
    whenCancelled(this.subscription, () => this.end("the recorder stopped"));
  }

  /** Stops recording; what was recorded stays. */
  stop(): void {
    this.subscription.cancel();
  }

  /** The same as {@link BusRecorder.stop}, for `using recorder = ...`. */
  [disposeSymbol](): void {
    this.stop();
  }
}
