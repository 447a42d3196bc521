import { describe, expect, expectTypeOf, it } from "vitest";
import { Bus, type BusStats, type SubscriptionStats } from "../src/index.js";
import { OrderPlaced, OrderShipped, type OrderEvent } from "./sample-events.js";
import { gate, settle } from "./helpers.js";

describe("bus.stats", () => {
  it("starts at zero with no subscriptions", () => {
    const bus = new Bus<OrderEvent>();
    expect(bus.stats).toEqual({ subscriptions: [], published: 0, delivered: 0, listenerErrors: 0 });
    expectTypeOf(bus.stats).toEqualTypeOf<BusStats>();
  });

  it("counts accepted publishes, matched or not, and one delivery per receiving subscription", async () => {
    const bus = new Bus<OrderEvent>();
    bus.subscribe(() => undefined, { topics: "orders/*/placed" });
    bus.subscribe(() => undefined, { all: true });

    await bus.publish(new OrderPlaced("1"));
    await bus.publishSync(new OrderShipped("1", "ups"));
    await bus.drain();

    expect(bus.stats).toMatchObject({ published: 2, delivered: 3, listenerErrors: 0 });
  });

  it("counts re-entrant publishes from listeners", async () => {
    const bus = new Bus<OrderEvent>();
    bus.subscribe((ctx, event) => ctx.publish(new OrderShipped(event.orderId, "ups")), { topics: "orders/*/placed" });
    await bus.publish(new OrderPlaced("1"));
    await bus.drain();
    expect(bus.stats.published).toBe(2);
  });

  it("does not count publishes that were refused", async () => {
    const bus = new Bus<OrderEvent>();
    bus.subscribe(() => undefined, { all: true });
    // @ts-expect-error not an event
    await bus.publish({}).catch(() => undefined);
    await bus.publish(new OrderPlaced("1"), { signal: AbortSignal.abort() }).catch(() => undefined);
    await bus.close();
    await bus.publish(new OrderPlaced("1")).catch(() => undefined);

    expect(bus.stats).toMatchObject({ published: 0, delivered: 0 });
  });

  it("counts listener errors, reported or collected by publishSync", async () => {
    const bus = new Bus<OrderEvent>({ onError: () => undefined });
    bus.subscribe(
      () => {
        throw new Error("sync failure");
      },
      { topics: "orders/*/placed" },
    );
    bus.subscribe(() => Promise.reject(new Error("async failure")), { topics: "orders/*/placed" });

    await bus.publish(new OrderPlaced("1"));
    await bus.drain();
    await bus.publishSync(new OrderPlaced("2")).catch(() => undefined);

    expect(bus.stats.listenerErrors).toBe(4);
  });

  it("shows each subscription's topics, queue depth, waiting publishers and running handlers", async () => {
    const bus = new Bus<OrderEvent>();
    const slow = gate();
    bus.subscribe(() => slow.promise, { topics: ["orders/*/placed", "orders/1/shipped"], capacity: 1 });
    bus.subscribe(() => undefined, { all: true });

    void bus.publish(new OrderPlaced("1"));
    await settle(); // the slow listener runs event 1
    void bus.publish(new OrderPlaced("2")); // queued
    void bus.publish(new OrderPlaced("3")); // waits for room
    await settle();

    const expected: SubscriptionStats[] = [
      { topics: ["orders/*/placed", "orders/1/shipped"], all: false, pending: 1, waitingPublishers: 1, running: 1 },
      { topics: [], all: true, pending: 0, waitingPublishers: 0, running: 0 },
    ];
    expect(bus.stats.subscriptions).toEqual(expected);

    slow.open();
    await bus.drain();
    expect(bus.stats.subscriptions[0]).toMatchObject({ pending: 0, waitingPublishers: 0, running: 0 });
  });

  it("does not count re-entrant events queued past capacity as waiting publishers", async () => {
    const bus = new Bus<OrderEvent>();
    const reenter = gate();
    const hold = gate();
    bus.subscribe(
      async (ctx, event) => {
        if (event instanceof OrderPlaced && event.orderId === "1") {
          await reenter.promise;
          void ctx.publish(new OrderShipped("1", "ups")); // accepted at once, behind the waiting publish
        }
        await hold.promise;
      },
      { topics: "orders/*/*", capacity: 1 },
    );
    void bus.publish(new OrderPlaced("1"));
    await settle();
    void bus.publish(new OrderPlaced("2")); // queued
    void bus.publish(new OrderPlaced("3")); // waits for room
    reenter.open();
    await settle();

    expect(bus.stats.subscriptions[0]).toMatchObject({ pending: 2, waitingPublishers: 1, running: 1 });
    hold.open();
    await bus.drain();
  });

  it("drops cancelled subscriptions and is a frozen snapshot", () => {
    const bus = new Bus<OrderEvent>();
    const sub = bus.subscribe(() => undefined, { topics: "orders/*/placed" });
    const before = bus.stats;
    sub.cancel();

    expect(before.subscriptions).toHaveLength(1);
    expect(bus.stats.subscriptions).toHaveLength(0);
    expect(Object.isFrozen(before)).toBe(true);
    expect(Object.isFrozen(before.subscriptions[0])).toBe(true);
  });
});
