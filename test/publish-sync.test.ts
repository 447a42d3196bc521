import { afterEach, describe, expect, it, vi } from "vitest";
import { Bus, type Context } from "../src/index.js";
import { event, gate, settle, track, type TestEvent } from "./helpers.js";

afterEach(() => vi.restoreAllMocks());

describe("6. publishSync", () => {
  it("resolves once every matching subscription finished handling the event", async () => {
    const bus = new Bus<TestEvent>();
    const first = gate();
    const second = gate();
    const finished: string[] = [];
    bus.subscribe(async () => {
      await first.promise;
      finished.push("first");
    }, { topics: "t" });
    bus.subscribe(async () => {
      await second.promise;
      finished.push("second");
    }, { topics: "t/*" });
    bus.subscribe(() => void finished.push("unrelated"), { topics: "other" });

    const synced = track(bus.publishSync(event("e", "t", "t/x")));
    second.open();
    await settle();
    expect(synced.settled).toBe(false);
    first.open();
    await synced.promise;
    expect(finished.sort()).toEqual(["first", "second"]);
  });

  it("waits for room like publish, then for the handling", async () => {
    const bus = new Bus<TestEvent>();
    const held = gate();
    const log: string[] = [];
    bus.subscribe(async (_ctx, e) => {
      log.push(e.name);
      if (e.name === "a") await held.promise;
    }, { topics: "t", capacity: 1 });
    void bus.publish(event("a", "t"));
    await settle();
    void bus.publish(event("b", "t"));
    const synced = track(bus.publishSync(event("c", "t")));
    await settle();
    expect(synced.settled).toBe(false);
    held.open();
    await synced.promise;
    expect(log).toEqual(["a", "b", "c"]);
  });

  it("rejects with an AggregateError of every failure, after all finished, and skips onError", async () => {
    const onError = vi.fn();
    const bus = new Bus<TestEvent>({ onError });
    const slow = gate();
    let slowDone = false;
    bus.subscribe(() => {
      throw new Error("thrown");
    }, { topics: "t" });
    bus.subscribe(async () => {
      throw new Error("rejected");
    }, { topics: "t" });
    bus.subscribe(async () => {
      await slow.promise;
      slowDone = true;
    }, { topics: "t" });

    const synced = track(bus.publishSync(event("e", "t")));
    await settle();
    expect(synced.settled).toBe(false);
    slow.open();
    const error = await synced.promise.catch((e: unknown) => e);
    expect(slowDone).toBe(true);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors.map((e: Error) => e.message).sort()).toEqual(["rejected", "thrown"]);
    expect((error as AggregateError).message).toMatch(/2 listeners failed/);
    expect(onError).not.toHaveBeenCalled();
  });

  it("reports to onError what a plain publish of the same event would not collect", async () => {
    const onError = vi.fn();
    const bus = new Bus<TestEvent>({ onError });
    bus.subscribe(() => {
      throw new Error("boom");
    }, { topics: "t" });
    await bus.publishSync(event("sync", "t")).catch(() => undefined);
    await bus.publish(event("plain", "t"));
    await bus.drain();
    expect(onError).toHaveBeenCalledTimes(1);
    expect((onError.mock.calls[0]?.[2] as TestEvent).name).toBe("plain");
  });
});

describe("7. listener errors", () => {
  it("reports a throwing or rejecting listener to onError with ctx and event, and goes on", async () => {
    const calls: [string, string, boolean][] = [];
    const bus = new Bus<TestEvent>({
      onError: (error, ctx: Context<TestEvent>, e) =>
        void calls.push([(error as Error).message, e.name, ctx.subscription.active]),
    });
    const received: string[] = [];
    bus.subscribe(async (_ctx, e) => {
      received.push(e.name);
      if (e.name === "2") throw new Error("rejected 2");
      if (e.name === "3") throw new Error("thrown 3");
    }, { topics: "t" });
    bus.subscribe((_ctx, e) => {
      if (e.name === "1") throw new Error("thrown 1");
    }, { topics: "t" });
    for (const name of ["1", "2", "3", "4"]) await bus.publish(event(name, "t"));
    await bus.drain();
    expect(received).toEqual(["1", "2", "3", "4"]);
    expect(calls).toEqual([
      ["thrown 1", "1", true],
      ["rejected 2", "2", true],
      ["thrown 3", "3", true],
    ]);
  });

  it("uses console.error when no onError is given", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const bus = new Bus<TestEvent>();
    const failure = new Error("to the console");
    bus.subscribe(() => {
      throw failure;
    }, { topics: "t" });
    await bus.publish(event("e", "t"));
    await bus.drain();
    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(consoleError.mock.calls[0]).toContain(failure);
  });

  it("survives an onError that throws", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const bus = new Bus<TestEvent>({
      onError: () => {
        throw new Error("onError broke");
      },
    });
    const received: string[] = [];
    bus.subscribe((_ctx, e) => {
      received.push(e.name);
      throw new Error(`listener ${e.name}`);
    }, { topics: "t" });
    await bus.publish(event("1", "t"));
    await bus.publish(event("2", "t"));
    await bus.drain();
    expect(received).toEqual(["1", "2"]);
    expect(consoleError).toHaveBeenCalledTimes(2);
    await expect(bus.publishSync(event("3", "t"))).rejects.toBeInstanceOf(AggregateError);
  });
});
