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
