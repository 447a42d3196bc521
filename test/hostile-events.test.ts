import { describe, expect, it } from "vitest";
import { Bus } from "../src/index.js";
import { event, type TestEvent } from "./helpers.js";

/**
 * Publishes whose arguments run code while the bus reads them (a Proxy
 * array, as reactive-state libraries hand out, or a getter) and publish from
 * there. Whatever that code does, each event reaches exactly its own
 * matching subscriptions (guarantees 1 and 2).
 */

/** A bus with one subscription on "a" and one on "b", recording who got what. */
function busOnAandB() {
  const bus = new Bus<TestEvent>();
  const received: string[] = [];
  for (const topic of ["a", "b"]) bus.subscribe((_ctx, e) => void received.push(`${topic} got ${e.name}`), { topics: topic });
  return { bus, received };
}

/** `["a", "b"]`, publishing an "inner" event on `innerTopic` whenever its second entry is read. */
function listPublishingOnRead(bus: Bus<TestEvent>, innerTopic: string) {
  const published = { count: 0 };
  const list = new Proxy(["a", "b"], {
    get(target, key, receiver) {
      if (key === "1") {
        published.count++;
        void bus.publish(event("inner", innerTopic));
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { list, published };
}

/** `count` copies of `text`. */
function times(count: number, text: string): string[] {
  return Array<string>(count).fill(text);
}

describe("an event whose topic list publishes while it is read", () => {
  it("delivers both events to exactly their own subscriptions", async () => {
    const { bus, received } = busOnAandB();
    const { list, published } = listPublishingOnRead(bus, "b");

    await bus.publish({ name: "outer", topics: () => list });
    await bus.drain();

    expect(received.sort()).toEqual(["a got outer", ...times(published.count, "b got inner"), "b got outer"]);
  });

  it("delivers the outer event once to a subscription that both events reach", async () => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    bus.subscribe((_ctx, e) => void received.push(e.name), { topics: ["a", "b"] });
    const { list, published } = listPublishingOnRead(bus, "a");

    await bus.publish({ name: "outer", topics: () => list });
    await bus.drain();

    expect(received.sort()).toEqual([...times(published.count, "inner"), "outer"]);
  });
});

describe("a signal whose aborted getter publishes while the bus reads it", () => {
  it("delivers both events to exactly their own subscriptions", async () => {
    const { bus, received } = busOnAandB();
    let inner = 0;
    const publishingSignal = Object.create(new AbortController().signal, {
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

    expect(received.sort()).toEqual(["a got outer", ...times(inner, "b got inner")]);
  });
});
