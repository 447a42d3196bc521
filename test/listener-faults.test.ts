import { afterEach, describe, expect, it, vi } from "vitest";
import { Bus } from "../src/index.js";
import { event, gate, settle, track, type TestEvent } from "./helpers.js";

afterEach(() => vi.restoreAllMocks());

/**
 * Listeners that misbehave: the bus keeps delivering to everyone else and
 * reports each error exactly once (guarantees 7 and 9 under faults).
 */
describe("listener faults", () => {
  it("lets a listener that never settles hold up only its own subscription, until it is cancelled", async () => {
    const bus = new Bus<TestEvent>({ capacity: 1 });
    const others: string[] = [];
    let hungSignal: AbortSignal | undefined;
    const hung = bus.subscribe((ctx) => {
      hungSignal = ctx.signal;
      return new Promise<void>(() => {});
    }, { topics: "t" });
    bus.subscribe((_ctx, e) => void others.push(e.name), { topics: ["t", "other"] });

    const publishes = ["1", "2", "3"].map((name) => track(bus.publish(event(name, "t"))));
    await bus.publish(event("unrelated", "other"));
    await settle();
    expect(others).toEqual(["1", "2", "3", "unrelated"]);
    expect(publishes.map((p) => p.settled)).toEqual([true, true, false]);

    hung.cancel();
    await Promise.all(publishes.map((p) => p.promise));
    expect(hungSignal?.aborted).toBe(true);
    await bus.publish(event("4", "t"));
    await settle();
    expect(others).toEqual(["1", "2", "3", "unrelated", "4"]);
  });

  it("reports every failure exactly once through an onError that throws, and keeps delivering", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    const reported: unknown[] = [];
    const bus = new Bus<TestEvent>({
      onError: (error) => {
        reported.push(error);
        throw new Error("onError broke");
      },
    });
    const failures = [new Error("thrown"), new Error("rejected"), "a string", undefined];
    const healthy: string[] = [];
    bus.subscribe((_ctx, e) => {
      if (e.name === "0") throw failures[0];
    }, { topics: "t" });
    bus.subscribe(async (_ctx, e) => {
      const at = Number(e.name);
      if (at > 0) throw failures[at];
    }, { topics: "t" });
    bus.subscribe((_ctx, e) => void healthy.push(e.name), { topics: "t" });

    for (const name of ["0", "1", "2", "3"]) await bus.publish(event(name, "t"));
    await bus.drain();

    expect(reported).toEqual(failures);
    expect(healthy).toEqual(["0", "1", "2", "3"]);
    expect(consoleError).toHaveBeenCalledTimes(failures.length);
    expect(consoleError.mock.calls.map((call) => (call[1] as Error).message)).toEqual(failures.map(() => "onError broke"));
  });

  it("lets a listener cancel another subscription whose queue is full: its waiting publisher goes on", async () => {
    const bus = new Bus<TestEvent>({ capacity: 1 });
    const held = gate();
    const victimSaw: string[] = [];
    const victim = bus.subscribe(async (_ctx, e) => {
      victimSaw.push(e.name);
      await held.promise;
    }, { topics: "victim" });
    const canceller = bus.subscribe(() => victim.cancel(), { topics: "cancel" });

    void bus.publish(event("running", "victim"));
    void bus.publish(event("queued", "victim"));
    const waiting = track(bus.publish(event("waiting", "victim")));
    await settle();
    expect(waiting.settled).toBe(false);

    await bus.publish(event("go", "cancel"));
    await waiting.promise;
    held.open();
    await bus.drain();
    expect(victimSaw).toEqual(["running"]);
    expect(victim.active).toBe(false);
    expect(canceller.active).toBe(true);
  });

  it("keeps delivering when console.error itself throws, as test setups that fail on console output make it", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {
      throw new Error("console.error is not allowed here");
    });
    const bus = new Bus<TestEvent>();
    const healthy: string[] = [];
    bus.subscribe((_ctx, e) => {
      if (e.name === "fails") throw new Error("listener failed");
    }, { topics: "t" });
    bus.subscribe((_ctx, e) => void healthy.push(e.name), { topics: "t" });

    await bus.publish(event("fails", "t"));
    await bus.publish(event("after", "t"));
    await bus.drain();
    expect(healthy).toEqual(["fails", "after"]);
  });
});
