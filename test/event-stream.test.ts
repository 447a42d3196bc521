import { getEventListeners } from "node:events";
import { describe, expect, expectTypeOf, it } from "vitest";
import { Bus, EventStream, isKind } from "../src/index.js";
import { OrderPlaced, OrderShipped, type OrderEvent } from "./sample-events.js";
import { gate, settle, track } from "./helpers.js";

describe("bus.events()", () => {
  it("yields the matching events in publish order, and no others", async () => {
    const bus = new Bus<OrderEvent>();
    const stream = bus.events({ topics: "orders/*/placed" });
    void bus.publish(new OrderPlaced("1"));
    void bus.publish(new OrderShipped("1", "ups"));
    void bus.publish(new OrderPlaced("2"));

    const seen: string[] = [];
    for await (const event of stream) {
      seen.push(event.orderId);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(["1", "2"]);
  });

  it("subscribes when called, so events published before the loop starts are not missed", async () => {
    const bus = new Bus<OrderEvent>();
    const stream = bus.events({ topics: "orders/1/placed" });
    await bus.publish(new OrderPlaced("1"));
    await settle(); // the listener ran before the loop asked

    const first = await stream.next();
    expect(first).toEqual({ done: false, value: new OrderPlaced("1") });
  });

  it("gives backpressure: a slow loop makes publishers wait for room in its queue", async () => {
    const bus = new Bus<OrderEvent>();
    const stream = bus.events({ topics: "orders/*/placed", capacity: 1 });

    const first = track(bus.publish(new OrderPlaced("1")));
    await settle(); // the stream's listener took event 1 and holds it for the loop
    const second = track(bus.publish(new OrderPlaced("2"))); // queued: the one free slot
    const third = bus.publish(new OrderPlaced("3")); // no room: waits
    const thirdState = track(third);
    await settle();
    expect(first.settled).toBe(true);
    expect(second.settled).toBe(true);
    expect(thirdState.settled).toBe(false);
    expect(stream.subscription.pending).toBe(1);

    expect((await stream.next()).value).toEqual(new OrderPlaced("1"));
    await settle();
    expect(thirdState.settled).toBe(false); // the loop still works on event 1

    expect((await stream.next()).value).toEqual(new OrderPlaced("2")); // done with 1: event 2 starts, 3 gets room
    await third;
    expect(stream.subscription.pending).toBe(1);
  });

  it("breaking out of the loop cancels the subscription, discards its queue and releases waiting publishers", async () => {
    const bus = new Bus<OrderEvent>();
    const stream = bus.events({ topics: "orders/*/placed", capacity: 1 });
    void bus.publish(new OrderPlaced("1"));
    await settle();
    void bus.publish(new OrderPlaced("2"));
    const waiting = bus.publish(new OrderPlaced("3"));

    for await (const event of stream) {
      expect(event.orderId).toBe("1");
      break;
    }

    await waiting; // released, not delivered
    expect(stream.subscription.active).toBe(false);
    expect(stream.subscription.pending).toBe(0);
    expect(bus.stats.subscriptions).toEqual([]);
    expect(bus.stats.delivered).toBe(1);
    await bus.drain(); // nothing the stream took stays in flight
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it("leaves no listener on its signal once the loop broke out", async () => {
    const bus = new Bus<OrderEvent>();
    const controller = new AbortController();
    const stream = bus.events({ topics: "orders/*/placed", signal: controller.signal });
    void bus.publish(new OrderPlaced("1"));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);

    for await (const _event of stream) break;
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("makes close() wait until the loop is done with the event it holds", async () => {
    const bus = new Bus<OrderEvent>();
    const stream = bus.events({ topics: "orders/*/placed" });
    void bus.publish(new OrderPlaced("1"));
    expect((await stream.next()).value).toEqual(new OrderPlaced("1"));

    const closing = track(bus.close());
    await settle();
    expect(closing.settled).toBe(false);
    expect(await stream.next()).toEqual({ done: true, value: undefined }); // done with event 1; close ends the stream
    await closing.promise;
  });

  it("return() ends a loop that waits for an event", async () => {
    const bus = new Bus<OrderEvent>();
    const stream = bus.events({ topics: "orders/*/placed" });
    const next = stream.next();

    expect(await stream.return()).toEqual({ done: true, value: undefined });
    expect(await next).toEqual({ done: true, value: undefined });
    expect(stream.subscription.active).toBe(false);
  });

  it("ends quietly when its signal aborts, releasing the event the loop was working on", async () => {
    const bus = new Bus<OrderEvent>();
    const controller = new AbortController();
    const stream = bus.events({ topics: "orders/*/placed", signal: controller.signal });
    const handled = bus.publishSync(new OrderPlaced("1"));

    const seen: string[] = [];
    for await (const event of stream) {
      seen.push(event.orderId);
      controller.abort(new Error("shutting down"));
    }

    expect(seen).toEqual(["1"]);
    expect(stream.subscription.active).toBe(false);
    await handled; // publishSync stopped waiting for the cancelled subscription
    await bus.drain();
  });

  it("with an already aborted signal, yields nothing and registers nothing", async () => {
    const bus = new Bus<OrderEvent>();
    const stream = bus.events({ topics: "orders/*/placed", signal: AbortSignal.abort() });
    await bus.publish(new OrderPlaced("1"));

    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(bus.stats.delivered).toBe(0);
    expect(bus.stats.subscriptions).toEqual([]);
  });

  it("ends when its subscription is cancelled or the bus closes", async () => {
    const bus = new Bus<OrderEvent>();
    const cancelled = bus.events({ topics: "orders/*/placed" });
    const closed = bus.events({ topics: "orders/*/placed" });
    const waitingOnCancel = cancelled.next();
    const waitingOnClose = closed.next();

    cancelled.subscription.cancel();
    expect(await waitingOnCancel).toEqual({ done: true, value: undefined });
    await bus.close();
    expect(await waitingOnClose).toEqual({ done: true, value: undefined });
  });

  it("follows topics added and removed at runtime", async () => {
    const bus = new Bus<OrderEvent>();
    const stream = bus.events({ topics: "orders/*/placed" });
    stream.subscription.addTopic("orders/*/shipped");
    stream.subscription.removeTopic("orders/*/placed");
    void bus.publish(new OrderPlaced("1"));
    void bus.publish(new OrderShipped("1", "ups"));

    expect((await stream.next()).value).toEqual(new OrderShipped("1", "ups"));
    await stream.return();
  });

  it("yields only what the filter accepts, narrowed by a type guard", async () => {
    const bus = new Bus<OrderEvent>();
    const stream = bus.events({ topics: "orders/*/*", filter: isKind(OrderShipped) });
    expectTypeOf(stream).toEqualTypeOf<EventStream<OrderShipped>>();
    void bus.publish(new OrderPlaced("1"));
    void bus.publish(new OrderShipped("1", "dhl"));

    const { value } = await stream.next();
    expectTypeOf(value).toEqualTypeOf<OrderShipped | undefined>();
    expect(value).toEqual(new OrderShipped("1", "dhl"));
    expect(bus.stats.delivered).toBe(2); // the skipped event went through the listener too
    await stream.return();
  });

  it("reports a filter that throws like a failing listener and goes on", async () => {
    const errors: unknown[] = [];
    const bus = new Bus<OrderEvent>({ onError: (error) => errors.push(error) });
    const failure = new Error("bad filter");
    const stream = bus.events({
      topics: "orders/*/placed",
      filter: (event) => {
        if (event.orderId === "1") throw failure;
        return true;
      },
    });
    void bus.publish(new OrderPlaced("1"));
    void bus.publish(new OrderPlaced("2"));

    expect((await stream.next()).value).toEqual(new OrderPlaced("2"));
    expect(errors).toEqual([failure]);
    await stream.return();
  });

  it("hands concurrent next() calls successive events", async () => {
    const bus = new Bus<OrderEvent>();
    const stream = bus.events({ topics: "orders/*/placed" });
    const first = stream.next();
    const second = stream.next();
    void bus.publish(new OrderPlaced("1"));
    void bus.publish(new OrderPlaced("2"));

    expect((await first).value).toEqual(new OrderPlaced("1"));
    expect((await second).value).toEqual(new OrderPlaced("2"));
    await stream.return();
  });

  it("lets publishSync resolve once the loop asks for the next event", async () => {
    const bus = new Bus<OrderEvent>();
    const stream = bus.events({ topics: "orders/*/placed" });
    const handled = track(bus.publishSync(new OrderPlaced("1")));
    const working = gate();

    const loop = (async () => {
      for await (const event of stream) {
        await working.promise;
        if (event.orderId === "1") return;
      }
    })();
    await settle();
    expect(handled.settled).toBe(false); // the loop is still working on it

    working.open();
    await loop;
    await settle();
    expect(handled.settled).toBe(true);
  });

  it("rejects bad options with a clear error and registers nothing", () => {
    const bus = new Bus<OrderEvent>();
    // @ts-expect-error the filter must be a function
    expect(() => bus.events({ topics: "orders/*", filter: "placed" })).toThrow(
      new TypeError('The "filter" option must be a function. Received "placed"'),
    );
    // @ts-expect-error a stream has no concurrency
    expect(() => bus.events({ topics: "orders/*", concurrency: 4 })).toThrow(
      /"concurrency" option does not apply to a stream.*Received number 4/,
    );
    expect(() => bus.events({ topics: "orders//placed" })).toThrow(TypeError);
    expect(() => bus.events({ topics: "orders/*", capacity: 0 })).toThrow(RangeError);
    // @ts-expect-error options must be an object
    expect(() => bus.events("orders/*")).toThrow(/"options" argument must be an object/);
    expect(bus.stats.subscriptions).toEqual([]);
  });

  it("is an async iterable iterator of the bus's events", () => {
    const bus = new Bus<OrderEvent>();
    const stream = bus.events({ topics: "orders/*/placed" });
    expectTypeOf(stream).toEqualTypeOf<EventStream<OrderEvent>>();
    expectTypeOf(stream).toMatchTypeOf<AsyncIterableIterator<OrderEvent>>();
    expect(stream[Symbol.asyncIterator]()).toBe(stream);
    stream.subscription.cancel();
  });
});
