import { getEventListeners } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { Bus } from "../src/index.js";
import { event, gate, settle, track, type TestEvent } from "./helpers.js";

/** A subscription blocked on its first event, with a full queue of `capacity` behind it. */
async function fullSubscription(bus: Bus<TestEvent>, topic: string, capacity = 1) {
  const held = gate();
  const received: string[] = [];
  const subscription = bus.subscribe(async (_ctx, e) => {
    received.push(e.name);
    if (e.name === `${topic}-running`) await held.promise;
  }, { topics: topic, capacity });
  void bus.publish(event(`${topic}-running`, topic));
  await settle();
  for (let i = 0; i < capacity; i++) void bus.publish(event(`${topic}-queued-${i}`, topic));
  return { subscription, received, release: () => held.open() };
}

describe("13. abandoning a publish", () => {
  it.each(["publish", "publishSync"] as const)("%s with an aborted signal rejects with its reason and delivers nothing", async (method) => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    bus.subscribe((_ctx, e) => void received.push(e.name), { topics: "t" });
    const reason = new Error("never mind");
    await expect(bus[method](event("e", "t"), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await bus.drain();
    expect(received).toEqual([]);
  });

  it("aborting publish while it waits withdraws it from the queues that had not accepted it", async () => {
    const bus = new Bus<TestEvent>();
    const full = await fullSubscription(bus, "t");
    const open: string[] = [];
    bus.subscribe((_ctx, e) => void open.push(e.name), { topics: "t" });
    const controller = new AbortController();
    const abandoned = bus.publish(event("abandoned", "t"), { signal: controller.signal });
    const after = track(bus.publish(event("after", "t")));
    await settle();
    expect(full.subscription.pending).toBe(1);

    controller.abort("gave up");
    await expect(abandoned).rejects.toBe("gave up");
    full.release();
    await after.promise;
    await bus.drain();
    expect(full.received).toEqual(["t-running", "t-queued-0", "after"]);
    expect(open).toEqual(["abandoned", "after"]);
  });

  it("aborting publishSync while it waits for room withdraws it too", async () => {
    const bus = new Bus<TestEvent>();
    const full = await fullSubscription(bus, "t");
    const controller = new AbortController();
    const abandoned = bus.publishSync(event("abandoned", "t"), { signal: controller.signal });
    await settle();
    controller.abort();
    await expect(abandoned).rejects.toMatchObject({ name: "AbortError" });
    full.release();
    await bus.drain();
    expect(full.received).toEqual(["t-running", "t-queued-0"]);
  });

  it("aborting publishSync while listeners run rejects at once; the listeners go on and their errors reach onError", async () => {
    const onError = vi.fn();
    const bus = new Bus<TestEvent>({ onError });
    const held = gate();
    let finished = false;
    bus.subscribe(async () => {
      await held.promise;
      finished = true;
      throw new Error("late failure");
    }, { topics: "t" });
    const controller = new AbortController();
    const synced = bus.publishSync(event("e", "t"), { signal: controller.signal });
    await settle();
    controller.abort("stop waiting");
    await expect(synced).rejects.toBe("stop waiting");
    expect(finished).toBe(false);
    held.open();
    await bus.drain();
    expect(finished).toBe(true);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it("does nothing when the signal aborts after the promise settled, and removes its listener", async () => {
    const bus = new Bus<TestEvent>();
    const full = await fullSubscription(bus, "t");
    const controller = new AbortController();
    const published = bus.publish(event("waits", "t"), { signal: controller.signal });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    full.release();
    await published;
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    controller.abort();
    await bus.drain();
    expect(full.received).toEqual(["t-running", "t-queued-0", "waits"]);
  });

  it("keeps the event in the queues that accepted it before the abort", async () => {
    const bus = new Bus<TestEvent>();
    const first = await fullSubscription(bus, "a", 1);
    const second = await fullSubscription(bus, "b", 1);
    const controller = new AbortController();
    const both = bus.publish(event("both", "a", "b"), { signal: controller.signal });
    first.release(); // "a" takes the event; "b" is still full
    await settle();
    controller.abort();
    await expect(both).rejects.toMatchObject({ name: "AbortError" });
    second.release();
    await bus.drain();
    expect(first.received).toEqual(["a-running", "a-queued-0", "both"]);
    expect(second.received).toEqual(["b-running", "b-queued-0"]);
  });
});
