import { describe, expect, it } from "vitest";
import { Bus, newTopic, parseTopic } from "../src/index.js";
import { event, settle, type TestEvent } from "./helpers.js";

function recorder(bus: Bus<TestEvent>, options: Parameters<Bus<TestEvent>["subscribe"]>[1]) {
  const received: string[] = [];
  const subscription = bus.subscribe((_ctx, e) => void received.push(e.name), options);
  return { received, subscription };
}

describe("1. delivery", () => {
  it("delivers to exact and wildcard patterns that match any of the event's topics", async () => {
    const bus = new Bus<TestEvent>();
    const exact = recorder(bus, { topics: "users/42/updated" });
    const wildcard = recorder(bus, { topics: "users/*/updated" });
    const other = recorder(bus, { topics: "orders/*" });
    const second = recorder(bus, { topics: ["nothing/here", "audit/log"] });

    await bus.publish(event("e1", "users/42/updated", "audit/log"));
    await bus.publish(event("e2", "users/7/updated"));
    await bus.drain();

    expect(exact.received).toEqual(["e1"]);
    expect(wildcard.received).toEqual(["e1", "e2"]);
    expect(other.received).toEqual([]);
    expect(second.received).toEqual(["e1"]);
  });

  it("accepts Topic objects wherever a topic is taken", async () => {
    const bus = new Bus<TestEvent>();
    const sub = recorder(bus, { topics: newTopic("a", "*") });
    await bus.publish(event("e", newTopic("a", "b")));
    await bus.drain();
    expect(sub.received).toEqual(["e"]);
    expect(sub.subscription.topics.map(String)).toEqual(["a/*"]);
  });

  it("accepts any iterable of topics from an event", async () => {
    const bus = new Bus<TestEvent>();
    const sub = recorder(bus, { topics: "a/b" });
    await bus.publish({
      name: "generated",
      *topics() {
        yield "x/y";
        yield parseTopic("a/b");
      },
    });
    await bus.drain();
    expect(sub.received).toEqual(["generated"]);
  });

  it("delivers every event to a subscription with `all`, and never twice", async () => {
    const bus = new Bus<TestEvent>();
    const all = recorder(bus, { all: true, topics: "a/*" });
    const later = recorder(bus, {});
    later.subscription.subscribeAll();
    await bus.publish(event("e1", "a/b", "z"));
    await bus.publish(event("e2", "q"));
    await bus.drain();
    expect(all.subscription.all).toBe(true);
    expect(all.received).toEqual(["e1", "e2"]);
    expect(later.received).toEqual(["e1", "e2"]);
  });

  it("delivers to nobody when nothing matches, and resolves", async () => {
    const bus = new Bus<TestEvent>();
    const sub = recorder(bus, { topics: "a/b" });
    await expect(bus.publish(event("e", "a/b/c"))).resolves.toBeUndefined();
    await expect(bus.publishSync(event("e", "a"))).resolves.toBeUndefined();
    await bus.drain();
    expect(sub.received).toEqual([]);
  });
});

describe("2. at most once", () => {
  it("delivers once however many patterns match however many topics", async () => {
    const bus = new Bus<TestEvent>();
    const sub = recorder(bus, { topics: ["a/b", "a/*", "*/b", "*/*", "c/d"], all: false });
    sub.subscription.subscribeAll();
    await bus.publish(event("e", "a/b", "c/d", "a/x"));
    await bus.drain();
    expect(sub.received).toEqual(["e"]);
  });

  it("delivers once when the event lists the same topic twice", async () => {
    const bus = new Bus<TestEvent>();
    const sub = recorder(bus, { topics: "a/b" });
    await bus.publishSync(event("e", "a/b", "a/b", parseTopic("a/b")));
    expect(sub.received).toEqual(["e"]);
  });
});

describe("3. never inside the caller", () => {
  it("runs no listener inside publish or publishSync", async () => {
    const bus = new Bus<TestEvent>();
    const log: string[] = [];
    bus.subscribe((_ctx, e) => void log.push(`listener ${e.name}`), { topics: "t" });
    const published = bus.publish(event("p", "t"));
    log.push("after publish");
    const synced = bus.publishSync(event("s", "t"));
    log.push("after publishSync");
    await Promise.all([published, synced]);
    expect(log).toEqual(["after publish", "after publishSync", "listener p", "listener s"]);
  });

  it("runs no listener inside a publish made by a listener", async () => {
    const bus = new Bus<TestEvent>();
    const log: string[] = [];
    bus.subscribe(
      (ctx, e) => {
        if (e.name !== "outer") return;
        void ctx.publish(event("inner", "inner"));
        void bus.publish(event("inner-direct", "inner"));
        log.push("outer listener went on");
      },
      { topics: "outer" },
    );
    bus.subscribe((_ctx, e) => void log.push(e.name), { topics: "inner" });
    await bus.publish(event("outer", "outer"));
    await bus.drain();
    expect(log).toEqual(["outer listener went on", "inner", "inner-direct"]);
  });
});

describe("8. runtime topics", () => {
  it("applies addTopic, removeTopic and subscribeAll from the next publish on", async () => {
    const bus = new Bus<TestEvent>();
    const sub = recorder(bus, { topics: "a" });
    await bus.publish(event("1", "b"));
    sub.subscription.addTopic("b");
    await bus.publish(event("2", "b"));
    sub.subscription.removeTopic("a");
    await bus.publish(event("3", "a"));
    sub.subscription.subscribeAll();
    await bus.publish(event("4", "z"));
    await bus.drain();
    expect(sub.received).toEqual(["2", "4"]);
    expect(sub.subscription.topics.map(String)).toEqual(["b"]);
  });

  it("decides recipients when publish is called, not when the event is handled", async () => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    const sub = bus.subscribe((_ctx, e) => void received.push(e.name), { topics: "a" });
    void bus.publish(event("queued", "a"));
    sub.removeTopic("a");
    sub.addTopic("b");
    void bus.publish(event("not for me", "a"));
    void bus.publish(event("new topic", "b"));
    await bus.drain();
    expect(received).toEqual(["queued", "new topic"]);
  });

  it("keeps events waiting for room when the topic is removed meanwhile", async () => {
    const bus = new Bus<TestEvent>();
    const received: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const sub = bus.subscribe(
      async (_ctx, e) => {
        received.push(e.name);
        if (e.name === "1") await held;
      },
      { topics: "a", capacity: 1 },
    );
    void bus.publish(event("1", "a"));
    await settle(); // "1" is running
    void bus.publish(event("2", "a")); // fills the queue
    const waiting = bus.publish(event("3", "a")); // waits for room
    sub.removeTopic("a");
    release();
    await waiting;
    await bus.drain();
    expect(received).toEqual(["1", "2", "3"]);
  });

  it("ignores adding a topic twice and removing an absent one", async () => {
    const bus = new Bus<TestEvent>();
    const sub = recorder(bus, { topics: ["a/*", "a/*"] });
    sub.subscription.addTopic("a/*");
    sub.subscription.addTopic(newTopic("a", "*"));
    sub.subscription.removeTopic("nope");
    expect(sub.subscription.topics.map(String)).toEqual(["a/*"]);
    await bus.publish(event("e", "a/b"));
    sub.subscription.removeTopic("a/*");
    await bus.publish(event("f", "a/b"));
    await bus.drain();
    expect(sub.received).toEqual(["e"]);
    expect(sub.subscription.topics).toEqual([]);
  });

  it("rejects a bad topic without changing the subscription", async () => {
    const bus = new Bus<TestEvent>();
    const sub = recorder(bus, { topics: "a" });
    expect(() => sub.subscription.addTopic("a//b")).toThrow(TypeError);
    expect(() => sub.subscription.removeTopic("")).toThrow(TypeError);
    expect(sub.subscription.topics.map(String)).toEqual(["a"]);
  });
});
