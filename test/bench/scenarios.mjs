// The workloads. A timed scenario describes subscriptions (patterns), the
// concrete topics that get published (the universe) and the publish sequence;
// the harness registers, publishes, counts deliveries and times it.
import { randomInt, seededRandom } from "./random.mjs";

const userTopic = (id) => `users/${id}/updated`;

/** The concrete topics of `universe` that `pattern` (with `*` for one segment) matches. */
export function expand(pattern, universe) {
  const expected = pattern.split("/");
  return universe.filter((topic) => {
    const actual = topic.split("/");
    return actual.length === expected.length && expected.every((segment, i) => segment === "*" || segment === actual[i]);
  });
}

function randomSequence(seed, length, bound) {
  const random = seededRandom(seed);
  const sequence = new Uint32Array(length);
  for (let i = 0; i < length; i++) sequence[i] = randomInt(random, bound);
  return sequence;
}

function distinctExact(subscriptions, publishes) {
  const universe = Array.from({ length: subscriptions }, (_, id) => userTopic(id));
  return { patterns: universe, universe, sequence: randomSequence(2, publishes, subscriptions) };
}

// Mixed topics vary every segment, so a `*` at any position stays selective:
// 10 kinds x 100 ids x 10 actions = 10,000 concrete topics.
const KINDS = ["users", "orders", "carts", "teams", "files", "invoices", "projects", "tickets", "pages", "tasks"];
const ACTIONS = ["updated", "created", "deleted", "viewed", "shared", "moved", "locked", "opened", "closed", "tagged"];

function mixed(publishes) {
  const random = seededRandom(4);
  const universe = [];
  for (const kind of KINDS) for (let id = 0; id < 100; id++) for (const action of ACTIONS) universe.push(`${kind}/${id}/${action}`);
  const patterns = [];
  for (let i = 0; i < 1000; i++) {
    const segments = (universe[randomInt(random, universe.length)] ?? "").split("/");
    if (i % 2 === 1) segments[randomInt(random, 3)] = "*";
    patterns.push(segments.join("/"));
  }
  return { patterns, universe, sequence: randomSequence(5, publishes, universe.length) };
}

export const scenarios = {
  "1": {
    title: "1 subscription, exact topic",
    publishes: 1_000_000,
    build: () => ({ patterns: [userTopic(42)], universe: [userTopic(42)], sequence: new Uint32Array(1_000_000) }),
  },
  "2a": {
    title: "10 subscriptions, distinct exact topics, random ids",
    publishes: 1_000_000,
    build: () => distinctExact(10, 1_000_000),
  },
  "2b": {
    title: "10,000 subscriptions, distinct exact topics, random ids",
    publishes: 1_000_000,
    build: () => distinctExact(10_000, 1_000_000),
  },
  "3": {
    title: "fan-out: 100 subscriptions on users/*/updated",
    publishes: 100_000,
    build: () => {
      const universe = Array.from({ length: 1000 }, (_, id) => userTopic(id));
      return { patterns: Array(100).fill("users/*/updated"), universe, sequence: randomSequence(3, 100_000, 1000) };
    },
  },
  "4": {
    title: "mixed: 1,000 subscriptions, half exact, half one * at a random segment",
    publishes: 1_000_000,
    build: () => mixed(1_000_000),
  },
  "5": {
    title: "awaited publishSync, async listener, 1 subscription",
    publishes: 200_000,
    awaited: true,
    systems: ["baseline", "flamigo", "eventemitter2", "mqemitter", "emittery"],
    build: () => ({ patterns: [userTopic(42)], universe: [userTopic(42)], sequence: new Uint32Array(200_000) }),
  },
};

/** How many handler calls a scenario must cause: each publish counts the patterns matching its topic. */
export function expectedDeliveries({ universe, sequence }, expansions) {
  const perTopic = new Map(universe.map((topic) => [topic, 0]));
  for (const topics of expansions) for (const topic of topics) perTopic.set(topic, (perTopic.get(topic) ?? 0) + 1);
  const counts = universe.map((topic) => perTopic.get(topic) ?? 0);
  let total = 0;
  for (const index of sequence) total += counts[index] ?? 0;
  return total;
}
