import { describe, expect, it } from "vitest";
import { Bus, newTopic, parseTopic, Topic, type Context, type Subscription } from "../src/index.js";
import { clientTopic, newMessage } from "../src/client.js";
import { event, type TestEvent } from "./helpers.js";

/**
 * Guarantee 12 and SPEC.md's "Topics", table-driven: every malformed argument
 * to every public function gets the documented error type with a message
 * naming the bad value, changes no observable state, and leaves the bus
 * working. The rows that bad-input.test.ts already covers for bus.publish,
 * bus.publishSync and the subscribe options are not repeated here.
 */

/** A bus with a witness subscription, and a listener's `ctx` to publish from. */
interface World {
  readonly bus: Bus<TestEvent>;
  readonly witness: Subscription;
  readonly ctx: Context<TestEvent>;
  /** Names of events the witness received. */
  readonly received: string[];
  /** Calls of listeners passed to a `subscribe` that should have failed. */
  readonly stray: string[];
}

async function world(): Promise<World> {
  const received: string[] = [];
  const stray: string[] = [];
  const bus = new Bus<TestEvent>({ onError: (error) => stray.push(`onError: ${String(error)}`) });
  const witness = bus.subscribe((_ctx, e) => void received.push(e.name), { topics: ["good/*", "x/y"] });
  let captured: Context<TestEvent> | undefined;
  bus.subscribe((ctx) => void (captured = ctx), { topics: "ctx/holder" });
  await bus.publish(event("hand over ctx", "ctx/holder"));
  await bus.drain();
  if (captured === undefined) throw new Error("the ctx holder never ran");
  return { bus, witness, ctx: captured, received, stray };
}

/** Everything a failed call must leave as it was. */
function snapshot({ bus, witness, received, stray }: World): unknown {
  return {
    closed: bus.closed,
    topics: witness.topics.map(String),
    all: witness.all,
    active: witness.active,
    pending: witness.pending,
    received: [...received],
    stray: [...stray],
  };
}

interface Row {
  readonly name: string;
  readonly act: (world: World) => unknown;
  /** `throws`: a synchronous throw; `rejects`: a returned promise rejects and nothing throws. */
  readonly fails: "throws" | "rejects";
  readonly error: new (...args: never[]) => Error;
  /** Text the message must contain: the quoted bad value, or what is wrong. */
  readonly mentions: string;
}

const straySubscriber = (w: World) => (_ctx: Context<TestEvent>, e: TestEvent) => void w.stray.push(e.name);
const huge = `${"h".repeat(1_000_000)}//`;
const badTopics: readonly [string, unknown, string][] = [
  ["empty", "", '""'],
  ["empty segment", "a//b", '"a//b"'],
  ["leading slash", "/a", '"/a"'],
  ["trailing slash", "a/", '"a/"'],
  ["star inside a segment", "a*", '"a*"'],
  ["star after text", "users/4*/x", '"users/4*/x"'],
  ["unicode with trailing slash", "ünïcødé/🚀/", '"ünïcødé/🚀/"'],
  ["huge string", huge, `"${"h".repeat(80)}…"`],
  ["number", 42, "number 42"],
  ["null", null, "null"],
  ["undefined", undefined, "undefined"],
  ["object", { toString: () => "a/b" }, "Object"],
];

const topicRows: Row[] = badTopics.flatMap(([what, bad, mentions]): Row[] => [
  { name: `parseTopic: ${what}`, act: () => parseTopic(bad as string), fails: "throws", error: TypeError, mentions },
  {
    name: `subscribe topics: ${what}`,
    act: (w) => w.bus.subscribe(straySubscriber(w), { topics: ["good/1", bad as string] }),
    fails: "throws",
    error: TypeError,
    mentions,
  },
  { name: `addTopic: ${what}`, act: (w) => w.witness.addTopic(bad as string), fails: "throws", error: TypeError, mentions },
  { name: `removeTopic: ${what}`, act: (w) => w.witness.removeTopic(bad as string), fails: "throws", error: TypeError, mentions },
  { name: `Topic.equals: ${what}`, act: () => newTopic("a").equals(bad as string), fails: "throws", error: TypeError, mentions },
  { name: `Topic.matches: ${what}`, act: () => newTopic("a").matches(bad as string), fails: "throws", error: TypeError, mentions },
  {
    name: `publish an event with topic ${what}`,
    act: (w) => w.bus.publish(event("bad", "good/1", bad as string)),
    fails: "rejects",
    error: TypeError,
    mentions,
  },
]);

const segmentRows: Row[] = [
  { name: "newTopic: no segment", act: () => newTopic(), fails: "throws", error: TypeError, mentions: "at least one segment" },
  { name: "newTopic: empty segment", act: () => newTopic("a", ""), fails: "throws", error: TypeError, mentions: '""' },
  { name: "newTopic: segment with /", act: () => newTopic("a/b"), fails: "throws", error: TypeError, mentions: '"a/b"' },
  { name: "newTopic: star inside", act: () => newTopic("x", "*y"), fails: "throws", error: TypeError, mentions: '"*y"' },
  {
    name: "newTopic: non-string segment",
    act: () => newTopic("a", 7 as unknown as string),
    fails: "throws",
    error: TypeError,
    mentions: "number 7",
  },
  {
    name: "new Topic: segment with /",
    act: () => new Topic("a", "b/c"),
    fails: "throws",
    error: TypeError,
    mentions: '"b/c"',
  },
];

const throwing = new Error("topics() exploded");
/** Ways to publish a value; each must reject, never throw, and deliver nothing. */
type Publisher = readonly [string, (w: World, value: unknown) => unknown];
const busPublishers: readonly Publisher[] = [
  ["bus.publish", (w, value) => w.bus.publish(value as TestEvent)],
  ["bus.publishSync", (w, value) => w.bus.publishSync(value as TestEvent)],
];
const contextPublishers: readonly Publisher[] = [
  ["ctx.publish", (w, value) => w.ctx.publish(value as TestEvent)],
  ["ctx.publishSync", (w, value) => w.ctx.publishSync(value as TestEvent)],
];
const badEvents: readonly [string, unknown, new (...args: never[]) => Error, string][] = [
  ["null", null, TypeError, "null"],
  ["undefined", undefined, TypeError, "undefined"],
  ["a number", 3, TypeError, "number 3"],
  ["a string", "good/1", TypeError, '"good/1"'],
  ["no topics()", { name: "bad" }, TypeError, "topics()"],
  ["topics that is not a function", { name: "bad", topics: ["good/1"] }, TypeError, "topics()"],
  ["topics() returning a string", { name: "bad", topics: () => "good/1" }, TypeError, '"good/1"'],
  ["topics() returning null", { name: "bad", topics: () => null }, TypeError, "null"],
  ["no topic", event("bad"), TypeError, "at least one topic"],
  ["a pattern topic", event("bad", "good/1", "good/*"), TypeError, '"good/*"'],
  ["a non-topic in the list", event("bad", "good/1", 5 as unknown as string), TypeError, "number 5"],
  [
    "throwing topics()",
    {
      name: "bad",
      topics: () => {
        throw throwing;
      },
    },
    Error,
    throwing.message,
  ],
];
const halfReadEvent = {
  name: "bad",
  *topics() {
    yield "good/1";
    throw throwing;
  },
};
const eventRows: Row[] = [
  ...contextPublishers.flatMap(([via, publish]) =>
    badEvents.map(([what, value, error, mentions]): Row => ({
      name: `${via} of ${what}`,
      act: (w) => publish(w, value),
      fails: "rejects",
      error,
      mentions,
    })),
  ),
  ...[...busPublishers, ...contextPublishers].map(([via, publish]): Row => ({
    name: `${via} of an event whose topic iterator throws after a good topic`,
    act: (w) => publish(w, halfReadEvent),
    fails: "rejects",
    error: Error,
    mentions: throwing.message,
  })),
];

const badCapacities: readonly [string, unknown, new (...args: never[]) => Error, string][] = [
  ["zero", 0, RangeError, "number 0"],
  ["negative", -3, RangeError, "number -3"],
  ["fractional", 1.5, RangeError, "number 1.5"],
  ["NaN", NaN, RangeError, "number NaN"],
  ["Infinity", Infinity, RangeError, "number Infinity"],
  ["a numeric string", "8", TypeError, '"8"'],
];
const badSignals: readonly [string, unknown, string][] = [
  ["a string", "abort", '"abort"'],
  ["a plain object", {}, "Object"],
  ["half an AbortSignal", { aborted: false }, "Object"],
  ["an AbortController", new AbortController(), "AbortController"],
];

const optionRows: Row[] = [
  ...badCapacities.map(([what, capacity, error, mentions]): Row => ({
    name: `new Bus capacity: ${what}`,
    act: () => new Bus({ capacity: capacity as number }),
    fails: "throws",
    error,
    mentions,
  })),
  ...badSignals.map(([what, signal, mentions]): Row => ({
    name: `subscribe signal: ${what}`,
    act: (w) => w.bus.subscribe(straySubscriber(w), { topics: "good/1", signal: signal as AbortSignal }),
    fails: "throws",
    error: TypeError,
    mentions,
  })),
  ...(["publish", "publishSync"] as const).flatMap((method) =>
    badSignals.map(([what, signal, mentions]): Row => ({
      name: `${method} signal: ${what}`,
      act: (w) => w.bus[method](event("bad", "good/1"), { signal: signal as AbortSignal }),
      fails: "rejects",
      error: TypeError,
      mentions,
    })),
  ),
  {
    name: "subscribe options: not an object",
    act: (w) => w.bus.subscribe(straySubscriber(w), 5 as never),
    fails: "throws",
    error: TypeError,
    mentions: "number 5",
  },
];

const clientRows: Row[] = [
  { name: "newMessage: empty topic", act: () => newMessage("", {}), fails: "throws", error: TypeError, mentions: '""' },
  { name: "newMessage: non-string topic", act: () => newMessage(1 as never, {}), fails: "throws", error: TypeError, mentions: "number 1" },
  { name: "clientTopic: empty part", act: () => clientTopic("user", ""), fails: "throws", error: TypeError, mentions: '""' },
  { name: "clientTopic: non-string part", act: () => clientTopic("user", null as never), fails: "throws", error: TypeError, mentions: "null" },
];

/** Runs `row.act` and returns what it threw or its promise rejected with. */
async function failureOf(row: Row, w: World): Promise<unknown> {
  let result: unknown;
  try {
    result = row.act(w);
  } catch (error) {
    if (row.fails === "rejects") throw new Error(`threw instead of rejecting: ${String(error)}`);
    return error;
  }
  if (row.fails === "throws") throw new Error("returned instead of throwing");
  if (!(result instanceof Promise)) throw new Error("returned no promise");
  return result.then(
    () => {
      throw new Error("resolved instead of rejecting");
    },
    (error: unknown) => error,
  );
}

describe("12. bad input: the error, a message naming it, nothing changed, the bus still working", () => {
  it.each([...topicRows, ...segmentRows, ...eventRows, ...optionRows, ...clientRows])("$name", async (row) => {
    const w = await world();
    const before = snapshot(w);

    const error = await failureOf(row, w);
    expect(error).toBeInstanceOf(row.error);
    expect((error as Error).message).toContain(row.mentions);
    expect((error as Error).message.length).toBeLessThan(500);

    await w.bus.drain();
    expect(snapshot(w)).toEqual(before);
    await w.bus.publish(event("after", "good/1"));
    await w.bus.drain();
    expect(w.received).toEqual(["after"]);
    expect(w.stray).toEqual([]);
  });
});

describe("valid edge cases that must keep working", () => {
  it("accepts unicode, spaces and very long segments", async () => {
    const w = await world();
    const long = "s".repeat(100_000);
    w.witness.addTopic(newTopic("数据", "🚀 launch", long));
    await w.bus.publish(event("unicode", `数据/🚀 launch/${long}`));
    await w.bus.drain();
    expect(w.received).toEqual(["unicode"]);
  });
});
