import type { Stampable } from "./topic-index.js";
import { PendingPublish } from "./pending-publish.js";

/** What a delivery needs of a subscription; `BusSubscription` has it. */
export interface Recipient<E> extends Stampable {
  /** Accepts `event` when there is room and no earlier publish waits for it. */
  offer(event: E, tracker: PendingPublish | undefined): boolean;
  /** Lets the publish wait for room, behind the publishes already waiting. */
  wait(event: E, publish: PendingPublish): void;
  /** Accepts an event from the subscription's own listener, past the capacity. */
  force(event: E): void;
}

/**
 * One publish handing its event to each subscription the topic index finds,
 * as the index finds it: there is no list of matches to build and walk again.
 * The bus reuses one instance for every publish; `start` resets it. That is
 * safe because no user code runs between `start` and `end`.
 */
export class Delivery<E> {
  /** How many subscriptions took the event, or wait for room to take it. */
  count = 0;
  #from: Recipient<E> | undefined = undefined;
  #event: E | undefined = undefined;
  #sync = false;
  #pending: PendingPublish | undefined = undefined;

  /** Begins delivering `event`, published by `from`'s listener when it is set. */
  start(from: Recipient<E> | undefined, event: E, sync: boolean): void {
    this.count = 0;
    this.#from = from;
    this.#event = event;
    this.#sync = sync;
    this.#pending = undefined;
  }

  /** Hands the event to `recipient`; called once per matched subscription (see `Stampable`). */
  push(recipient: Recipient<E>): void {
    const event = this.#event as E;
    this.count++;
    if (recipient === this.#from) return recipient.force(event);
    if (this.#sync) {
      const pending = (this.#pending ??= new PendingPublish(true));
      pending.remaining++;
      if (!recipient.offer(event, pending)) recipient.wait(event, pending);
    } else if (!recipient.offer(event, undefined)) {
      const pending = (this.#pending ??= new PendingPublish(false));
      pending.remaining++;
      recipient.wait(event, pending);
    }
  }

  /**
   * Ends the delivery and returns the call's outcome: `undefined` when it is
   * complete already, else the publish that waits for room or for listeners.
   */
  end(): PendingPublish | undefined {
    const pending = this.#pending;
    this.#from = undefined;
    this.#event = undefined;
    this.#pending = undefined;
    return pending === undefined || pending.remaining === 0 ? undefined : pending;
  }
}
