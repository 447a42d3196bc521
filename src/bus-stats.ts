/** Running totals a bus keeps for {@link Bus.stats}; plain increments on the hot path. */
export class BusCounters {
  published = 0;
  delivered = 0;
  listenerErrors = 0;
}

/**
 * One subscription's figures in {@link BusStats}.
 *
 * @example
 * for (const { topics, pending, waitingPublishers } of bus.stats.subscriptions) {
 *   queueDepth.set({ topics: topics.join(",") }, pending + waitingPublishers);
 * }
 */
export interface SubscriptionStats {
  /** The subscription's patterns, as text. */
  readonly topics: readonly string[];
  /** True when it receives every event. */
  readonly all: boolean;
  /** Accepted events not yet started, as `Subscription.pending`. */
  readonly pending: number;
  /** Publishes waiting for room in its queue. */
  readonly waitingPublishers: number;
  /** Events its listener is handling now. */
  readonly running: number;
}

/**
 * A snapshot of a bus's figures, for metrics. The totals count since the bus
 * was made and never go down.
 *
 * @example
 * const { published, delivered, listenerErrors, subscriptions } = bus.stats;
 * metrics.gauge("bus.subscriptions", subscriptions.length);
 * metrics.counter("bus.listener_errors", listenerErrors);
 */
export interface BusStats {
  /** Every active subscription, oldest first. */
  readonly subscriptions: readonly SubscriptionStats[];
  /** Events that `publish`, `publishSync` and `ctx.publish*` accepted, matched or not. */
  readonly published: number;
  /** Listener calls started: one per event and receiving subscription. */
  readonly delivered: number;
  /** Listener calls that threw or rejected, whether reported to `onError` or collected by `publishSync`. */
  readonly listenerErrors: number;
}

/** What {@link busStats} reads from a subscription: its figures, with its topics as objects. */
type Observed = Omit<SubscriptionStats, "topics"> & { readonly topics: readonly { toString(): string }[] };

/** Takes the snapshot behind {@link Bus.stats}. */
export function busStats(counters: BusCounters, subscriptions: Iterable<Observed>): BusStats {
  return Object.freeze({
    subscriptions: Object.freeze(Array.from(subscriptions, subscriptionStats)),
    published: counters.published,
    delivered: counters.delivered,
    listenerErrors: counters.listenerErrors,
  });
}

function subscriptionStats(subscription: Observed): SubscriptionStats {
  return Object.freeze({
    topics: Object.freeze(subscription.topics.map(String)),
    all: subscription.all,
    pending: subscription.pending,
    waitingPublishers: subscription.waitingPublishers,
    running: subscription.running,
  });
}
