import { describe, expect, expectTypeOf, it } from "vitest";
import { decodeMessage, encodeMessage, newMessage, type Message, type WireMessage } from "../../src/client.js";

function messageMarshalledAs(marshalled: unknown): Message {
  return { topic: () => "t", payload: () => "ignored", marshalClientPayload: () => marshalled as string };
}

describe("encodeMessage", () => {
  it("writes {topic, payload} with the marshalled payload as JSON", () => {
    const text = encodeMessage(newMessage("user:updated", { id: "42" }));
    expect(text).toBe('{"topic":"user:updated","payload":{"id":"42"}}');
    expect(JSON.parse(text)).toEqual({ topic: "user:updated", payload: { id: "42" } });
  });

  it("does not encode a payload that marshals to JSON text a second time", () => {
    const text = encodeMessage(messageMarshalledAs('{"already":"json"}'));
    expect(JSON.parse(text).payload).toEqual({ already: "json" });
  });

  it("takes bytes as UTF-8 JSON text", () => {
    const bytes = new TextEncoder().encode('{"name":"Zoë"}');
    expect(JSON.parse(encodeMessage(messageMarshalledAs(bytes))).payload).toEqual({ name: "Zoë" });
  });

  it("escapes the topic", () => {
    expect(JSON.parse(encodeMessage(newMessage('say:"hi"', 1))).topic).toBe('say:"hi"');
  });

  it("throws a TypeError when the marshalled payload is not JSON text", () => {
    expect(() => encodeMessage(messageMarshalledAs("plain words"))).toThrow(
      new TypeError('The client payload of "t" did not marshal to JSON text: "plain words"'),
    );
    expect(() => encodeMessage(messageMarshalledAs('{"a":1} {"b":2}'))).toThrow(TypeError);
  });

  it("throws a TypeError for bytes that are not UTF-8", () => {
    expect(() => encodeMessage(messageMarshalledAs(new Uint8Array([0xff, 0xfe])))).toThrow(/not UTF-8/);
  });

  it("throws a TypeError when marshalling returns neither text nor bytes", () => {
    expect(() => encodeMessage(messageMarshalledAs(42))).toThrow(/a string or a Uint8Array\. Received number 42/);
  });

  it("passes on the TypeError of a payload that JSON cannot represent", () => {
    expect(() => encodeMessage(newMessage("t", { count: 1n }))).toThrow(TypeError);
  });

  it("rejects what is not a message, and a message with a bad topic", () => {
    expect(() => encodeMessage({ topic: "t" } as unknown as Message)).toThrow(/Cannot encode an instance of Object/);
    const badTopic = { ...messageMarshalledAs("1"), topic: () => "" };
    expect(() => encodeMessage(badTopic)).toThrow(/topic is ""/);
  });
});

describe("decodeMessage", () => {
  it("reads what encodeMessage wrote", () => {
    const message = decodeMessage<{ id: string }>(encodeMessage(newMessage("user:updated", { id: "42" })));
    expect(message.topic()).toBe("user:updated");
    expect(message.payload()).toEqual({ id: "42" });
    expect(message.marshalClientPayload()).toBe('{"id":"42"}');
    expectTypeOf(message).toEqualTypeOf<Message<{ id: string }>>();
  });

  it("keeps a null payload", () => {
    expect(decodeMessage('{"topic":"t","payload":null}').payload()).toBeNull();
  });

  it.each([
    ["text that is not JSON", "nope", /it is not JSON text/],
    ["an array", "[1]", /expected \{"topic"/],
    ["a missing payload", '{"topic":"t"}', /expected \{"topic"/],
    ["an empty topic", '{"topic":"","payload":1}', /expected \{"topic"/],
    ["a numeric topic", '{"topic":1,"payload":1}', /expected \{"topic"/],
  ])("throws a TypeError for %s", (_name, text, problem) => {
    expect(() => decodeMessage(text)).toThrow(TypeError);
    expect(() => decodeMessage(text)).toThrow(problem);
  });

  it("throws a TypeError for data that is not a string", () => {
    expect(() => decodeMessage(new Uint8Array(2) as unknown as string)).toThrow(/Cannot decode an instance of Uint8Array/);
  });

  it("describes the wire shape as a type", () => {
    expectTypeOf<WireMessage<number>>().toEqualTypeOf<{ readonly topic: string; readonly payload: number }>();
  });
});
