import type { Event } from "../../src/index.js";
import type { Prng } from "../support/prng.js";

/**
 * The random topics, patterns and listener delays that the soak, churn and
 * fault runs share, so they exercise the same topic space.
 */

const ROOTS = ["users", "orders", "servers"];
const KINDS = ["created", "updated", "deleted"];

/** A concrete topic of one to three segments, ids drawn from `ids` values. */
export function randomTopic(prng: Prng, ids: number): string {
  const segments = [prng.pick(ROOTS)];
  const depth = prng.between(1, 3);
  if (depth >= 2) segments.push(String(prng.below(ids)));
  if (depth === 3) segments.push(prng.pick(KINDS));
  return segments.join("/");
}

/** A random topic with some segments replaced by `*`. */
export function randomPattern(prng: Prng, ids: number): string {
  return randomTopic(prng, ids)
    .split("/")
    .map((segment) => (prng.chance(0.3) ? "*" : segment))
    .join("/");
}

/** An event numbered in publish order, with the subscriptions the reference says receive it. */
export class NumberedEvent implements Event {
  constructor(
    /** Position in the order of publish calls. */
    readonly seq: number,
    readonly topicTexts: readonly string[],
    /** Ids of the subscriptions that must receive it, or, when `abandoned`, may. */
    readonly recipients: ReadonlySet<number>,
    /** Published with a signal that aborts: queues that had not accepted it yet never get it. */
    readonly abandoned = false,
  ) {}

  topics(): Iterable<string> {
    return this.topicTexts;
  }
}

/** How a listener spends its time: as workload, never as synchronisation. */
export type Delay = "sync" | "microtask" | "mixed";

export function randomDelay(prng: Prng): Delay {
  return prng.pick<Delay>(["sync", "microtask", "mixed"]);
}

/**
 * Waits as `delay` says: nothing, a few microtasks, or, for a `mixed`
 * listener, now and then a timer turn. Returns `undefined` for a synchronous
 * handling so the listener stays synchronous.
 */
export function spend(delay: Delay, prng: Prng): Promise<void> | undefined {
  if (delay === "sync" || (delay === "mixed" && prng.chance(0.5))) return undefined;
  if (delay === "mixed" && prng.chance(0.002)) return new Promise((resolve) => setTimeout(resolve, 0));
  return microtasks(prng.between(1, 3));
}

async function microtasks(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await null;
}
