import { describe, expect, it } from "vitest";
import { Bus } from "../src/index.js";
import { event, gate, settle, track, type TestEvent } from "./helpers.js";

describe("10. re-entrancy", () => {
  it("ctx.publish enqueues on its own full subscription past capacity, without waiting", async () => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    bus.subscribe(async (ctx, e) => {
      received.push(e.name);
      if (e.name === "seed") {
        // capacity 1: each of these would wait for room forever with a plain bus.publish
        await ctx.publish(event("child-1", "t"));
        await ctx.publish(event("child-2", "t"));
        await ctx.publish(event("child-3", "t"));
      }
    }, { topics: "t", capacity: 1 });
    await bus.publish(event("seed", "t"));
    await bus.drain();
    expect(received).toEqual(["seed", "child-1", "child-2", "child-3"]);
  });

  it("ctx.publishSync does not wait for its own subscription, only for the others", async () => {
    const bus = new Bus<TestEvent>();
    const log: string[] = [];
    const other = gate();
    bus.subscribe(async (ctx, e) => {
      log.push(`self ${e.name}`);
      if (e.name === "seed") {
        await ctx.publishSync(event("child", "t"));
        log.push("self resumed");
      }
    }, { topics: "t", capacity: 1 });
    bus.subscribe(async (_ctx, e) => {
      if (e.name !== "child") return;
      await other.promise;
      log.push("other child");
    }, { topics: "t" });
    const seed = track(bus.publishSync(event("seed", "t")));
    await settle();
    expect(log).toEqual(["self seed"]);
    other.open();
    await seed.promise;
    await bus.drain();
    expect(log).toEqual(["self seed", "other child", "self resumed", "self child"]);
  });

  it("never deadlocks a subscription at capacity 1 that publishes to itself repeatedly", async () => {
    const bus = new Bus<TestEvent>();
    let depth = 0;
    bus.subscribe(async (ctx) => {
      if (++depth < 100) await ctx.publishSync(event(String(depth), "loop"));
    }, { topics: "loop", capacity: 1 });
    await bus.publishSync(event("0", "loop"));
    await bus.drain();
    expect(depth).toBe(100);
  });

  it("queues a re-entrant event behind publishes that were already waiting for room", async () => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    const held = gate();
    bus.subscribe(async (ctx, e) => {
      received.push(e.name);
      if (e.name === "first") {
        await held.promise;
        void ctx.publish(event("re-entrant", "t"));
      }
    }, { topics: "t", capacity: 1 });
    void bus.publish(event("first", "t"));
    await settle();
    void bus.publish(event("queued", "t"));
    const waiting = track(bus.publish(event("waiting", "t")));
    await settle();
    held.open();
    await settle();
    await bus.drain();
    expect(waiting.settled).toBe(true);
    expect(received).toEqual(["first", "queued", "waiting", "re-entrant"]);
  });

  it("counts a re-entrant event that sits behind waiting publishers as pending", async () => {
    const bus = new Bus<TestEvent>();
    const held = gate();
    const second = gate();
    let pendingSeen = -1;
    const sub = bus.subscribe(async (ctx, e) => {
      if (e.name === "first") {
        await held.promise;
        void ctx.publish(event("re-entrant", "t"));
        pendingSeen = ctx.subscription.pending;
      }
      if (e.name === "queued") await second.promise;
    }, { topics: "t", capacity: 1 });
    void bus.publish(event("first", "t"));
    await settle();
    void bus.publish(event("queued", "t"));
    void bus.publish(event("waiting", "t"));
    await settle();
    held.open();
    await settle();
    expect(pendingSeen).toBe(2); // "queued" accepted, "re-entrant" accepted behind the waiting one
    second.open();
    await bus.drain();
    expect(sub.pending).toBe(0);
  });

  it("ctx.publish still waits for room in other subscriptions", async () => {
    const bus = new Bus<TestEvent>();
    const held = gate();
    let publishedFromListener: { settled: boolean } | undefined;
    bus.subscribe(async (_ctx, e) => {
      if (e.name === "block") await held.promise;
    }, { topics: "other", capacity: 1 });
    bus.subscribe((ctx) => {
      publishedFromListener = track(ctx.publish(event("to other", "other")));
    }, { topics: "trigger" });
    void bus.publish(event("block", "other"));
    await settle();
    void bus.publish(event("fill", "other"));
    await bus.publish(event("go", "trigger"));
    await settle();
    expect(publishedFromListener?.settled).toBe(false);
    held.open();
    await bus.drain();
    expect(publishedFromListener?.settled).toBe(true);
  });

  it("lets a listener destructure publish from ctx", async () => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    bus.subscribe(async ({ publish, publishSync }, e) => {
      if (e.name !== "start") return;
      await publish(event("via publish", "out"));
      await publishSync(event("via publishSync", "out"));
    }, { topics: "start" });
    bus.subscribe((_ctx, e) => void received.push(e.name), { topics: "out" });
    await bus.publishSync(event("start", "start"));
    await bus.drain();
    expect(received).toEqual(["via publish", "via publishSync"]);
  });
});
