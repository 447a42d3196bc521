import { quote } from "./quote.js";

/**
 * A class whose instances are one kind of event, matched with `instanceof`.
 *
 * @example
 * const kind: EventClass<UserUpdated> = UserUpdated;
 */
export type EventClass<F> = abstract new (...args: never[]) => F;

/**
 * The values of the `type` field of a discriminated union of events.
 *
 * @example
 * type T = EventType<{ type: "user.updated"; topics(): string[] } | { type: "user.deleted"; topics(): string[] }>;
 * // "user.updated" | "user.deleted"
 */
export type EventType<E> = E extends { readonly type: infer T extends string } ? T : never;

/**
 * One kind of event out of `E`: a class (matched with `instanceof`) or a value
 * of a discriminated union's `type` field.
 *
 * @example
 * const byClass: EventKind<AppEvent> = UserUpdated;
 * const byType: EventKind<AppEvent> = "user.updated";
 */
export type EventKind<E> = EventClass<E> | EventType<E>;

/**
 * The events of kind `K` among `E`.
 *
 * @example
 * type Updated = OfKind<AppEvent, "user.updated">; // the union member whose type is "user.updated"
 * type Placed = OfKind<Event, typeof OrderPlaced>; // OrderPlaced
 */
export type OfKind<E, K> =
  K extends EventClass<infer F> ? F : K extends string ? Extract<E, { readonly type: K }> : never;

/**
 * A type guard for events of one kind, for `filter` options and `Array.filter`.
 *
 * @example
 * const placed = await bus.waitFor("orders/*", { filter: isKind(OrderPlaced) }); // typed OrderPlaced
 * const updates = events.filter(isKind<AppEvent, "user.updated">("user.updated"));
 */
export function isKind<E, K extends EventKind<E>>(kind: K): (event: E) => event is OfKind<E, K> {
  if (typeof kind === "function") return (event): event is OfKind<E, K> => event instanceof kind;
  if (typeof kind === "string") {
    return (event): event is OfKind<E, K> => (event as { readonly type?: unknown } | null)?.type === kind;
  }
  throw new TypeError(
    `An event kind must be a class or a "type" string. Received ${quote(kind)}`,
  );
}
