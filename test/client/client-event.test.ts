import { describe, expect, expectTypeOf, it } from "vitest";
import { isClientEvent, newMessage, type ClientEvent, type Message } from "../../src/client.js";
import type { Event } from "../../src/index.js";

class ServerStatusChanged implements ClientEvent<{ id: string; status: string }> {
  constructor(
    readonly id: string,
    readonly status: string,
  ) {}
  topics() {
    return [`servers/${this.id}/status`];
  }
  clientMessage() {
    return newMessage("server:status", { id: this.id, status: this.status });
  }
}

describe("isClientEvent", () => {
  it("is true for an event with clientMessage()", () => {
    expect(isClientEvent(new ServerStatusChanged("web-1", "down"))).toBe(true);
  });

  it.each([
    ["a plain event", { topics: () => ["servers/web-1/status"] }],
    ["a clientMessage without topics", { clientMessage: () => undefined }],
    ["null", null],
    ["a string", "servers/web-1/status"],
  ])("is false for %s", (_name, value) => expect(isClientEvent(value)).toBe(false));

  it("narrows to an event whose clientMessage may be undefined", () => {
    const event: Event = new ServerStatusChanged("web-1", "up");
    if (isClientEvent(event)) expectTypeOf(event.clientMessage()).toEqualTypeOf<Message | undefined>();
    expectTypeOf<ClientEvent<number>>().toExtend<Event>();
  });
});
