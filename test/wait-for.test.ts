import { getEventListeners } from "node:events";
import { describe, expect, expectTypeOf, it } from "vitest";
import { Bus, BusClosedError, isKind } from "../src/index.js";
import {
  OrderPlaced,
  OrderShipped,
  userDeleted,
  userUpdated,
  type OrderEvent,
  type UserEvent,
} from "./sample-events.js";
import { settle, track } from "./helpers.js";

describe("bus.waitFor()", () => {
  it("resolves with the next matching event, after the publish call returned", async () => {
    const bus = new Bus<OrderEvent>();
    const next = bus.waitFor("orders/*/shipped");
    const order: string[] = [];
    void next.then(() => order.push("resolved"));

    void bus.publish(new OrderPlaced("1"));
    void bus.publish(new OrderShipped("1", "ups"));
    order.push("published");
    void bus.publish(new OrderShipped("2", "dhl"));

    expect(await next).toEqual(new OrderShipped("1", "ups"));
    expect(order).toEqual(["published", "resolved"]);
    expectTypeOf(next).toEqualTypeOf<Promise<OrderEvent>>();
  });

  it("cancels its subscription once it resolved, discarding what else it had accepted", async () => {
    const bus = new Bus<OrderEvent>();
    const next = bus.waitFor(["orders/1/placed", "orders/2/placed"]);
    void bus.publish(new OrderPlaced("2"));
    void bus.publish(new OrderPlaced("1"));

    expect(await next).toEqual(new OrderPlaced("2"));
    expect(bus.stats.subscriptions).toEqual([]);
    expect(bus.stats.delivered).toBe(1);
    await bus.drain();
  });

  it("skips events the filter rejects, and a type guard narrows the result", async () => {
    const bus = new Bus<OrderEvent>();
    const shipped = bus.waitFor("orders/*/*", { filter: isKind(OrderShipped) });
    const second = bus.waitFor("orders/*/placed", { filter: (event) => event.orderId === "2" });
    expectTypeOf(shipped).toEqualTypeOf<Promise<OrderShipped>>();
    expectTypeOf(second).toEqualTypeOf<Promise<OrderEvent>>();

    void bus.publish(new OrderPlaced("1"));
    void bus.publish(new OrderPlaced("2"));
    void bus.publish(new OrderShipped("2", "ups"));

    expect((await shipped).carrier).toBe("ups");
    expect(await second).toEqual(new OrderPlaced("2"));
  });

  it("narrows a discriminated union by its type field", async () => {
    const bus = new Bus<UserEvent>();
    const updated = bus.waitFor("users/*/*", { filter: isKind("user.updated") });
    expectTypeOf(updated).toEqualTypeOf<Promise<Extract<UserEvent, { type: "user.updated" }>>>();

    void bus.publish(userDeleted("1"));
    void bus.publish(userUpdated("2", "Ada"));
    expect((await updated).name).toBe("Ada");
  });

  it("with an already aborted signal rejects with its reason and leaves no subscription", async () => {
    const bus = new Bus<OrderEvent>();
    const reason = new Error("too late");

    await expect(bus.waitFor("orders/*/placed", { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(bus.stats.subscriptions).toEqual([]);
    await bus.publish(new OrderPlaced("1"));
    expect(bus.stats.delivered).toBe(0);
  });

  it("rejects with the signal's reason when it aborts while waiting, and unsubscribes", async () => {
    const bus = new Bus<OrderEvent>();
    const controller = new AbortController();
    const next = bus.waitFor("orders/*/placed", { signal: controller.signal });
    await settle();
    expect(bus.stats.subscriptions).toHaveLength(1);

    controller.abort(new DOMException("timed out", "TimeoutError"));
    await expect(next).rejects.toMatchObject({ name: "TimeoutError", message: "timed out" });
    expect(bus.stats.subscriptions).toEqual([]);
  });

  it("ignores its signal once it resolved", async () => {
    const bus = new Bus<OrderEvent>();
    const controller = new AbortController();
    const next = bus.waitFor("orders/*/placed", { signal: controller.signal });
    await bus.publish(new OrderPlaced("1"));
    const event = await next;

    controller.abort();
    expect(event).toEqual(new OrderPlaced("1"));
  });

  it("leaves no listener on its signal once it settled", async () => {
    const bus = new Bus<OrderEvent>();
    const resolving = new AbortController();
    const aborting = new AbortController();
    const next = bus.waitFor("orders/*/placed", { signal: resolving.signal });
    const abandoned = bus.waitFor("orders/*/placed", { signal: aborting.signal });
    expect(getEventListeners(resolving.signal, "abort")).toHaveLength(1);

    aborting.abort();
    await abandoned.catch(() => undefined);
    await bus.publish(new OrderPlaced("1"));
    await next;
    expect(getEventListeners(resolving.signal, "abort")).toHaveLength(0);
    expect(getEventListeners(aborting.signal, "abort")).toHaveLength(0);
  });

  it("rejects with a BusClosedError when the bus closes first, or was closed", async () => {
    const bus = new Bus<OrderEvent>();
    const next = bus.waitFor("orders/*/placed");
    const state = track(next);
    const closing = bus.close();

    await expect(next).rejects.toBeInstanceOf(BusClosedError);
    await closing;
    expect(state.settled).toBe(true);
    await expect(bus.waitFor("orders/*/placed")).rejects.toMatchObject({ name: "BusClosedError" });
  });

  it("rejects with the filter's error and unsubscribes when the filter throws", async () => {
    const bus = new Bus<OrderEvent>();
    const failure = new Error("bad filter");
    const next = bus.waitFor("orders/*/placed", {
      filter: () => {
        throw failure;
      },
    });
    void bus.publish(new OrderPlaced("1"));

    await expect(next).rejects.toBe(failure);
    expect(bus.stats.subscriptions).toEqual([]);
    expect(bus.stats.listenerErrors).toBe(0);
  });

  it("rejects bad input with a clear error and subscribes nothing", async () => {
    const bus = new Bus<OrderEvent>();
    await expect(bus.waitFor([])).rejects.toThrow(new TypeError("waitFor needs a topic to wait on. Received an instance of Array"));
    // @ts-expect-error a topic is required
    await expect(bus.waitFor()).rejects.toThrow(new TypeError("waitFor needs a topic to wait on. Received undefined"));
    await expect(bus.waitFor("orders/*x")).rejects.toThrow(/Invalid topic "orders\/\*x"/);
    // @ts-expect-error the filter must be a function
    await expect(bus.waitFor("orders/*", { filter: 1 })).rejects.toThrow(/"filter" option must be a function. Received number 1/);
    // @ts-expect-error the signal must be an AbortSignal
    await expect(bus.waitFor("orders/*", { signal: "soon" })).rejects.toThrow(/"signal" option must be an AbortSignal/);
    expect(bus.stats.subscriptions).toEqual([]);
  });
});
