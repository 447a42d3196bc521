import { describe, expect, it, vi } from "vitest";
import { Bridge, jsonCodec } from "../../src/bridge.js";
import { Bus } from "../../src/index.js";
import { gate, settle } from "../helpers.js";
import { MemoryHub, ServerStatus, UserMoved, codec, recordingBus, serverStatusKind, type TestEvent } from "./fixtures.js";

async function node(hub: MemoryHub, name: string, topics: string[], local: string | string[] = topics) {
  const { bus, received } = recordingBus(local);
  const errors: unknown[] = [];
  const transport = hub.transport(name);
  const bridge = new Bridge(bus, { transport, codec, topics, onError: (error) => errors.push(error) });
  await bridge.ready;
  return { bus, received, bridge, errors, transport };
}

/** Lets frames cross and every bus settle. */
async function quiet(...buses: Bus<TestEvent>[]): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await settle();
    await Promise.all(buses.map((bus) => bus.drain()));
  }
}

describe("Bridge", () => {
  it("carries events both ways between nodes, without echo, with three nodes", async () => {
    const hub = new MemoryHub();
    const a = await node(hub, "a", ["servers/*/status"]);
    const b = await node(hub, "b", ["servers/*/status"]);
    const c = await node(hub, "c", ["servers/*/status"]);
    await a.bus.publish(new ServerStatus("1", "up"));
    await b.bus.publish(new ServerStatus("2", "down"));
    await quiet(a.bus, b.bus, c.bus);
    expect(a.received).toEqual(["1:up", "2:down"]);
    expect(b.received).toEqual(["1:up", "2:down"]);
    expect(c.received).toEqual(["1:up", "2:down"]);
    expect(hub.frames).toHaveLength(2); // nobody re-sent what it received
    for (const n of [a, b, c]) expect(n.errors).toEqual([]);
  });

  it("sends an event with several matching topics once per channel, and delivers it once", async () => {
    const hub = new MemoryHub();
    const a = await node(hub, "a", ["users/*/moved", "teams/*/changed"]);
    const b = await node(hub, "b", ["users/*/moved", "teams/*/changed"]);
    await a.bus.publish(new UserMoved("7", "blue"));
    await quiet(a.bus, b.bus);
    expect(hub.frames.map((f) => f.channel).sort()).toEqual(["teams/blue/changed", "users/7/moved"]);
    expect(b.received).toEqual(["7->blue"]);
    expect(b.bridge.stats).toMatchObject({ received: 2, published: 1, ignored: 1 });
  });

  it("re-checks the exact single-segment rule on frames a loose transport lets through", async () => {
    const hub = new MemoryHub();
    const a = await node(hub, "a", ["servers/*"], "servers/#"); // sends nothing it cares about
    const sender = await node(hub, "s", ["servers/*/status"]);
    expect(a.bridge.topics.map(String)).toEqual(["servers/*"]);
    await sender.bus.publish(new ServerStatus("1", "up")); // the hub's glob `servers/.*` matches servers/1/status
    await quiet(a.bus, sender.bus);
    expect(a.transport.received).toBe(1);
    expect(a.bridge.stats).toMatchObject({ received: 1, ignored: 1, published: 0 });
  });

  it("sends only events matching its patterns", async () => {
    const hub = new MemoryHub();
    const a = await node(hub, "a", ["servers/1/status"], "servers/*/status");
    await a.bus.publish(new ServerStatus("1", "up"));
    await a.bus.publish(new ServerStatus("2", "up"));
    await quiet(a.bus);
    expect(hub.frames.map((f) => f.channel)).toEqual(["servers/1/status"]);
  });

  it("starts sends in publish order while replies come back in any order", async () => {
    const sent: string[] = [];
    const replies: (() => void)[] = [];
    const { bus } = recordingBus("x");
    const bridge = new Bridge(bus, {
      transport: {
        send: (_channel, frame) => {
          sent.push(JSON.parse(String(frame).split(";").slice(3).join(";")).data.status);
          return new Promise<void>((resolve) => replies.push(resolve));
        },
        listen: () => () => undefined,
      },
      codec,
      topics: "servers/*/status",
      concurrency: 3,
    });
    for (const status of ["1", "2", "3", "4", "5"]) await bus.publish(new ServerStatus("x", status));
    await settle();
    expect(sent).toEqual(["1", "2", "3"]); // three in flight, awaiting their replies
    for (const reply of replies.splice(0).reverse()) reply();
    await settle();
    expect(sent).toEqual(["1", "2", "3", "4", "5"]);
    for (const reply of replies.splice(0)) reply();
    await bus.drain();
    expect(bridge.stats.sent).toBe(5);
  });

  it("changes its patterns at runtime", async () => {
    const hub = new MemoryHub();
    const a = await node(hub, "a", []);
    const b = await node(hub, "b", ["servers/*/status"]);
    a.bus.subscribe(() => undefined, { topics: "servers/*/status" });
    const arrived: string[] = [];
    a.bus.subscribe((_ctx, e) => void arrived.push((e as ServerStatus).status), { topics: "servers/*/status" });
    await b.bus.publish(new ServerStatus("1", "before"));
    await quiet(a.bus, b.bus);
    await a.bridge.addTopic("servers/*/status");
    await b.bus.publish(new ServerStatus("1", "during"));
    await quiet(a.bus, b.bus);
    await a.bridge.removeTopic("servers/*/status");
    await b.bus.publish(new ServerStatus("1", "after"));
    await quiet(a.bus, b.bus);
    expect(arrived).toEqual(["during"]);
  });

  it("reports malformed frames, unknown kinds and bad data, and drops them", async () => {
    const hub = new MemoryHub();
    const a = await node(hub, "a", ["servers/*/status"]);
    const header = "fe1;foreign;1;";
    hub.inject("servers/1/status", "garbage");
    hub.inject("servers/1/status", `${header}{not json`);
    hub.inject("servers/1/status", `fe1;foreign;2;${JSON.stringify({ kind: "nope", data: {} })}`);
    hub.inject("servers/1/status", `fe1;foreign;3;${JSON.stringify({ kind: "server.status", data: { id: 1 } })}`);
    hub.inject("servers/1/status", new Uint8Array([1, 2, 3]));
    hub.inject("servers/1/status", `fe1;foreign;4;${JSON.stringify({ kind: "server.status", data: { id: "1", status: "ok" } })}`);
    await quiet(a.bus);
    expect(a.errors.map((e) => (e as Error).message)).toEqual([
      "Malformed frame: no bridge header",
      expect.stringMatching(/^Malformed event payload: /),
      'Unknown event kind "nope"',
      "server.status needs id and status",
      "Malformed frame: no bridge header",
    ]);
    expect(a.received).toEqual(["1:ok"]);
    expect(a.bridge.stats).toMatchObject({ failed: 5, published: 1 });
  });

  it("reports an event the codec cannot encode and sends nothing", async () => {
    const hub = new MemoryHub();
    const { bus } = recordingBus("servers/*/status");
    const errors: unknown[] = [];
    const bridge = new Bridge(bus, {
      transport: hub.transport("a"),
      codec: jsonCodec([]),
      topics: "servers/*/status",
      onError: (e) => errors.push(e),
    });
    await bus.publishSync(new ServerStatus("1", "up"));
    expect(hub.frames).toEqual([]);
    expect(String(errors[0])).toMatch(/No event kind of the codec matches an instance of ServerStatus/);
    await bridge.close();
  });

  it("publishes received events with awaited publish, so local backpressure paces them", async () => {
    const hub = new MemoryHub();
    const a = await node(hub, "a", ["servers/*/status"], "other");
    const held = gate();
    const handled: string[] = [];
    a.bus.subscribe(async (_ctx, e) => {
      await held.promise;
      handled.push((e as ServerStatus).status);
    }, { topics: "servers/*/status", capacity: 1 });
    const sender = await node(hub, "s", ["servers/*/status"]);
    for (const status of ["1", "2", "3", "4"]) await sender.bus.publish(new ServerStatus("x", status));
    await quiet(sender.bus);
    // "1" runs, "2" is queued, the bridge waits to publish "3"; "4" waits in the bridge
    expect(a.bridge.stats.published).toBe(2);
    held.open();
    await quiet(a.bus);
    expect(handled).toEqual(["1", "2", "3", "4"]);
  });

  it("drops and reports frames past its inbound capacity", async () => {
    const hub = new MemoryHub();
    const { bus } = recordingBus("x");
    const held = gate();
    bus.subscribe(() => held.promise, { topics: "servers/*/status", capacity: 1 });
    const errors: unknown[] = [];
    const bridge = new Bridge(bus, {
      transport: hub.transport("a"),
      codec,
      topics: "servers/*/status",
      inboundCapacity: 2,
      onError: (e) => errors.push(e),
    });
    await bridge.ready;
    const sender = await node(hub, "s", ["servers/*/status"]);
    for (let i = 0; i < 6; i++) await sender.bus.publish(new ServerStatus("x", String(i)));
    await quiet(sender.bus);
    // "0" runs, "1" is queued, "2" waits for room, "3" and "4" fill the bridge's buffer: "5" is dropped, loudly
    expect(errors.map((e) => (e as Error).message)).toEqual([
      "Inbound buffer full (2 events): a received event was dropped",
    ]);
    held.open();
    await quiet(bus);
    expect(bridge.stats).toMatchObject({ published: 5, failed: 1 });
  });

  it("closes: stops listening and sending, closes the transport, and is idempotent", async () => {
    const hub = new MemoryHub();
    const close = vi.fn();
    const a = await node(hub, "a", ["servers/*/status"]);
    const transport = { ...hub.transport("b"), close };
    const { bus } = recordingBus("servers/*/status");
    const b = new Bridge(bus, { transport, codec, topics: "servers/*/status" });
    await b.ready;
    expect(hub.listenerCount).toBe(2);
    await Promise.all([b.close(), b.close()]);
    expect(b.closed).toBe(true);
    expect(close).toHaveBeenCalledTimes(1);
    expect(hub.listenerCount).toBe(1);
    await bus.publish(new ServerStatus("1", "after close"));
    await quiet(bus, a.bus);
    expect(a.received).toEqual([]);
  });

  it("closes when its signal aborts", async () => {
    const hub = new MemoryHub();
    const controller = new AbortController();
    const { bus } = recordingBus("x");
    const bridge = new Bridge(bus, { transport: hub.transport("a"), codec, topics: "a/*", signal: controller.signal });
    await bridge.ready;
    controller.abort();
    await settle();
    expect(bridge.closed).toBe(true);
    expect(hub.listenerCount).toBe(0);
  });

  it("keeps receiving when onError and console.error both throw", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {
      throw new Error("console broke");
    });
    const hub = new MemoryHub();
    const { bus, received } = recordingBus("servers/*/status");
    const bridge = new Bridge(bus, {
      transport: hub.transport("a"),
      codec,
      topics: "servers/*/status",
      onError: () => {
        throw new Error("onError broke");
      },
    });
    await bridge.ready;
    expect(() => hub.inject("servers/1/status", "garbage")).not.toThrow();
    hub.inject("servers/1/status", `fe1;foreign;1;${JSON.stringify({ kind: "server.status", data: { id: "1", status: "ok" } })}`);
    await quiet(bus);
    expect(received).toEqual(["1:ok"]);
    expect(consoleError).toHaveBeenCalledTimes(1);
    consoleError.mockRestore();
  });

  it("rejects bad options with clear errors", () => {
    const bus = new Bus<TestEvent>();
    const transport = new MemoryHub().transport("a");
    expect(() => new Bridge(bus, { transport: {} as never, codec })).toThrow(/"transport" option must have send\(\) and listen\(\)/);
    expect(() => new Bridge(bus, { transport, codec: {} as never })).toThrow(/"codec" option must have encode\(\) and decode\(\)/);
    expect(() => new Bridge(bus, { transport, codec, topics: "a//b" })).toThrow(/Invalid topic "a\/\/b"/);
    expect(() => new Bridge(bus, { transport, codec, inboundCapacity: 0 })).toThrow(RangeError);
    expect(() => jsonCodec([serverStatusKind, serverStatusKind])).toThrow(/Two event kinds are named "server.status"/);
  });

  it("reports a transport that fails to listen, through onError and ready", async () => {
    const errors: unknown[] = [];
    const failure = new Error("no connection");
    const bridge = new Bridge(new Bus<TestEvent>(), {
      transport: { send: () => undefined, listen: () => Promise.reject(failure) },
      codec,
      topics: "a/*",
      onError: (e) => errors.push(e),
    });
    await expect(bridge.ready).rejects.toBe(failure);
    expect(errors).toEqual([failure]);
  });
});
