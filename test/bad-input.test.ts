import { describe, expect, it } from "vitest";
import { Bus, type Event, type SubscribeOptions } from "../src/index.js";
import { event, settle, type TestEvent } from "./helpers.js";

/** A bus with one subscription of each kind, recording everything it receives. */
function watchedBus() {
  const bus = new Bus<TestEvent>();
  const received: string[] = [];
  bus.subscribe((_ctx, e) => void received.push(`exact ${e.name}`), { topics: "ok" });
  bus.subscribe((_ctx, e) => void received.push(`all ${e.name}`), { all: true });
  bus.subscribe((_ctx, e) => void received.push(`wild ${e.name}`), { topics: "*" });
  return { bus, received };
}

const notEvents: [string, unknown, RegExp][] = [
  ["null", null, /"event" argument must be an object with a topics\(\) method\. Received null/],
  ["undefined", undefined, /Received undefined/],
  ["a number", 42, /Received number 42/],
  ["a string", "ok", /Received "ok"/],
  ["an object without topics()", { name: "x" }, /topics\(\) method\. Received an instance of Object/],
  ["topics() returning a string", { name: "x", topics: () => "ok" }, /must return an iterable of topics\. Received "ok"/],
  ["topics() returning undefined", { name: "x", topics: () => undefined }, /must return an iterable.*Received undefined/],
  ["no topic", event("x"), /at least one topic/],
  ["a pattern topic", event("x", "ok", "users/*"), /Cannot publish to the pattern "users\/\*"/],
  ["an invalid topic", event("x", "ok", "a//b"), /Invalid topic "a\/\/b"/],
  ["a non-string topic", { name: "x", topics: () => ["ok", 7] }, /must be a string or a Topic\. Received number 7/],
];

describe("12. bad input", () => {
  describe.each(["publish", "publishSync"] as const)("%s", (method) => {
    it.each(notEvents)("rejects %s with a TypeError and delivers nothing", async (_label, value, message) => {
      const { bus, received } = watchedBus();
      const result = bus[method](value as TestEvent);
      expect(result).toBeInstanceOf(Promise);
      await expect(result).rejects.toThrow(TypeError);
      await expect(result).rejects.toThrow(message);
      await bus.drain();
      expect(received).toEqual([]);
      await bus.publishSync(event("after", "ok"));
      expect(received.sort()).toEqual(["all after", "exact after", "wild after"]);
    });

    it("rejects a topics() that throws with its error and delivers nothing", async () => {
      const { bus, received } = watchedBus();
      const failure = new Error("topics failed");
      const broken: Event & { name: string } = {
        name: "x",
        topics: () => {
          throw failure;
        },
      };
      await expect(bus[method](broken as TestEvent)).rejects.toBe(failure);
      await bus.drain();
      expect(received).toEqual([]);
    });

    it.each([
      ["a non-object options", 5, /"options" argument must be an object\. Received number 5/],
      ["a non-signal", { signal: { aborted: false } }, /"signal" option must be an AbortSignal/],
    ])("rejects %s with a TypeError and delivers nothing", async (_label, options, message) => {
      const { bus, received } = watchedBus();
      await expect(bus[method](event("x", "ok"), options as never)).rejects.toThrow(message);
      await bus.drain();
      expect(received).toEqual([]);
    });
  });

  it("throws a TypeError for a listener that is not a function", () => {
    const bus = new Bus<TestEvent>();
    for (const [listener, shown] of [
      [undefined, "undefined"],
      [null, "null"],
      ["handler", '"handler"'],
      [{}, "an instance of Object"],
    ] as const) {
      expect(() => bus.subscribe(listener as never, { topics: "ok" })).toThrow(TypeError);
      expect(() => bus.subscribe(listener as never, { topics: "ok" })).toThrow(
        `The "listener" argument must be a function. Received ${shown}`,
      );
    }
  });

  const badOptions: [string, SubscribeOptions, ErrorConstructor, RegExp][] = [
    ["capacity 0", { capacity: 0 }, RangeError, /"capacity" option must be a positive integer\. Received number 0/],
    ["capacity -1", { capacity: -1 }, RangeError, /Received number -1/],
    ["capacity 1.5", { capacity: 1.5 }, RangeError, /Received number 1\.5/],
    ["capacity NaN", { capacity: NaN }, RangeError, /Received number NaN/],
    ["capacity Infinity", { capacity: Infinity }, RangeError, /Received number Infinity/],
    ["capacity '4'", { capacity: "4" as never }, TypeError, /"capacity" option must be a number\. Received "4"/],
    ["concurrency 0", { concurrency: 0 }, RangeError, /"concurrency" option must be a positive integer or Infinity\. Received number 0/],
    ["concurrency 2.5", { concurrency: 2.5 }, RangeError, /Received number 2\.5/],
    ["concurrency -Infinity", { concurrency: -Infinity }, RangeError, /Received number -Infinity/],
    ["concurrency NaN", { concurrency: NaN }, RangeError, /Received number NaN/],
    ["concurrency null", { concurrency: null as never }, TypeError, /"concurrency" option must be a number\. Received null/],
    ["a non-signal", { signal: {} as AbortSignal }, TypeError, /"signal" option must be an AbortSignal\. Received an instance of Object/],
    ["all: 'yes'", { all: "yes" as never }, TypeError, /"all" option must be a boolean\. Received "yes"/],
    ["a bad topic", { topics: ["ok", "a*"] }, TypeError, /Invalid topic "a\*"/],
    ["a non-topic", { topics: 5 as never }, TypeError, /"topics" option must be a topic or an iterable of topics\. Received number 5/],
  ];

  it.each(badOptions)("refuses %s and registers nothing", async (_label, options, type, message) => {
    const { bus, received } = watchedBus();
    const listenerCalls: string[] = [];
    expect(() =>
      bus.subscribe((_ctx, e) => void listenerCalls.push(e.name), { topics: "ok", ...options }),
    ).toThrow(type);
    expect(() => bus.subscribe(() => undefined, { topics: "ok", ...options })).toThrow(message);
    await bus.publishSync(event("after", "ok"));
    expect(listenerCalls).toEqual([]);
    expect(received.sort()).toEqual(["all after", "exact after", "wild after"]);
  });

  it("validates the bus options", () => {
    expect(() => new Bus({ capacity: 0 })).toThrow(RangeError);
    expect(() => new Bus({ capacity: Infinity })).toThrow(/Received number Infinity/);
    expect(() => new Bus({ onError: "log" as never })).toThrow(/"onError" option must be a function\. Received "log"/);
    expect(() => new Bus(7 as never)).toThrow(TypeError);
  });

  it("accepts concurrency Infinity", async () => {
    const bus = new Bus<TestEvent>();
    expect(() => bus.subscribe(() => undefined, { concurrency: Infinity })).not.toThrow();
    await settle();
  });

  it("quotes a huge bad topic in a bounded message", () => {
    const bus = new Bus<TestEvent>();
    const huge = `${"x".repeat(100_000)}*`;
    let message = "";
    try {
      bus.subscribe(() => undefined, { topics: huge });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid topic "x+…": "\*" must be a whole segment$/);
    expect(message.length).toBeLessThan(200);
  });
});
