import { isKind, type EventKind, type OfKind } from "./event-kind.js";
import { quote } from "./quote.js";
import type { Context, Listener } from "./types.js";

/**
 * A listener for one kind of event: it gets the whole bus's `ctx` and the
 * event narrowed to its kind.
 *
 * @example
 * const onUpdated: KindListener<AppEvent, UserUpdated> = (ctx, event) => save(event.id);
 */
export type KindListener<E, F> = (ctx: Context<E>, event: F) => void | PromiseLike<void>;

/**
 * Wraps `listener` so that it runs only for events of `kind` (a class, matched
 * with `instanceof`, or the value of a discriminated union's `type` field), with
 * `event` narrowed to that kind; other events are skipped at once. Like Go's
 * `ListenerOnEvent`.
 *
 * @example
 * bus.subscribe(listenerOn(UserUpdated, (ctx, event) => save(event.id)), { topics: "users/*" });
 * bus.subscribe(listenerOn("user.deleted", (ctx, event) => forget(event.userId)), { topics: "users/*" });
 */
export function listenerOn<E, const K extends EventKind<E>>(
  kind: K,
  listener: KindListener<E, OfKind<E, K>>,
): Listener<E> {
  const matches = isKind<E, K>(kind);
  if (typeof listener !== "function") {
    throw new TypeError(`The "listener" argument must be a function. Received ${quote(listener)}`);
  }
  return (ctx, event) => (matches(event) ? listener(ctx, event) : undefined);
}
