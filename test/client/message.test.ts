import { describe, expect, expectTypeOf, it } from "vitest";
import { clientTopic, isMessage, newMessage, type Message } from "../../src/client.js";

// test/client.test.ts covers marshalling; these add the types, the quoting and isMessage.
describe("newMessage", () => {
  it("infers the payload type", () => {
    expectTypeOf(newMessage("user:updated", { id: "42" })).toEqualTypeOf<Message<{ id: string }>>();
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
  it("rejects an empty or non-string part, quoting it", () => {
    expect(() => clientTopic("user", "")).toThrow(/Received ""/);
    expect(() => clientTopic("user", null as unknown as string)).toThrow(/Received null/);
  });
});
