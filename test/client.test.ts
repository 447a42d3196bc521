import { describe, expect, it } from "vitest";
import { clientTopic, newMessage } from "../src/client.js";

describe("client messages", () => {
  it("carries a topic and a payload, marshalled as JSON by default", () => {
    const message = newMessage("user:updated", { id: "42", tags: ["a"] });
    expect(message.topic()).toBe("user:updated");
    expect(message.payload()).toEqual({ id: "42", tags: ["a"] });
    expect(message.marshalClientPayload()).toBe('{"id":"42","tags":["a"]}');
  });

  it("uses the payload's own marshalClientPayload when it has one", () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const payload = { marshalClientPayload: () => bytes };
    expect(newMessage("bin", payload).marshalClientPayload()).toBe(bytes);
  });

  it.each([
    ["a cycle", (() => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      return cyclic;
    })(), /circular/i],
    ["a BigInt", { n: 1n }, /BigInt/],
    ["a function", { f: () => 1 }, /function/],
    ["a bare function", () => 1, /function/],
    ["undefined", undefined, /no JSON form/],
    ["a symbol", { s: Symbol("s") }, /symbol/],
  ])("throws a TypeError for a payload with %s", (_label, payload, message) => {
    const marshal = () => newMessage("t", payload).marshalClientPayload();
    expect(marshal).toThrow(TypeError);
    expect(marshal).toThrow(message);
  });

  it("joins client topic parts with ':'", () => {
    expect(clientTopic("user", "updated")).toBe("user:updated");
    expect(clientTopic("single")).toBe("single");
    expect(() => clientTopic("user", "")).toThrow(TypeError);
    expect(() => newMessage("", {})).toThrow(TypeError);
  });
});
