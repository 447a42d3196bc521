import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { newMessage, type ClientEvent, type Message } from "../../src/client.js";
import { Bus, type Event } from "../../src/index.js";
import { subscribeClient, type ClientSubscription } from "../../src/realtime.js";

/** A domain event whose clients see `{ n }` under the client topic "changed". */
class Changed implements ClientEvent<{ n: number }> {
  constructor(
    readonly topic: string,
    readonly n: number,
  ) {}
  topics() {
    return [this.topic];
  }
  clientMessage() {
    return newMessage("changed", { n: this.n });
  }
}

/** An event no client sees. */
class Internal implements Event {
  topics() {
    return ["servers/1/status"];
  }
}

/** A transport whose sends stay pending until the test releases them, like a client that stopped reading. */
class StalledTransport {
  readonly sent: string[] = [];
  readonly #pending: (() => void)[] = [];
  readonly send = (data: string): Promise<void> => {
    this.sent.push(data);
    return new Promise((resolve) => this.#pending.push(resolve));
  };

  /** Lets the transport take one more message. */
  releaseOne(): void {
    this.#pending.shift()?.();
  }

  get numbers(): number[] {
    return numbersOf(this.sent);
  }
}

/** Runs every queued microtask, so a promise still pending afterwards is waiting for something else. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function tracked(promise: Promise<unknown>): { readonly settled: boolean } {
  const state = { settled: false };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

function numbersOf(sent: readonly string[]): number[] {
  return sent.map((data) => (JSON.parse(data) as { payload: { n: number } }).payload.n);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("subscribeClient: projection", () => {
  it("sends the encoded client message of each matching event, in publish order", async () => {
    const bus = new Bus();
    const sent: string[] = [];
    subscribeClient(bus, { send: (data) => void sent.push(data), policy: "wait", topics: "servers/*/status" });

    await bus.publish(new Changed("servers/1/status", 1));
    await bus.publish(new Changed("servers/2/load", 2));
    await bus.publish(new Changed("servers/3/status", 3));
    await bus.drain();

    expect(sent).toEqual(['{"topic":"changed","payload":{"n":1}}', '{"topic":"changed","payload":{"n":3}}']);
  });

  it("skips events that are not client events or have no client message", async () => {
    const bus = new Bus();
    const sent: string[] = [];
    subscribeClient(bus, { send: (data) => void sent.push(data), policy: "wait", topics: "servers/*/status" });
    const silent = Object.assign(new Changed("servers/1/status", 1), { clientMessage: () => undefined });

    await bus.publish(new Internal());
    await bus.publish(silent);
    await bus.publish(new Changed("servers/1/status", 2));
    await bus.drain();

    expect(numbersOf(sent)).toEqual([2]);
  });

  it("uses a given projection, typed by the bus's events", async () => {
    const bus = new Bus<Changed>();
    const sent: string[] = [];
    subscribeClient(bus, {
      send: (data) => void sent.push(data),
      policy: "wait",
      topics: ["a", "b"],
      project: (event) => {
        expectTypeOf(event).toEqualTypeOf<Changed>();
        return event.topic === "a" ? newMessage("projected", { n: event.n * 10 }) : undefined;
      },
    });

    await bus.publish(new Changed("a", 1));
    await bus.publish(new Changed("b", 2));
    await bus.drain();

    expect(sent).toEqual(['{"topic":"projected","payload":{"n":10}}']);
  });

  it("follows topic changes at runtime, from the next publish on", async () => {
    const bus = new Bus();
    const sent: string[] = [];
    const client = subscribeClient(bus, { send: (data) => void sent.push(data), policy: "drop-oldest" });
    expect(client.topics).toEqual([]);

    await bus.publish(new Changed("servers/1/status", 1));
    client.addTopic("servers/*/status");
    client.addTopic("users/7/joined");
    expect(client.topics.map(String)).toEqual(["servers/*/status", "users/7/joined"]);
    await bus.publish(new Changed("servers/1/status", 2));
    await bus.publish(new Changed("users/7/joined", 3));
    client.removeTopic("servers/*/status");
    await bus.publish(new Changed("servers/1/status", 4));
    await bus.publish(new Changed("users/7/joined", 5));
    await bus.drain();

    expect(numbersOf(sent)).toEqual([2, 3, 5]);
    expect(client.topics.map(String)).toEqual(["users/7/joined"]);
  });

  it.each<[string, () => Message]>([
    ["a message whose payload JSON cannot represent", () => newMessage("changed", { n: 1n })],
    ["something other than a message", () => "changed" as unknown as Message],
  ])("reports a projection to %s to the bus's onError and goes on", async (_name, badProjection) => {
    const errors: unknown[] = [];
    const bus = new Bus<Changed>({ onError: (error) => errors.push(error) });
    const sent: string[] = [];
    subscribeClient(bus, {
      send: (data) => void sent.push(data),
      policy: "wait",
      topics: "t",
      project: (event) => (event.n === 1 ? badProjection() : event.clientMessage()),
    });

    await bus.publish(new Changed("t", 1));
    await bus.publish(new Changed("t", 2));
    await bus.drain();

    expect(numbersOf(sent)).toEqual([2]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TypeError);
  });

  it("hands a synchronous transport everything at once, past the capacity, without dropping", async () => {
    const bus = new Bus();
    const sent: string[] = [];
    const client = subscribeClient(bus, { send: (data) => void sent.push(data), policy: "disconnect", capacity: 1, topics: "t", onDisconnect: () => {} });

    for (let n = 0; n < 10; n++) void bus.publish(new Changed("t", n));
    await bus.drain();

    expect(numbersOf(sent)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(client.active).toBe(true);
    expect(client.buffered).toBe(0);
  });

  it("waits for a pending send before the next one", async () => {
    const bus = new Bus();
    const transport = new StalledTransport();
    subscribeClient(bus, { send: transport.send, policy: "drop-oldest", topics: "t" });

    await bus.publish(new Changed("t", 1));
    await bus.publish(new Changed("t", 2));
    await bus.drain();
    expect(transport.numbers).toEqual([1]);

    transport.releaseOne();
    await settle();
    expect(transport.numbers).toEqual([1, 2]);
  });
});

describe("subscribeClient: slow-client policies", () => {
  it('"wait" holds publishers back once the buffer and the bus queue are full, then sends everything in order', async () => {
    const bus = new Bus({ capacity: 1 });
    const transport = new StalledTransport();
    const client = subscribeClient(bus, { send: transport.send, policy: "wait", capacity: 2, topics: "t" });

    // 1 is being sent, 2 and 3 fill the buffer, 4 waits in the listener, 5 fills the bus queue.
    for (let n = 1; n <= 5; n++) await bus.publish(new Changed("t", n));
    const sixth = tracked(bus.publish(new Changed("t", 6)));
    await settle();
    expect(sixth.settled).toBe(false);
    expect(client.buffered).toBe(2);
    expect(client.dropped).toBe(0);

    transport.releaseOne();
    await settle();
    expect(sixth.settled).toBe(true);
    expect(client.buffered).toBe(2);

    for (let n = 0; n < 6; n++) {
      transport.releaseOne();
      await settle();
    }
    await bus.drain();
    expect(transport.numbers).toEqual([1, 2, 3, 4, 5, 6]);
    expect(client.dropped).toBe(0);
  });

  it('"drop-oldest" keeps publishers going past a stalled client and keeps the buffer bounded', async () => {
    const bus = new Bus({ capacity: 4 });
    const transport = new StalledTransport();
    const dropped: number[] = [];
    let largestBuffer = 0;
    const client = subscribeClient(bus, {
      send: transport.send,
      policy: "drop-oldest",
      capacity: 3,
      topics: "t",
      onDrop: (message, from) => {
        expect(from).toBe(client);
        dropped.push((message.payload() as { n: number }).n);
      },
    });

    for (let n = 1; n <= 1000; n++) {
      await bus.publish(new Changed("t", n));
      largestBuffer = Math.max(largestBuffer, client.buffered);
    }
    await bus.publishSync(new Changed("t", 1001));
    await bus.drain();

    expect(largestBuffer).toBe(3);
    expect(client.buffered).toBe(3);
    expect(client.dropped).toBe(997);
    expect(dropped).toEqual(Array.from({ length: 997 }, (_, i) => i + 2));
    expect(transport.numbers).toEqual([1]);

    for (let i = 0; i < 4; i++) {
      transport.releaseOne();
      await settle();
    }
    expect(transport.numbers).toEqual([1, 999, 1000, 1001]);
    expect(client.buffered).toBe(0);
  });

  it('"disconnect" ends a stalled client at the first overflow and keeps publishers going', async () => {
    const bus = new Bus({ capacity: 4 });
    const transport = new StalledTransport();
    const disconnected: ClientSubscription[] = [];
    const client = subscribeClient(bus, {
      send: transport.send,
      policy: "disconnect",
      capacity: 2,
      topics: "t",
      onDisconnect: (from) => disconnected.push(from),
    });

    // 1 is being sent, 2 and 3 fill the buffer: still connected.
    for (let n = 1; n <= 3; n++) await bus.publish(new Changed("t", n));
    await bus.drain();
    expect(client.active).toBe(true);
    expect(disconnected).toEqual([]);

    for (let n = 4; n <= 1000; n++) await bus.publish(new Changed("t", n));
    await bus.publishSync(new Changed("t", 1001));
    await bus.drain();

    expect(disconnected).toEqual([client]);
    expect(client.disconnected).toBe(true);
    expect(client.active).toBe(false);
    expect(client.buffered).toBe(0);
    expect(client.dropped).toBe(0);

    transport.releaseOne();
    await settle();
    expect(transport.numbers).toEqual([1]);
  });

  it("an error thrown by onDrop goes to the bus's onError, and the message is still dropped", async () => {
    const errors: unknown[] = [];
    const bus = new Bus({ onError: (error) => errors.push(error) });
    const transport = new StalledTransport();
    const client = subscribeClient(bus, {
      send: transport.send,
      policy: "drop-oldest",
      capacity: 1,
      topics: "t",
      onDrop: () => {
        throw new Error("onDrop failed");
      },
    });

    for (let n = 1; n <= 3; n++) await bus.publish(new Changed("t", n));
    await bus.drain();

    expect(errors).toEqual([new Error("onDrop failed")]);
    expect(client.dropped).toBe(1);
    expect(client.buffered).toBe(1);
  });
});

describe("subscribeClient: lifecycle", () => {
  it("close() discards the buffer, stops sending and is idempotent", async () => {
    const bus = new Bus();
    const transport = new StalledTransport();
    const client = subscribeClient(bus, { send: transport.send, policy: "drop-oldest", topics: "t" });
    for (let n = 1; n <= 3; n++) await bus.publish(new Changed("t", n));
    await bus.drain();
    expect(client.buffered).toBe(2);

    client.close();
    client.close();
    expect(client.active).toBe(false);
    expect(client.buffered).toBe(0);
    transport.releaseOne();
    await bus.publish(new Changed("t", 4));
    await bus.drain();
    await settle();
    expect(transport.numbers).toEqual([1]);
    expect(client.disconnected).toBe(false);
  });

  it("Symbol.dispose closes", async () => {
    const bus = new Bus();
    const sent: string[] = [];
    {
      using client = subscribeClient(bus, { send: (data) => void sent.push(data), policy: "wait", topics: "t" });
      expect(client.active).toBe(true);
    }
    await bus.publish(new Changed("t", 1));
    await bus.drain();
    expect(sent).toEqual([]);
  });

  it("closing while the wait policy holds a listener lets the bus drain", async () => {
    const bus = new Bus({ capacity: 1 });
    const transport = new StalledTransport();
    const client = subscribeClient(bus, { send: transport.send, policy: "wait", capacity: 1, topics: "t" });
    for (let n = 1; n <= 4; n++) await bus.publish(new Changed("t", n));
    const drained = tracked(bus.drain());
    await settle();
    expect(drained.settled).toBe(false);

    client.close();
    await settle();
    expect(drained.settled).toBe(true);
    expect(transport.numbers).toEqual([1]);
  });

  it("ends when its signal aborts, and lets go of the signal", async () => {
    const bus = new Bus();
    const sent: string[] = [];
    const controller = new AbortController();
    const removed = vi.spyOn(controller.signal, "removeEventListener");
    const client = subscribeClient(bus, { send: (data) => void sent.push(data), policy: "wait", topics: "t", signal: controller.signal });

    await bus.publish(new Changed("t", 1));
    await bus.drain();
    controller.abort();
    await bus.publish(new Changed("t", 2));
    await bus.drain();

    expect(numbersOf(sent)).toEqual([1]);
    expect(client.active).toBe(false);
    expect(removed).toHaveBeenCalledWith("abort", expect.any(Function));
  });

  it("never sends with an already aborted signal", async () => {
    const bus = new Bus();
    const sent: string[] = [];
    const client = subscribeClient(bus, { send: (data) => void sent.push(data), policy: "wait", topics: "t", signal: AbortSignal.abort() });
    await bus.publish(new Changed("t", 1));
    await bus.drain();
    expect(sent).toEqual([]);
    expect(client.active).toBe(false);
  });

  it.each([
    ["throws", () => {
      throw new Error("socket closed");
    }],
    ["rejects", () => Promise.reject(new Error("socket closed"))],
  ])("ends and reports to onError when send %s: the client is gone", async (_name, send) => {
    const bus = new Bus();
    const reports: [unknown, ClientSubscription][] = [];
    const client = subscribeClient(bus, { send, policy: "wait", topics: "t", onError: (error, from) => reports.push([error, from]) });

    await bus.publish(new Changed("t", 1));
    await bus.drain();
    await settle();

    expect(client.active).toBe(false);
    expect(reports).toEqual([[new Error("socket closed"), client]]);
  });

  it("reports a failed send to console.error by default", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const bus = new Bus();
    subscribeClient(bus, { send: () => Promise.reject(new Error("socket closed")), policy: "wait", topics: "t" });
    await bus.publish(new Changed("t", 1));
    await settle();
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("sending to a client failed"), new Error("socket closed"));
  });

  it("is inactive once its bus closed, after sending what the bus had accepted", async () => {
    const bus = new Bus();
    const sent: string[] = [];
    const client = subscribeClient(bus, { send: (data) => void sent.push(data), policy: "wait", topics: "t" });
    void bus.publish(new Changed("t", 1));
    await bus.close();
    expect(numbersOf(sent)).toEqual([1]);
    expect(client.active).toBe(false);
  });
});

describe("subscribeClient: bad input", () => {
  const bus = new Bus();
  const send = (): void => {};
  type Options = Parameters<typeof subscribeClient>[1];

  it.each<[string, Options, RegExp]>([
    ["a missing send", { policy: "wait" } as unknown as Options, /The "send" option is required/],
    ["a send that is not a function", { send: "ws" as unknown as typeof send, policy: "wait" }, /"send" option must be a function\. Received "ws"/],
    ["a missing policy", { send } as unknown as Options, /"policy" option must be "wait", "drop-oldest" or "disconnect"\. Received undefined/],
    ["an unknown policy", { send, policy: "drop-newest" as "wait" }, /Received "drop-newest"/],
    ["disconnect without onDisconnect", { send, policy: "disconnect" }, /needs an "onDisconnect" option/],
    ["a project that is not a function", { send, policy: "wait", project: 1 as unknown as () => undefined }, /"project" option must be a function\. Received number 1/],
    ["an onDrop that is not a function", { send, policy: "drop-oldest", onDrop: {} as () => void }, /"onDrop" option must be a function/],
    ["a signal that is not a signal", { send, policy: "wait", signal: {} as AbortSignal }, /"signal" option must be an AbortSignal/],
    ["a bad topic", { send, policy: "wait", topics: "a//b" }, /Invalid topic "a\/\/b"/],
  ])("throws a TypeError for %s", (_name, options, problem) => {
    expect(() => subscribeClient(bus, options)).toThrow(TypeError);
    expect(() => subscribeClient(bus, options)).toThrow(problem);
  });

  it("throws a RangeError for a capacity that is not a positive integer", () => {
    expect(() => subscribeClient(bus, { send, policy: "wait", capacity: 0 })).toThrow(RangeError);
    expect(() => subscribeClient(bus, { send, policy: "wait", capacity: Infinity })).toThrow(/Received number Infinity/);
  });

  it("throws a TypeError for a bus that is not a bus, and for options that are not an object", () => {
    expect(() => subscribeClient({} as Bus, { send, policy: "wait" })).toThrow(/"bus" argument must be a Bus\. Received an instance of Object/);
    expect(() => subscribeClient(bus, "wait" as unknown as Options)).toThrow(/"options" argument must be an object/);
  });

  it("subscribes nothing when the input is bad", async () => {
    const checked = new Bus();
    const sent: string[] = [];
    expect(() => subscribeClient(checked, { send: (data) => void sent.push(data), policy: "wait", topics: ["t", "x*"] })).toThrow(TypeError);
    await checked.publish(new Changed("t", 1));
    await checked.drain();
    expect(sent).toEqual([]);
  });

  it("types the message handed to onDrop", () => {
    expectTypeOf<NonNullable<Options["onDrop"]>>().parameter(0).toEqualTypeOf<Message>();
  });
});
