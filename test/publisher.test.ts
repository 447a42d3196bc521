import { describe, expect, expectTypeOf, it } from "vitest";
import { Bus, type Context, type Publisher } from "../src/index.js";
import { OrderPlaced, OrderShipped, userDeleted, type OrderEvent } from "./sample-events.js";

/** Domain code that depends on publishing only. */
class Checkout {
  constructor(private readonly events: Publisher<OrderEvent>) {}
  place(orderId: string): Promise<void> {
    return this.events.publish(new OrderPlaced(orderId));
  }
}

describe("Publisher", () => {
  it("is implemented by a bus and by a listener's ctx", () => {
    expectTypeOf<Bus<OrderEvent>>().toMatchTypeOf<Publisher<OrderEvent>>();
    expectTypeOf<Context<OrderEvent>>().toMatchTypeOf<Publisher<OrderEvent>>();
    expectTypeOf<Publisher<OrderEvent>>().toHaveProperty("publishSync");
  });

  it("does not accept events of another kind", () => {
    const orders: Publisher<OrderEvent> = new Bus<OrderEvent>();
    // @ts-expect-error a user event is not an OrderEvent
    void orders.publish(userDeleted("1")).catch(() => undefined);
  });

  it("lets domain code publish on a real bus", async () => {
    const bus = new Bus<OrderEvent>();
    const placed = bus.waitFor("orders/*/placed");
    await new Checkout(bus).place("5");
    expect(await placed).toEqual(new OrderPlaced("5"));
  });

  it("lets a listener hand its ctx to domain code", async () => {
    const bus = new Bus<OrderEvent>();
    bus.subscribe((ctx) => new Checkout(ctx).place("6"), { topics: "orders/*/shipped" });
    const placed = bus.waitFor("orders/6/placed");
    await bus.publish(new OrderShipped("0", "ups"));
    expect(await placed).toEqual(new OrderPlaced("6"));
  });
});
