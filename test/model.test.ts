import { describe, expect, it } from "vitest";
import { Bus, type Subscription } from "../src/index.js";
import { event, settle, type TestEvent } from "./helpers.js";
import { Prng } from "./support/prng.js";
import { referenceReceives } from "./support/reference-matcher.js";

interface Model {
  readonly subscription: Subscription;
  readonly received: string[];
  patterns: string[];
  all: boolean;
  active: boolean;
  /** Accepted or waiting, not yet handled: what a cancel discards. */
  inFlight: string[];
  expected: string[];
}

const SEGMENTS = ["a", "b", "c"];

/**
 * Runs `operations` random steps on one bus and checks every subscription
 * against the model. Steps run synchronously between occasional `settle`
 * steps, so cancellations discard real in-flight events and later steps see
 * the state left by earlier ones.
 */
async function check(seed: number, operations: number): Promise<void> {
  const prng = new Prng(seed);
  const next = () => prng.next();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const count = (max: number) => 1 + Math.floor(next() * max);
  const concrete = () => Array.from({ length: count(3) }, () => pick(SEGMENTS)).join("/");
  const pattern = () => Array.from({ length: count(3) }, () => (next() < 0.3 ? "*" : pick(SEGMENTS))).join("/");

  const bus = new Bus<TestEvent>();
  const models: Model[] = [];
  const active = () => models.filter((m) => m.active);
  const settleAll = async () => {
    await settle();
    for (const m of active()) m.expected.push(...m.inFlight.splice(0));
  };

  for (let i = 0; i < operations; i++) {
    const roll = next();
    if (roll < 0.08 || active().length === 0) {
      const patterns = [...new Set(Array.from({ length: count(3) - 1 }, pattern))];
      const all = next() < 0.1;
      const received: string[] = [];
      const listener =
        next() < 0.5
          ? async (_ctx: unknown, e: TestEvent) => {
              await null;
              received.push(e.name);
            }
          : (_ctx: unknown, e: TestEvent) => void received.push(e.name);
      const subscription = bus.subscribe(listener, { topics: patterns, all, capacity: count(4), concurrency: 1 });
      models.push({ subscription, received, patterns, all, active: true, inFlight: [], expected: [] });
    } else if (roll < 0.18) {
      const m = pick(active());
      const p = pattern();
      m.subscription.addTopic(p);
      if (!m.patterns.includes(p)) m.patterns.push(p);
    } else if (roll < 0.28) {
      const m = pick(active());
      const p = m.patterns.length > 0 && next() < 0.8 ? pick(m.patterns) : pattern();
      m.subscription.removeTopic(p);
      m.patterns = m.patterns.filter((q) => q !== p);
    } else if (roll < 0.3) {
      const m = pick(active());
      m.subscription.subscribeAll();
      m.all = true;
    } else if (roll < 0.34) {
      const m = pick(active());
      m.subscription.cancel();
      m.active = false;
      m.inFlight = [];
    } else if (roll < 0.4) {
      await settleAll();
    } else {
      const topics = Array.from({ length: count(2) }, concrete);
      const name = `e${i}`;
      void bus.publish(event(name, ...topics));
      for (const m of active()) {
        if (referenceReceives(m, topics)) m.inFlight.push(name);
      }
    }
  }
  await bus.drain();
  await settleAll();
  for (const [n, m] of models.entries()) {
    const where = `seed ${seed}, subscription ${n}`;
    expect(m.received, where).toEqual(m.expected);
    expect(m.subscription.topics.map(String), where).toEqual(m.patterns);
    expect(m.subscription.all, where).toBe(m.all);
    expect(m.subscription.active, where).toBe(m.active);
    expect(m.subscription.pending, where).toBe(0);
  }
  expect(models.filter((m) => m.received.length > 0).length).toBeGreaterThan(models.length / 3);
}

describe("model-based: random operations against a reference matcher", () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])("seed %i: every subscription receives exactly the reference sequence", async (seed) => {
    await check(seed, 4000);
  });
});
