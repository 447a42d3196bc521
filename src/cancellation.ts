import type { BusSubscription } from "./subscription.js";
import type { Subscription } from "./types.js";

/**
 * Calls `onCancelled` once `subscription` is cancelled, however that happens
 * (`cancel()`, its signal, `close()`), and at once if it already is. Only for
 * subscriptions made by a `Bus`, whose listener signal tells.
 */
export function whenCancelled(subscription: Subscription, onCancelled: () => void): void {
  const cancelled = (subscription as BusSubscription<unknown>).signal;
  if (cancelled.aborted) onCancelled();
  else cancelled.addEventListener("abort", onCancelled, { once: true });
}
