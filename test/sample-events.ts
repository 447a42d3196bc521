import type { Event } from "../src/index.js";

/** A class-based event on `orders/<id>/placed`. */
export class OrderPlaced implements Event {
  constructor(readonly orderId: string) {}
  topics(): string[] {
    return [`orders/${this.orderId}/placed`];
  }
}

/** A class-based event on `orders/<id>/shipped`. */
export class OrderShipped implements Event {
  constructor(
    readonly orderId: string,
    readonly carrier: string,
  ) {}
  topics(): string[] {
    return [`orders/${this.orderId}/shipped`];
  }
}

export type OrderEvent = OrderPlaced | OrderShipped;

/** A discriminated union of plain-object events. */
export type UserEvent =
  | { readonly type: "user.updated"; readonly userId: string; readonly name: string; topics(): string[] }
  | { readonly type: "user.deleted"; readonly userId: string; topics(): string[] };

export function userUpdated(userId: string, name: string): UserEvent {
  return { type: "user.updated", userId, name, topics: () => [`users/${userId}/updated`] };
}

export function userDeleted(userId: string): UserEvent {
  return { type: "user.deleted", userId, topics: () => [`users/${userId}/deleted`] };
}

/** A promise with its resolver, to hold a listener or a loop until the test lets it go. */
export function gate(): { readonly promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Tracks whether a promise has settled yet, to check who is still waiting. */
export function track(promise: Promise<unknown>): { readonly settled: boolean } {
  const state = { settled: false };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

/** Lets every queued microtask run (the bus starts listeners in one). */
export async function flushMicrotasks(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
