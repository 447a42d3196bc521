import { describe, expect, expectTypeOf, it } from "vitest";
import { Bus, isKind, listenerOn, type Context, type Event, type Listener, type OfKind } from "../src/index.js";
import {
  OrderPlaced,
  OrderShipped,
  userDeleted,
  userUpdated,
  type OrderEvent,
  type UserEvent,
} from "./sample-events.js";

describe("listenerOn()", () => {
  it("runs a class-based listener only for instances, with the event narrowed", async () => {
    const bus = new Bus<OrderEvent>();
    const carriers: string[] = [];
    bus.subscribe(
      listenerOn(OrderShipped, (ctx, event) => {
        expectTypeOf(event).toEqualTypeOf<OrderShipped>();
        expectTypeOf(ctx).toEqualTypeOf<Context<OrderEvent>>();
        carriers.push(event.carrier);
      }),
      { topics: "orders/*/*" },
    );

    await bus.publishSync(new OrderPlaced("1"));
    await bus.publishSync(new OrderShipped("1", "ups"));
    expect(carriers).toEqual(["ups"]);
  });

  it("runs a union listener only for its `type`, with the event narrowed", async () => {
    const bus = new Bus<UserEvent>();
    const names: string[] = [];
    bus.subscribe(
      listenerOn("user.updated", (_ctx, event) => {
        expectTypeOf(event).toEqualTypeOf<Extract<UserEvent, { type: "user.updated" }>>();
        names.push(event.name);
      }),
      { topics: "users/*/*" },
    );

    await bus.publishSync(userDeleted("7"));
    await bus.publishSync(userUpdated("7", "Ada"));
    expect(names).toEqual(["Ada"]);
  });

  it("keeps the bus's full event type for ctx, so a narrowed listener can publish any event", async () => {
    const bus = new Bus<OrderEvent>();
    bus.subscribe(listenerOn(OrderPlaced, (ctx, event) => ctx.publish(new OrderShipped(event.orderId, "ups"))), {
      topics: "orders/*/placed",
    });
    const shipped = bus.waitFor("orders/*/shipped");

    await bus.publish(new OrderPlaced("9"));
    expect(await shipped).toEqual(new OrderShipped("9", "ups"));
  });

  it("returns the listener's promise, so the subscription waits for it", async () => {
    const bus = new Bus<OrderEvent>();
    const steps: string[] = [];
    bus.subscribe(
      listenerOn(OrderPlaced, async (_ctx, event) => {
        await Promise.resolve();
        steps.push(`handled ${event.orderId}`);
      }),
      { topics: "orders/*/placed" },
    );

    await bus.publishSync(new OrderPlaced("1"));
    steps.push("publishSync resolved");
    expect(steps).toEqual(["handled 1", "publishSync resolved"]);
  });

  it("works with the default Event type too", () => {
    const listener: Listener<Event> = listenerOn(OrderPlaced, (ctx, event) => {
      expectTypeOf(event).toEqualTypeOf<OrderPlaced>();
      expectTypeOf(ctx).toEqualTypeOf<Context<Event>>();
    });
    new Bus().subscribe(listener, { topics: "orders/*/placed" }).cancel();
  });

  it("rejects kinds the bus's events cannot have, at compile time", () => {
    const bus = new Bus<UserEvent>();
    // @ts-expect-error "user.created" is not a type of UserEvent
    bus.subscribe(listenerOn("user.created", () => undefined)).cancel();
    const orders = new Bus<OrderEvent>();
    // @ts-expect-error Date is not an OrderEvent
    orders.subscribe(listenerOn(Date, () => undefined)).cancel();
  });

  it("throws a clear TypeError for a bad kind or listener", () => {
    // @ts-expect-error a kind is a class or a string
    expect(() => listenerOn(42, () => undefined)).toThrow(
      new TypeError('An event kind must be a class or a "type" string. Received number 42'),
    );
    // @ts-expect-error the listener must be a function
    expect(() => listenerOn(OrderPlaced, null)).toThrow(
      new TypeError('The "listener" argument must be a function. Received null'),
    );
  });
});

describe("isKind()", () => {
  it("is a type guard for a class or a `type` value", () => {
    const orders: OrderEvent[] = [new OrderPlaced("1"), new OrderShipped("1", "ups")];
    const shipped = orders.filter(isKind(OrderShipped));
    expectTypeOf(shipped).toEqualTypeOf<OrderShipped[]>();
    expect(shipped).toEqual([new OrderShipped("1", "ups")]);

    const users = [userUpdated("1", "Ada"), userDeleted("2")];
    const deleted = users.filter(isKind("user.deleted"));
    expectTypeOf(deleted).toEqualTypeOf<Extract<UserEvent, { type: "user.deleted" }>[]>();
    expect(deleted.map((event) => event.userId)).toEqual(["2"]);
  });

  it("does not match values without the field or of another class", () => {
    const isDeleted = isKind<UserEvent, "user.deleted">("user.deleted");
    expect(isDeleted(userUpdated("1", "Ada"))).toBe(false);
    expect(isKind(OrderPlaced)(null)).toBe(false);
    expect(isKind(OrderPlaced)(new OrderShipped("1", "ups"))).toBe(false);
    expect(isKind<UserEvent | null, "user.deleted">("user.deleted")(null)).toBe(false);
  });

  it("names the narrowed type with OfKind", () => {
    expectTypeOf<OfKind<OrderEvent, typeof OrderPlaced>>().toEqualTypeOf<OrderPlaced>();
    expectTypeOf<OfKind<UserEvent, "user.updated">>().toEqualTypeOf<Extract<UserEvent, { type: "user.updated" }>>();
  });
});
