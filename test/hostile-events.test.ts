import { describe, expect, it } from "vitest";
import { Bus } from "../src/index.js";
import { event, type TestEvent } from "./helpers.js";

/**
 * Publishes whose arguments run code while the bus reads them (a Proxy
 * array, as reactive-state libraries hand out, or a getter) and publish from
 * there. Whatever that code does, each event reaches exactly its own
 * matching subscriptions (guarantees 1 and 2).
 */
describe("an event whose topic list publishes while it is read", () => {
  it("delivers both events to exactly their own subscriptions", async () => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    bus.subscribe((_ctx, e) => void received.push(`a got ${e.name}`), { topics: "a" });
    bus.subscribe((_ctx, e) => void received.push(`b got ${e.name}`), { topics: "b" });
    const publishingList = new Proxy(["a", "b"], {
      get(target, key, receiver) {
        if (key === "1") void bus.publish(event("inner", "b"));
        return Reflect.get(target, key, receiver) as unknown;
      },
    });

    await bus.publish({ name: "outer", topics: () => publishingList });
    await bus.drain();

    expect(received.sort()).toEqual(["a got outer", "b got inner", "b got outer"]);
  });

  it("delivers the outer event once to a subscription that both events reach", async () => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    bus.subscribe((_ctx, e) => void received.push(e.name), { topics: ["a", "b"] });
    let published = false;
    const publishingList = new Proxy(["a", "b"], {
      get(target, key, receiver) {
        if (key === "1" && !published) {
          published = true;
          void bus.publish(event("inner", "a"));
        }
        return Reflect.get(target, key, receiver) as unknown;
      },
    });

    await bus.publish({ name: "outer", topics: () => publishingList });
    await bus.drain();

    expect(received.sort()).toEqual(["inner", "outer"]);
  });
});

describe("a signal whose aborted getter publishes while the bus reads it", () => {
  it("delivers both events to exactly their own subscriptions", async () => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    bus.subscribe((_ctx, e) => void received.push(`a got ${e.name}`), { topics: "a" });
    bus.subscribe((_ctx, e) => void received.push(`b got ${e.name}`), { topics: "b" });
    const controller = new AbortController();
    let inner = 0;
    const publishingSignal = Object.create(controller.signal, {
      aborted: {
        get: () => {
          inner++;
          void bus.publish(event("inner", "b"));
          return false;
        },
      },
      addEventListener: { value: () => undefined },
      removeEventListener: { value: () => undefined },
    }) as AbortSignal;

    await bus.publish(event("outer", "a"), { signal: publishingSignal });
    await bus.drain();

    expect(received.sort()).toEqual(["a got outer", ...Array<string>(inner).fill("b got inner")]);
  });
});
