import { describe, expect, it } from "vitest";
import { Bus } from "../src/index.js";
import { event, gate, settle, track, type Gate, type TestEvent } from "./helpers.js";

/** A subscription whose listener blocks on a gate per event, so the test decides when each finishes. */
function heldSubscription(bus: Bus<TestEvent>, options: Parameters<Bus<TestEvent>["subscribe"]>[1]) {
  const started: string[] = [];
  const finished: string[] = [];
  const gates = new Map<string, Gate>();
  const hold = (name: string): Gate => {
    let g = gates.get(name);
    if (g === undefined) gates.set(name, (g = gate()));
    return g;
  };
  const subscription = bus.subscribe(async (_ctx, e) => {
    started.push(e.name);
    await hold(e.name).promise;
    finished.push(e.name);
  }, options);
  return { subscription, started, finished, release: (name: string) => hold(name).open() };
}

describe("4. order", () => {
  it("handles one event at a time, in publish order, awaiting returned promises", async () => {
    const bus = new Bus<TestEvent>();
    const sub = heldSubscription(bus, { topics: "t" });
    for (const name of ["a", "b", "c"]) void bus.publish(event(name, "t"));
    await settle();
    expect(sub.started).toEqual(["a"]);
    sub.release("b"); // releasing a later one early changes nothing
    await settle();
    expect(sub.started).toEqual(["a"]);
    sub.release("a");
    await settle();
    expect(sub.started).toEqual(["a", "b", "c"]);
    expect(sub.finished).toEqual(["a", "b"]);
    sub.release("c");
    await bus.drain();
    expect(sub.finished).toEqual(["a", "b", "c"]);
  });

  it("keeps publish order when some publishes waited for room", async () => {
    const bus = new Bus<TestEvent>();
    const sub = heldSubscription(bus, { topics: "t", capacity: 2 });
    const names = ["1", "2", "3", "4", "5", "6", "7"];
    const publishes = names.map((name) => track(bus.publish(event(name, "t"))));
    await settle();
    // "1" runs, "2" and "3" fill the queue, the rest wait for room.
    expect(sub.started).toEqual(["1"]);
    expect(publishes.map((p) => p.settled)).toEqual([true, true, true, false, false, false, false]);
    for (const name of names) sub.release(name);
    await bus.drain();
    expect(sub.started).toEqual(names);
    expect(publishes.every((p) => p.settled)).toBe(true);
  });

  it("starts up to `concurrency` events at once, in publish order", async () => {
    const bus = new Bus<TestEvent>();
    const sub = heldSubscription(bus, { topics: "t", concurrency: 2 });
    for (const name of ["a", "b", "c", "d"]) void bus.publish(event(name, "t"));
    await settle();
    expect(sub.started).toEqual(["a", "b"]);
    sub.release("b");
    await settle();
    expect(sub.started).toEqual(["a", "b", "c"]);
    sub.release("a");
    await settle();
    expect(sub.started).toEqual(["a", "b", "c", "d"]);
    sub.release("c");
    sub.release("d");
    await bus.drain();
    expect(sub.finished).toEqual(["b", "a", "c", "d"]);
  });

  it("runs everything at once with concurrency Infinity", async () => {
    const bus = new Bus<TestEvent>();
    const sub = heldSubscription(bus, { topics: "t", concurrency: Infinity, capacity: 1 });
    for (let i = 0; i < 50; i++) void bus.publish(event(String(i), "t"));
    await settle();
    expect(sub.started).toHaveLength(50);
    for (let i = 0; i < 50; i++) sub.release(String(i));
    await bus.drain();
  });

  it("handles consecutive synchronous listeners in one go, in order", async () => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    bus.subscribe((_ctx, e) => void received.push(e.name), { topics: "t", capacity: 1000 });
    for (let i = 0; i < 1000; i++) void bus.publish(event(String(i), "t"));
    await bus.drain();
    expect(received).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)));
  });

  it("starts an event that found the subscription idle before later ones, even when a running listener finishes first", async () => {
    const bus = new Bus<TestEvent>();
    const started: string[] = [];
    const first = gate();
    bus.subscribe(
      (_ctx, e) => {
        started.push(e.name);
        return e.name === "x" ? first.promise : undefined;
      },
      { topics: "t", concurrency: 2 },
    );
    void bus.publish(event("x", "t"));
    await settle();
    // x's finish is queued before the flush that starts a, and b is queued behind a.
    first.open();
    void bus.publish(event("a", "t"));
    void bus.publish(event("b", "t"));
    await bus.drain();
    expect(started).toEqual(["x", "a", "b"]);
  });

  it("waits for a thenable that is not a Promise", async () => {
    const bus = new Bus<TestEvent>();
    const log: string[] = [];
    const g = gate();
    bus.subscribe(
      (_ctx, e) => {
        log.push(`start ${e.name}`);
        // a bare thenable, not a Promise
        const thenable = { then: (resolve: () => void) => void g.promise.then(resolve) };
        return thenable as unknown as PromiseLike<void>;
      },
      { topics: "t" },
    );
    void bus.publish(event("a", "t"));
    void bus.publish(event("b", "t"));
    await settle();
    expect(log).toEqual(["start a"]);
    g.open();
    await bus.drain();
    expect(log).toEqual(["start a", "start b"]);
  });
});

describe("5. backpressure", () => {
  it("resolves publish once the event was accepted, not handled", async () => {
    const bus = new Bus<TestEvent>();
    const sub = heldSubscription(bus, { topics: "t" });
    await bus.publish(event("a", "t"));
    expect(sub.finished).toEqual([]);
    sub.release("a");
    await bus.drain();
  });

  it("holds at most `capacity` accepted events and makes later publishes wait, never dropping", async () => {
    const bus = new Bus<TestEvent>();
    const sub = heldSubscription(bus, { topics: "t", capacity: 3 });
    void bus.publish(event("running", "t"));
    await settle();
    const accepted = [1, 2, 3].map((i) => track(bus.publish(event(`q${i}`, "t"))));
    const waiting = [4, 5].map((i) => track(bus.publish(event(`q${i}`, "t"))));
    await settle();
    expect(accepted.every((p) => p.settled)).toBe(true);
    expect(waiting.some((p) => p.settled)).toBe(false);
    expect(sub.subscription.pending).toBe(3);

    sub.release("running");
    await settle(); // q1 started, so q4 got the free place
    expect(waiting.map((p) => p.settled)).toEqual([true, false]);
    expect(sub.subscription.pending).toBe(3);

    for (const name of ["q1", "q2", "q3", "q4", "q5"]) sub.release(name);
    await bus.drain();
    expect(sub.finished).toEqual(["running", "q1", "q2", "q3", "q4", "q5"]);
    expect(sub.subscription.pending).toBe(0);
  });

  it("counts an event that found the subscription idle as accepted, towards capacity", () => {
    const bus = new Bus<TestEvent>();
    const subscription = bus.subscribe(() => {}, { topics: "t", capacity: 1 });
    const accepted = track(bus.publish(event("a", "t")));
    const waiting = track(bus.publish(event("b", "t")));
    expect(subscription.pending).toBe(1);
    expect(bus.stats.subscriptions[0]?.waitingPublishers).toBe(1);
    return Promise.all([accepted.promise, waiting.promise, bus.drain()]);
  });

  it("serves several un-awaited publishers in publish order (FIFO)", async () => {
    const bus = new Bus<TestEvent>();
    const sub = heldSubscription(bus, { topics: "t", capacity: 1 });
    const order: string[] = [];
    const producers = ["x", "y", "z"].map(async (producer) => {
      for (let i = 0; i < 3; i++) {
        await bus.publish(event(`${producer}${i}`, "t"));
        order.push(`${producer}${i}`);
      }
    });
    for (let round = 0; round < 12; round++) {
      await settle();
      for (const name of sub.started) sub.release(name);
    }
    await Promise.all(producers);
    await bus.drain();
    expect(sub.started).toEqual(["x0", "y0", "z0", "x1", "y1", "z1", "x2", "y2", "z2"]);
    expect(order).toEqual(sub.started);
  });

  it("makes a slow subscription slow down only the publishes that reach it", async () => {
    const bus = new Bus<TestEvent>();
    const slow = heldSubscription(bus, { topics: "slow", capacity: 1 });
    const fast: string[] = [];
    bus.subscribe((_ctx, e) => void fast.push(e.name), { topics: ["fast", "slow"] });
    void bus.publish(event("s1", "slow"));
    await settle();
    void bus.publish(event("s2", "slow"));
    const blocked = track(bus.publish(event("s3", "slow")));
    await bus.publish(event("f1", "fast"));
    await settle();
    expect(fast).toEqual(["s1", "s2", "s3", "f1"]);
    expect(blocked.settled).toBe(false);
    for (const name of ["s1", "s2", "s3"]) slow.release(name);
    await blocked.promise;
    await bus.drain();
  });

  it("delivers un-awaited publishes that had to wait", async () => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    bus.subscribe(async (_ctx, e) => void received.push(e.name), { topics: "t", capacity: 1 });
    for (let i = 0; i < 20; i++) void bus.publish(event(String(i), "t"));
    await bus.drain();
    expect(received).toHaveLength(20);
  });

  it("uses the bus capacity by default and 256 when the bus sets none", async () => {
    for (const [bus, expected] of [
      [new Bus<TestEvent>(), 256],
      [new Bus<TestEvent>({ capacity: 5 }), 5],
    ] as const) {
      const sub = heldSubscription(bus, { topics: "t" });
      void bus.publish(event("running", "t"));
      await settle();
      const publishes = Array.from({ length: expected + 1 }, (_, i) => track(bus.publish(event(`q${i}`, "t"))));
      await settle();
      expect(publishes.filter((p) => p.settled)).toHaveLength(expected);
      expect(sub.subscription.pending).toBe(expected);
      sub.subscription.cancel();
      sub.release("running");
      await bus.drain();
    }
  });
});
