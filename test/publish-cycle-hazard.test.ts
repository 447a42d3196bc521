import { describe, expect, it } from "vitest";
import { Bus, type Context } from "../src/index.js";
import { event, gate, settle, track, type TestEvent } from "./helpers.js";

/**
 * The one hazard the bus cannot remove: a listener that awaits a publish
 * which needs its own subscription, or a subscription that is itself waiting
 * on this one, to make progress. A plain `bus.publishSync` carries no
 * context, so the bus cannot tell that its caller is a listener. These tests
 * pin the hazard down and the ways out of it: `ctx.publishSync` for a
 * listener's own subscription, a publish that is not awaited, or a signal.
 * "Deadlocked" below means: nothing can make progress any more, which
 * `settle()` shows by letting every scheduled task run out.
 */

type Publish = (ctx: Context<TestEvent>, bus: Bus<TestEvent>, e: TestEvent) => Promise<void>;

/**
 * Two subscriptions with queues of one, each holding one queued event while
 * its listener handles another; each listener then publishes once, with
 * `publish`, to the other and awaits it.
 */
async function crossPublishing(publish: Publish) {
  const bus = new Bus<TestEvent>({ capacity: 1 });
  const handled: string[] = [];
  const bothRunning = { a: gate(), b: gate() };
  const releases = { a: gate(), b: gate() };
  for (const [own, other] of [["a", "b"], ["b", "a"]] as const) {
    bus.subscribe(async (ctx, e) => {
      handled.push(`${own} ${e.name}`);
      if (e.name !== "first") return;
      bothRunning[own].open();
      await releases[own].promise;
      await publish(ctx, bus, event(`from ${own}`, other));
    }, { topics: own });
  }
  for (const name of ["first", "queued"]) {
    void bus.publish(event(name, "a"));
    void bus.publish(event(name, "b"));
  }
  await Promise.all([bothRunning.a.promise, bothRunning.b.promise]);
  releases.a.open();
  releases.b.open();
  await settle();
  return { bus, handled, idle: track(bus.drain()) };
}

describe("a listener awaiting a publish that needs its own subscription", () => {
  it("deadlocks with a plain bus.publishSync, until a signal abandons the call", async () => {
    const bus = new Bus<TestEvent>();
    const abandon = new AbortController();
    let outcome: unknown;
    bus.subscribe(async (_ctx, e) => {
      if (e.name !== "first") return;
      outcome = await bus.publishSync(event("second", "t"), { signal: abandon.signal }).catch((error: unknown) => error);
    }, { topics: "t" });

    const idle = track(bus.publish(event("first", "t")).then(() => bus.drain()));
    await settle();
    expect(idle.settled).toBe(false);

    abandon.abort(new Error("gave up waiting"));
    await idle.promise;
    expect(outcome).toEqual(new Error("gave up waiting"));
  });

  it("completes with ctx.publishSync, which does not wait on its own subscription", async () => {
    const bus = new Bus<TestEvent>({ capacity: 1 });
    const handled: string[] = [];
    bus.subscribe(async (ctx, e) => {
      handled.push(e.name);
      if (e.name === "first") await ctx.publishSync(event("second", "t"));
    }, { topics: "t" });

    await bus.publish(event("first", "t"));
    await bus.drain();
    expect(handled).toEqual(["first", "second"]);
  });
});

describe("two listeners awaiting publishes aimed at each other's full queue", () => {
  it("deadlock with a plain bus.publishSync", async () => {
    const { idle, handled } = await crossPublishing((_ctx, bus, e) => bus.publishSync(e));
    expect(idle.settled).toBe(false);
    expect(handled.sort()).toEqual(["a first", "b first"]);
  });

  it("deadlock with ctx.publishSync too: it only skips waiting on the own subscription", async () => {
    const { idle } = await crossPublishing((ctx, _bus, e) => ctx.publishSync(e));
    expect(idle.settled).toBe(false);
  });

  it("deadlock with an awaited publish, since the other queue never makes room", async () => {
    const { idle } = await crossPublishing((ctx, _bus, e) => ctx.publish(e));
    expect(idle.settled).toBe(false);
  });

  it("complete when the listeners publish without awaiting: the events still arrive", async () => {
    const { idle, handled } = await crossPublishing(async (ctx, _bus, e) => void ctx.publish(e));
    await idle.promise;
    expect(handled.sort()).toEqual(["a first", "a from b", "a queued", "b first", "b from a", "b queued"]);
  });

  it("complete when one of them passes a signal and aborts it", async () => {
    const abandon = new AbortController();
    const outcomes: unknown[] = [];
    const { idle, handled } = await crossPublishing((_ctx, bus, e) =>
      bus.publishSync(e, e.name === "from a" ? { signal: abandon.signal } : {}).catch((error: unknown) => {
        outcomes.push(error);
      }),
    );
    expect(idle.settled).toBe(false);

    abandon.abort(new Error("cycle broken"));
    await idle.promise;
    expect(outcomes).toEqual([new Error("cycle broken")]);
    expect(handled.sort()).toEqual(["a first", "a from b", "a queued", "b first", "b queued"]);
  });
});
