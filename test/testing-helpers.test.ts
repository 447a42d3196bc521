import { getEventListeners } from "node:events";
import { describe, expect, expectTypeOf, it } from "vitest";
import { Bus, newTopic, type Publisher } from "../src/index.js";
import { BusRecorder, RecordingPublisher, settle } from "../src/testing.js";
import { OrderPlaced, OrderShipped, userDeleted, userUpdated, type OrderEvent, type UserEvent } from "./sample-events.js";
import { gate, settle as letQueuedWorkRun, track } from "./helpers.js";

describe("RecordingPublisher", () => {
  it("is a Publisher that keeps what was published, in order, at once", () => {
    const publisher = new RecordingPublisher<OrderEvent>();
    expectTypeOf(publisher).toMatchTypeOf<Publisher<OrderEvent>>();

    void publisher.publish(new OrderPlaced("1"));
    void publisher.publishSync(new OrderShipped("1", "ups"));

    expect(publisher.events).toEqual([new OrderPlaced("1"), new OrderShipped("1", "ups")]);
    expect(publisher.count).toBe(2);
  });

  it("finds events by kind, narrowed, and by topic pattern", async () => {
    const orders = new RecordingPublisher<OrderEvent>();
    await orders.publish(new OrderPlaced("1"));
    await orders.publish(new OrderShipped("1", "ups"));
    await orders.publish(new OrderPlaced("2"));

    const shipped = orders.ofKind(OrderShipped);
    expectTypeOf(shipped).toEqualTypeOf<OrderShipped[]>();
    expect(shipped.map((event) => event.carrier)).toEqual(["ups"]);
    expect(orders.onTopic("orders/*/placed")).toEqual([new OrderPlaced("1"), new OrderPlaced("2")]);
    expect(orders.onTopic(newTopic("orders", "1", "*"))).toEqual([new OrderPlaced("1"), new OrderShipped("1", "ups")]);

    const users = new RecordingPublisher<UserEvent>();
    await users.publish(userUpdated("1", "Ada"));
    await users.publish(userDeleted("1"));
    const deleted = users.ofKind("user.deleted");
    expectTypeOf(deleted).toEqualTypeOf<Extract<UserEvent, { type: "user.deleted" }>[]>();
    expect(deleted.map((event) => event.userId)).toEqual(["1"]);
  });

  it("refuses what a bus refuses, recording nothing", async () => {
    const publisher = new RecordingPublisher<OrderEvent>();
    const pattern = { orderId: "x", topics: () => ["orders/*/placed"] };
    const reason = new Error("aborted");

    await expect(publisher.publish(pattern)).rejects.toThrow(/Cannot publish to the pattern "orders\/\*\/placed"/);
    // @ts-expect-error not an event
    await expect(publisher.publishSync(42)).rejects.toThrow(/must be an object with a topics\(\) method. Received number 42/);
    await expect(publisher.publish({ orderId: "x", topics: () => [] })).rejects.toThrow(/at least one topic/);
    await expect(publisher.publish(new OrderPlaced("1"), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(publisher.events).toEqual([]);
  });

  it("clear() forgets what was recorded", async () => {
    const publisher = new RecordingPublisher<OrderEvent>();
    await publisher.publish(new OrderPlaced("1"));
    publisher.clear();
    expect(publisher.events).toEqual([]);
    await publisher.publish(new OrderPlaced("2"));
    expect(await publisher.nth(1)).toEqual(new OrderPlaced("2"));
  });

  it("hands out copies, so a test cannot change what was recorded", async () => {
    const publisher = new RecordingPublisher<OrderEvent>();
    await publisher.publish(new OrderPlaced("1"));
    publisher.events.pop();
    expect(publisher.count).toBe(1);
  });
});

describe("BusRecorder", () => {
  it("records the events a bus delivers on its topics, in order", async () => {
    const bus = new Bus<OrderEvent>();
    const recorder = new BusRecorder(bus, { topics: "orders/*/placed" });
    void bus.publish(new OrderPlaced("1"));
    void bus.publish(new OrderShipped("1", "ups"));
    void bus.publish(new OrderPlaced("2"));
    expect(recorder.events).toEqual([]); // delivery never happens inside publish

    await bus.drain();
    expect(recorder.events).toEqual([new OrderPlaced("1"), new OrderPlaced("2")]);
  });

  it("records every event with all: true, and topics added to its subscription", async () => {
    const bus = new Bus<OrderEvent>();
    const everything = new BusRecorder(bus, { all: true });
    const some = new BusRecorder(bus, { topics: "orders/*/placed" });
    some.subscription.addTopic("orders/*/shipped");

    await bus.publish(new OrderPlaced("1"));
    await bus.publish(new OrderShipped("1", "ups"));
    await bus.drain();
    expect(everything.count).toBe(2);
    expect(some.count).toBe(2);
  });

  it("nth() waits for the n-th event, or resolves at once when it is there", async () => {
    const bus = new Bus<OrderEvent>();
    const recorder = new BusRecorder(bus, { topics: "orders/*/*" });
    const second = recorder.nth(2);
    const state = track(second);

    await bus.publish(new OrderPlaced("1"));
    await letQueuedWorkRun();
    expect(state.settled).toBe(false);
    await bus.publish(new OrderShipped("1", "ups"));

    expect(await second).toEqual(new OrderShipped("1", "ups"));
    expect(await recorder.nth(1)).toEqual(new OrderPlaced("1"));
  });

  it("nth() rejects saying how many arrived when its signal aborts", async () => {
    const bus = new Bus<OrderEvent>();
    const recorder = new BusRecorder(bus, { topics: "orders/*/*" });
    const controller = new AbortController();
    const third = recorder.nth(3, { signal: controller.signal });
    await bus.publishSync(new OrderPlaced("1"));

    const reason = new DOMException("timed out", "TimeoutError");
    controller.abort(reason);
    await expect(third).rejects.toThrow("Waited for event 3 but 1 arrived before the signal aborted");
    await expect(third).rejects.toMatchObject({ cause: reason });
    await expect(recorder.nth(2, { signal: AbortSignal.abort() })).rejects.toThrow(
      "Waited for event 2 but 1 arrived before the signal aborted",
    );
  });

  it("nth() leaves no listener on its signal once it settled", async () => {
    const bus = new Bus<OrderEvent>();
    const recorder = new BusRecorder(bus, { topics: "orders/*/*" });
    const controller = new AbortController();
    const first = recorder.nth(1, { signal: controller.signal });
    const second = recorder.nth(2, { signal: controller.signal });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(2);

    await bus.publish(new OrderPlaced("1"));
    await first;
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    recorder.stop();
    await second.catch(() => undefined);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("nth() rejects once the recorder stopped, and stop() keeps what was recorded", async () => {
    const bus = new Bus<OrderEvent>();
    const recorder = new BusRecorder(bus, { topics: "orders/*/*" });
    await bus.publishSync(new OrderPlaced("1"));
    const second = recorder.nth(2);

    recorder.stop();
    await expect(second).rejects.toThrow("Waited for event 2 but 1 arrived before the recorder stopped");
    await expect(recorder.nth(5)).rejects.toThrow("Waited for event 5 but 1 arrived before the recorder stopped");
    await bus.publish(new OrderPlaced("2"));
    expect(recorder.events).toEqual([new OrderPlaced("1")]);
    expect(bus.stats.subscriptions).toEqual([]);
  });

  it("stops when the bus closes, when its signal aborts, and when disposed", async () => {
    const bus = new Bus<OrderEvent>();
    const controller = new AbortController();
    const bySignal = new BusRecorder(bus, { topics: "orders/*/*", signal: controller.signal });
    const byClose = new BusRecorder(bus, { topics: "orders/*/*" });
    {
      using disposed = new BusRecorder(bus, { topics: "orders/*/*" });
      expect(disposed.subscription.active).toBe(true);
    }
    expect(bus.stats.subscriptions).toHaveLength(2);

    controller.abort();
    expect(bySignal.subscription.active).toBe(false);
    await bus.close();
    await expect(byClose.nth(1)).rejects.toThrow("before the recorder stopped");
  });

  it("rejects bad input with a clear error", () => {
    const bus = new Bus<OrderEvent>();
    const recorder = new BusRecorder(bus, { topics: "orders/*/*" });
    expect(() => new BusRecorder(bus, { topics: "orders/**" })).toThrow(TypeError);
    // @ts-expect-error options must be an object
    expect(() => new BusRecorder(bus, "orders/*")).toThrow(/"options" argument must be an object/);
    expect(bus.stats.subscriptions).toHaveLength(1);
    return Promise.all([
      expect(recorder.nth(0)).rejects.toThrow(new RangeError("nth() counts from 1: n must be a positive integer. Received number 0")),
      expect(recorder.nth(1.5)).rejects.toThrow(RangeError),
      // @ts-expect-error the signal must be an AbortSignal
      expect(recorder.nth(1, { signal: 5 })).rejects.toThrow(/"signal" option must be an AbortSignal/),
    ]);
  });
});

describe("settle()", () => {
  it("waits for listeners, the publishes they make, and code that awaited them", async () => {
    const bus = new Bus<OrderEvent>();
    const recorder = new BusRecorder(bus, { topics: "orders/*/shipped" });
    bus.subscribe((ctx, event) => ctx.publish(new OrderShipped(event.orderId, "ups")), { topics: "orders/*/placed" });
    const placeThenPlaceAgain = async () => {
      await bus.publish(new OrderPlaced("1"));
      await Promise.resolve();
      await bus.publish(new OrderPlaced("2"));
    };

    void placeThenPlaceAgain();
    await settle(bus);
    expect(recorder.events).toEqual([new OrderShipped("1", "ups"), new OrderShipped("2", "ups")]);
  });

  it("waits for a slow listener", async () => {
    const bus = new Bus<OrderEvent>();
    const slow = gate();
    let handled = false;
    bus.subscribe(
      async () => {
        await slow.promise;
        handled = true;
      },
      { topics: "orders/*/placed" },
    );
    await bus.publish(new OrderPlaced("1"));

    const settled = track(settle(bus));
    await letQueuedWorkRun();
    expect(settled.settled).toBe(false);
    slow.open();
    await settle(bus);
    expect(handled).toBe(true);
  });

  it("rejects when something keeps publishing from task to task", async () => {
    const bus = new Bus<OrderEvent>();
    let stopped = false;
    // Each event schedules the next in a new task, as a ticker would.
    bus.subscribe(
      (_ctx, event) => {
        setTimeout(() => stopped || void bus.publish(event), 0);
      },
      { topics: "orders/*/placed" },
    );
    await bus.publish(new OrderPlaced("1"));

    await expect(settle(bus)).rejects.toThrow(
      "settle(): the bus was still busy after 1000 rounds; something keeps publishing",
    );
    stopped = true;
  });
});
