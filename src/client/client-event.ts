import type { Event } from "../types.js";
import type { Message } from "./message.js";

/**
 * A domain event that knows what clients should see of it. Returning
 * `undefined` keeps this particular event away from clients.
 *
 * @example
 * class ServerStatusChanged implements ClientEvent<{ id: string; status: string }> {
 *   constructor(readonly id: string, readonly status: string) {}
 *   topics() { return [`servers/${this.id}/status`]; }
 *   clientMessage() {
 *     return newMessage(clientTopic("server", "status"), { id: this.id, status: this.status });
 *   }
 * }
 */
export interface ClientEvent<P = unknown> extends Event {
  /** The message clients receive for this event, or `undefined` for none. */
  clientMessage(): Message<P> | undefined;
}

/**
 * True for an event with a `clientMessage()` method (and `topics()`, as every
 * event has).
 *
 * @example
 * isClientEvent(new ServerStatusChanged("web-1", "down")); // true
 * isClientEvent({ topics: () => ["servers/web-1/status"] }); // false
 */
export function isClientEvent(value: unknown): value is ClientEvent {
  const candidate = value as Partial<ClientEvent> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.clientMessage === "function" &&
    typeof candidate.topics === "function"
  );
}
