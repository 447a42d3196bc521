import { quote } from "../quote.js";

/**
 * What a client (a browser over a WebSocket, say) receives for a domain
 * event: a client-facing topic and a payload.
 *
 * @example
 * const message: Message<{ id: string }> = newMessage("user:updated", { id: "42" });
 * message.topic();                // "user:updated"
 * message.payload().id;           // "42"
 * message.marshalClientPayload(); // '{"id":"42"}'
 */
export interface Message<P = unknown> {
  /** The client-facing topic, such as `"user:updated"`. */
  topic(): string;
  /** The payload as the domain holds it. */
  payload(): P;
  /** The payload as the transport sends it; throws when it cannot be represented. */
  marshalClientPayload(): string | Uint8Array;
}

/** A payload that knows its own wire form. */
interface SelfMarshalling {
  marshalClientPayload(): string | Uint8Array;
}

/**
 * Builds a message. Its `marshalClientPayload()` uses the payload's own
 * `marshalClientPayload()` when it has one, and JSON otherwise; a payload
 * that JSON cannot represent (a cycle, a `BigInt`, a function) throws a
 * `TypeError`.
 *
 * @example
 * newMessage("user:updated", { id: "42" }).marshalClientPayload(); // '{"id":"42"}'
 */
export function newMessage<P>(topic: string, payload: P): Message<P> {
  if (typeof topic !== "string" || topic === "") {
    throw new TypeError(`A message topic must be a non-empty string. Received ${quote(topic)}`);
  }
  return {
    topic: () => topic,
    payload: () => payload,
    marshalClientPayload: () => marshalPayload(payload),
  };
}

/**
 * True for anything with the three methods of a {@link Message}, whoever
 * built it.
 *
 * @example
 * isMessage(newMessage("user:updated", {})); // true
 * isMessage({ topic: "user:updated" });       // false
 */
export function isMessage(value: unknown): value is Message {
  const candidate = value as Partial<Message> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.topic === "function" &&
    typeof candidate.payload === "function" &&
    typeof candidate.marshalClientPayload === "function"
  );
}

/**
 * Joins parts into a client-facing topic.
 *
 * @example
 * clientTopic("user", "updated"); // "user:updated"
 */
export function clientTopic(...parts: string[]): string {
  for (const part of parts) {
    if (typeof part !== "string" || part === "") {
      throw new TypeError(`A client topic part must be a non-empty string. Received ${quote(part)}`);
    }
  }
  return parts.join(":");
}

function marshalPayload(payload: unknown): string | Uint8Array {
  if (hasOwnMarshalling(payload)) return payload.marshalClientPayload();
  let text: string | undefined;
  try {
    text = JSON.stringify(payload, rejectFunctions);
  } catch (error) {
    throw new TypeError(`Cannot marshal the client payload as JSON: ${(error as Error).message}`);
  }
  if (text === undefined) {
    throw new TypeError(`Cannot marshal the client payload as JSON: ${quote(payload)} has no JSON form`);
  }
  return text;
}

// JSON.stringify silently drops functions; a payload that holds one cannot be represented.
function rejectFunctions(key: string, value: unknown): unknown {
  if (typeof value === "function" || typeof value === "symbol") {
    throw new TypeError(`${quote(value)} at key ${quote(key)} has no JSON form`);
  }
  return value;
}

function hasOwnMarshalling(payload: unknown): payload is SelfMarshalling {
  return (
    typeof payload === "object" &&
    payload !== null &&
    typeof (payload as Partial<SelfMarshalling>).marshalClientPayload === "function"
  );
}
