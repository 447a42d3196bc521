import { Bus, listenerOn, type Event, type Publisher } from "@flamigo/events";
import { BusRecorder, RecordingPublisher, settle } from "@flamigo/events/testing";
import { describe, expect, it } from "vitest";

class OrderPlaced implements Event {
  constructor(
    readonly orderId: string,
    readonly total: number,
  ) {}
  topics() {
    return [`orders/${this.orderId}/placed`];
  }
}

class ReceiptSent implements Event {
  constructor(readonly orderId: string) {}
  topics() {
    return [`receipts/${this.orderId}`];
  }
}

type ShopEvent = OrderPlaced | ReceiptSent;

// Domain code depends on Publisher, not on Bus.
class Checkout {
  constructor(private readonly events: Publisher<ShopEvent>) {}

  async place(orderId: string, total: number): Promise<void> {
    if (total <= 0) throw new RangeError(`Order ${orderId} needs a positive total`);
    await this.events.publish(new OrderPlaced(orderId, total));
  }
}

const sendReceipts = listenerOn(OrderPlaced, (ctx, order) => ctx.publish(new ReceiptSent(order.orderId)));

describe("Checkout", () => {
  it("publishes OrderPlaced", async () => {
    const events = new RecordingPublisher<ShopEvent>();

    await new Checkout(events).place("42", 30);

    expect(events.ofKind(OrderPlaced)).toEqual([new OrderPlaced("42", 30)]);
    expect(events.onTopic("orders/*/placed")).toHaveLength(1);
  });

  it("publishes nothing for an empty order", async () => {
    const events = new RecordingPublisher<ShopEvent>();

    await expect(new Checkout(events).place("43", 0)).rejects.toThrow(RangeError);

    expect(events.events).toEqual([]);
  });

  it("leads to a receipt on a real bus", async () => {
    const bus = new Bus<ShopEvent>();
    bus.subscribe(sendReceipts, { topics: "orders/*/placed" });
    using receipts = new BusRecorder(bus, { topics: "receipts/*" });

    await new Checkout(bus).place("44", 12);

    expect(await receipts.nth(1)).toEqual(new ReceiptSent("44"));
  });

  it("has sent every receipt once the bus settled", async () => {
    const bus = new Bus<ShopEvent>();
    bus.subscribe(sendReceipts, { topics: "orders/*/placed" });
    using receipts = new BusRecorder(bus, { topics: "receipts/*" });
    const checkout = new Checkout(bus);

    void checkout.place("45", 5);
    void checkout.place("46", 7);
    await settle(bus);

    expect(receipts.events).toEqual([new ReceiptSent("45"), new ReceiptSent("46")]);
  });
});
