import { describe, expectTypeOf, it } from "vitest";
import {
  Bus,
  type BusOptions,
  type Context,
  type Event,
  type Listener,
  type PublishOptions,
  type SubscribeOptions,
  type Subscription,
  type Topic,
  type TopicLike,
} from "../src/index.js";

class UserUpdated implements Event {
  constructor(readonly id: string) {}
  topics() {
    return [`users/${this.id}/updated`];
  }
}

class OrderPlaced implements Event {
  readonly kind = "order";
  topics() {
    return ["orders/placed"];
  }
}

describe("types", () => {
  it("infers the listener's event and context from the bus", () => {
    const bus = new Bus<UserUpdated>();
    bus.subscribe((ctx, event) => {
      expectTypeOf(event).toEqualTypeOf<UserUpdated>();
      expectTypeOf(ctx).toEqualTypeOf<Context<UserUpdated>>();
      expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
      expectTypeOf(ctx.subscription).toEqualTypeOf<Subscription>();
      expectTypeOf(ctx.publish).parameter(0).toEqualTypeOf<UserUpdated>();
    });
  });

  it("publishes only the bus's event type", () => {
    const bus = new Bus<UserUpdated>();
    expectTypeOf(bus.publish).parameter(0).toEqualTypeOf<UserUpdated>();
    expectTypeOf(bus.publish).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(bus.publishSync).returns.toEqualTypeOf<Promise<void>>();
    // Only type-checked, never run: the second call would reject.
    const wrongCalls = () => {
      // @ts-expect-error an OrderPlaced is not a UserUpdated
      void bus.publish(new OrderPlaced());
      // @ts-expect-error a plain value is not an event
      void bus.publish({ id: "42" });
    };
    expectTypeOf(wrongCalls).toBeFunction();
  });

  it("accepts a union of events and defaults to Event", () => {
    const union = new Bus<UserUpdated | OrderPlaced>();
    union.subscribe((_ctx, event) => {
      expectTypeOf(event).toEqualTypeOf<UserUpdated | OrderPlaced>();
    });
    const plain = new Bus();
    plain.subscribe((_ctx, event) => {
      expectTypeOf(event).toEqualTypeOf<Event>();
    });
    void plain.publish(new OrderPlaced());
  });

  it("takes sync and async listeners", () => {
    expectTypeOf<Listener<UserUpdated>>().returns.toEqualTypeOf<void | PromiseLike<void>>();
    const bus = new Bus<UserUpdated>();
    bus.subscribe(async () => undefined);
    bus.subscribe(() => undefined);
  });

  it("describes the public shapes of SPEC.md", () => {
    expectTypeOf<TopicLike>().toEqualTypeOf<Topic | string>();
    expectTypeOf<Subscription["topics"]>().toEqualTypeOf<readonly Topic[]>();
    expectTypeOf<Subscription[typeof Symbol.dispose]>().toEqualTypeOf<() => void>();
    expectTypeOf<SubscribeOptions["topics"]>().toEqualTypeOf<TopicLike | Iterable<TopicLike> | undefined>();
    expectTypeOf<PublishOptions["signal"]>().toEqualTypeOf<AbortSignal | undefined>();
    expectTypeOf<BusOptions<UserUpdated>["onError"]>().toEqualTypeOf<
      ((error: unknown, ctx: Context<UserUpdated>, event: UserUpdated) => void) | undefined
    >();
    expectTypeOf<Bus["closed"]>().toEqualTypeOf<boolean>();
  });
});
