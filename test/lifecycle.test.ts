import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { Bus, BusClosedError, type Subscription } from "../src/index.js";
import { event, gate, settle, track, type TestEvent } from "./helpers.js";
import { collectGarbage } from "./support/gc.js";

describe("9. lifecycle", () => {
  it("cancels the subscription when its signal aborts", async () => {
    const bus = new Bus<TestEvent>();
    const controller = new AbortController();
    const received: string[] = [];
    const sub = bus.subscribe((_ctx, e) => void received.push(e.name), {
      topics: "t",
      signal: controller.signal,
    });
    await bus.publish(event("before", "t"));
    await bus.drain();
    controller.abort();
    expect(sub.active).toBe(false);
    await bus.publish(event("after", "t"));
    await bus.drain();
    expect(received).toEqual(["before"]);
  });

  it("never delivers to a subscription made with an already aborted signal", async () => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    const sub = bus.subscribe((_ctx, e) => void received.push(e.name), {
      topics: "t",
      all: true,
      signal: AbortSignal.abort(),
    });
    expect(sub.active).toBe(false);
    sub.addTopic("u");
    sub.subscribeAll();
    await bus.publishSync(event("e", "t", "u"));
    expect(received).toEqual([]);
  });

  it("is idempotent through cancel(), Symbol.dispose and the signal", async () => {
    const bus = new Bus<TestEvent>();
    const controller = new AbortController();
    const sub = bus.subscribe(() => undefined, { topics: "t", signal: controller.signal });
    sub.cancel();
    sub.cancel();
    sub[Symbol.dispose]();
    controller.abort();
    expect(sub.active).toBe(false);
    await bus.drain();

    const disposed = bus.subscribe(() => undefined, { topics: "t" });
    disposed[Symbol.dispose]();
    expect(disposed.active).toBe(false);
  });

  it("supports `using` for a scoped subscription", async () => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    {
      using sub = bus.subscribe((_ctx, e) => void received.push(e.name), { topics: "t" });
      expect(sub.active).toBe(true);
      await bus.publishSync(event("inside", "t"));
    }
    await bus.publishSync(event("outside", "t"));
    expect(received).toEqual(["inside"]);
  });

  it("can cancel from inside its own listener: nothing more starts, pending events are discarded", async () => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    let signalAborted: boolean | undefined;
    const sub = bus.subscribe((ctx, e) => {
      received.push(e.name);
      if (e.name === "2") {
        ctx.subscription.cancel();
        ctx.subscription.cancel();
        signalAborted = ctx.signal.aborted;
      }
    }, { topics: "t" });
    for (const name of ["1", "2", "3", "4"]) void bus.publish(event(name, "t"));
    expect(sub.pending).toBe(4);
    await bus.drain();
    expect(received).toEqual(["1", "2"]);
    expect(signalAborted).toBe(true);
    expect(sub.pending).toBe(0);
  });

  it("discards, at once, the event accepted by an idle subscription that is cancelled before it starts", async () => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    const sub = bus.subscribe((_ctx, e) => void received.push(e.name), { topics: "t" });
    const sync = track(bus.publishSync(event("accepted", "t")));
    expect(sub.pending).toBe(1);
    sub.cancel();
    expect(sub.pending).toBe(0);
    await sync.promise;
    await bus.drain();
    expect(received).toEqual([]);
  });

  it("aborts the running listener's ctx.signal and lets waiting publishers and publishSync go on", async () => {
    const bus = new Bus<TestEvent>();
    const running = gate();
    let ctxSignal: AbortSignal | undefined;
    let sub!: Subscription;
    sub = bus.subscribe(async (ctx, e) => {
      if (e.name !== "running") return;
      ctxSignal = ctx.signal;
      await running.promise;
    }, { topics: "t", capacity: 1 });
    const runningSync = track(bus.publishSync(event("running", "t")));
    await settle();
    void bus.publish(event("queued", "t"));
    const waitingPublish = track(bus.publish(event("waiting", "t")));
    const waitingSync = track(bus.publishSync(event("waiting-sync", "t")));
    await settle();
    expect([runningSync.settled, waitingPublish.settled, waitingSync.settled]).toEqual([false, false, false]);
    expect(ctxSignal?.aborted).toBe(false);

    sub.cancel();
    expect(ctxSignal?.aborted).toBe(true);
    await Promise.all([runningSync.promise, waitingPublish.promise, waitingSync.promise]);
    expect(sub.pending).toBe(0);
    running.open();
    await bus.drain();
  });

  it("passes the signal's reason on to ctx.signal", async () => {
    const bus = new Bus<TestEvent>();
    const controller = new AbortController();
    const reasons: unknown[] = [];
    bus.subscribe(async (ctx) => {
      controller.abort("shutting down");
      reasons.push(ctx.signal.reason);
    }, { topics: "t", signal: controller.signal });
    await bus.publishSync(event("e", "t"));
    expect(reasons).toEqual(["shutting down"]);
  });

  it("removes its abort listener from the signal when cancelled", () => {
    const bus = new Bus<TestEvent>();
    const controller = new AbortController();
    const subs = Array.from({ length: 5 }, () => bus.subscribe(() => undefined, { signal: controller.signal }));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(5);
    for (const sub of subs) sub.cancel();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("leaves no reference to a cancelled subscription or its listener in the bus or the signal", async () => {
    const bus = new Bus<TestEvent>();
    const controller = new AbortController();
    const refs = ((): WeakRef<object>[] => {
      const listener = () => undefined;
      const sub = bus.subscribe(listener, { topics: ["a/*", "b"], all: true, signal: controller.signal });
      void bus.publish(event("queued", "a/1"));
      sub.cancel();
      return [new WeakRef(listener), new WeakRef(sub)];
    })();
    await bus.drain();
    await collectGarbage();
    for (const ref of refs) expect(ref.deref()).toBeUndefined();
    expect(controller.signal.aborted).toBe(false);
  });
});

describe("11. drain and close", () => {
  it("drain resolves once nothing is queued, running or waiting for room", async () => {
    const bus = new Bus<TestEvent>();
    const held = gate();
    const done: string[] = [];
    bus.subscribe(async (_ctx, e) => {
      if (e.name === "1") await held.promise;
      done.push(e.name);
    }, { topics: "t", capacity: 1 });
    for (const name of ["1", "2", "3"]) void bus.publish(event(name, "t"));
    const drained = track(bus.drain());
    await settle();
    expect(drained.settled).toBe(false);
    held.open();
    await drained.promise;
    expect(done).toEqual(["1", "2", "3"]);
    await expect(bus.drain()).resolves.toBeUndefined();
  });

  it("close refuses new work with BusClosedError, finishes accepted and waiting events, then cancels all", async () => {
    const bus = new Bus<TestEvent>();
    const held = gate();
    const done: string[] = [];
    const sub = bus.subscribe(async (_ctx, e) => {
      if (e.name === "1") await held.promise;
      done.push(e.name);
    }, { topics: "t", capacity: 1 });
    const idle = bus.subscribe(() => undefined, { topics: "idle" });
    void bus.publish(event("1", "t"));
    await settle();
    void bus.publish(event("2", "t"));
    const waiting = bus.publish(event("3", "t"));

    const closing = track(bus.close());
    expect(bus.closed).toBe(true);
    const refused = await bus.publish(event("late", "t")).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(refused).toBeInstanceOf(BusClosedError);
    expect((refused as Error).name).toBe("BusClosedError");
    await expect(bus.publishSync(event("late", "t"))).rejects.toMatchObject({ name: "BusClosedError" });
    expect(() => bus.subscribe(() => undefined)).toThrow(BusClosedError);

    await settle();
    expect(closing.settled).toBe(false);
    expect(sub.active).toBe(true);
    held.open();
    await waiting;
    await closing.promise;
    expect(done).toEqual(["1", "2", "3"]);
    expect(sub.active).toBe(false);
    expect(idle.active).toBe(false);
    await expect(bus.close()).resolves.toBeUndefined();
  });

  it("refuses publishes made from listeners once closing", async () => {
    const bus = new Bus<TestEvent>();
    const results: unknown[] = [];
    bus.subscribe(async (ctx) => {
      results.push(await ctx.publish(event("from listener", "t")).catch((e: Error) => e.name));
    }, { topics: "t" });
    void bus.publish(event("e", "t"));
    await bus.close();
    expect(results).toEqual(["BusClosedError"]);
  });
});
