import { describe, expect, expectTypeOf, it } from "vitest";
import { clientTopic, isMessage, newMessage, type Message } from "../../src/client.js";

describe("newMessage", () => {
  it("keeps its topic and payload, and infers the payload type", () => {
    const message = newMessage("user:updated", { id: "42" });
    expect(message.topic()).toBe("user:updated");
    expect(message.payload()).toEqual({ id: "42" });
    expectTypeOf(message).toEqualTypeOf<Message<{ id: string }>>();
  });

  it("marshals the payload as JSON", () => {
    expect(newMessage("t", { id: "42", tags: ["a"] }).marshalClientPayload()).toBe('{"id":"42","tags":["a"]}');
    expect(newMessage("t", "text").marshalClientPayload()).toBe('"text"');
    expect(newMessage("t", null).marshalClientPayload()).toBe("null");
  });

  it("uses the payload's own marshalClientPayload when it has one", () => {
    const bytes = new Uint8Array([123, 125]);
    const payload = { secret: "x", marshalClientPayload: () => bytes };
    expect(newMessage("t", payload).marshalClientPayload()).toBe(bytes);
  });

  it.each([
    ["a cycle", (() => {
      const cycle: { self?: unknown } = {};
      cycle.self = cycle;
      return cycle;
    })()],
    ["a BigInt", { count: 1n }],
    ["a function", { callback: () => undefined }],
    ["a bare function", () => undefined],
    ["undefined", undefined],
  ])("throws a TypeError for a payload holding %s", (_name, payload) => {
    expect(() => newMessage("t", payload).marshalClientPayload()).toThrow(TypeError);
  });

  it("rejects a topic that is not a non-empty string, quoting it", () => {
    expect(() => newMessage("", {})).toThrow(/non-empty string\. Received ""/);
    expect(() => newMessage(7 as unknown as string, {})).toThrow(/Received number 7/);
  });
});

describe("isMessage", () => {
  it("is true for anything with the three methods", () => {
    expect(isMessage(newMessage("t", 1))).toBe(true);
    expect(isMessage({ topic: () => "t", payload: () => 1, marshalClientPayload: () => "1" })).toBe(true);
  });

  it.each([null, undefined, "t", { topic: "t", payload: 1 }, { topic: () => "t", payload: () => 1 }])(
    "is false for %o",
    (value) => expect(isMessage(value)).toBe(false),
  );
});

describe("clientTopic", () => {
  it("joins parts with a colon", () => {
    expect(clientTopic("user", "updated")).toBe("user:updated");
    expect(clientTopic("servers", "web-1", "status")).toBe("servers:web-1:status");
  });

  it("rejects an empty or non-string part, quoting it", () => {
    expect(() => clientTopic("user", "")).toThrow(/Received ""/);
    expect(() => clientTopic("user", null as unknown as string)).toThrow(/Received null/);
  });
});
