import { quote } from "../quote.js";
import { isMessage, newMessage, type Message } from "./message.js";

/**
 * A message as it travels on a text transport such as a WebSocket: one JSON
 * object whose `payload` is the message's marshalled client payload.
 *
 * @example
 * const wire: WireMessage<{ id: string }> = JSON.parse(encodeMessage(message));
 * wire.topic;      // "user:updated"
 * wire.payload.id; // "42"
 */
export interface WireMessage<P = unknown> {
  readonly topic: string;
  readonly payload: P;
}

/**
 * Encodes a message for a text transport as `{"topic":"…","payload":…}`.
 * The marshalled payload is JSON text already and goes in as it is, never
 * encoded a second time; a payload that marshals to something that is not
 * JSON text throws a `TypeError`.
 *
 * @example
 * encodeMessage(newMessage("user:updated", { id: "42" }));
 * // '{"topic":"user:updated","payload":{"id":"42"}}'
 */
export function encodeMessage(message: Message): string {
  if (!isMessage(message)) {
    throw new TypeError(`Cannot encode ${quote(message)}: it is not a message`);
  }
  const topic = message.topic();
  if (typeof topic !== "string" || topic === "") {
    throw new TypeError(`Cannot encode a message whose topic is ${quote(topic)}: it must be a non-empty string`);
  }
  const payload = jsonText(message.marshalClientPayload(), topic);
  return `{"topic":${JSON.stringify(topic)},"payload":${payload}}`;
}

/**
 * Decodes what {@link encodeMessage} produced, for the receiving side (the
 * browser). Throws a `TypeError` for text that is not such an object.
 *
 * @example
 * socket.onmessage = ({ data }) => {
 *   const message = decodeMessage<{ id: string }>(data);
 *   render(message.topic(), message.payload().id);
 * };
 */
export function decodeMessage<P = unknown>(data: string): Message<P> {
  if (typeof data !== "string") {
    throw new TypeError(`Cannot decode ${quote(data)}: a message arrives as JSON text`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new TypeError(`Cannot decode ${quote(data)}: it is not JSON text`);
  }
  if (!isWireMessage(parsed)) {
    throw new TypeError(`Cannot decode ${quote(data)}: expected {"topic": "…", "payload": …}`);
  }
  return newMessage(parsed.topic, parsed.payload as P);
}

/** The marshalled payload as JSON text, checked so the encoded message stays valid JSON. */
function jsonText(marshalled: unknown, topic: string): string {
  const text = marshalled instanceof Uint8Array ? utf8(marshalled, topic) : marshalled;
  if (typeof text !== "string") {
    throw new TypeError(
      `The client payload of ${quote(topic)} must marshal to a string or a Uint8Array. Received ${quote(marshalled)}`,
    );
  }
  try {
    JSON.parse(text);
  } catch {
    throw new TypeError(`The client payload of ${quote(topic)} did not marshal to JSON text: ${quote(text)}`);
  }
  return text;
}

function utf8(bytes: Uint8Array, topic: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new TypeError(`The client payload of ${quote(topic)} marshalled to bytes that are not UTF-8`);
  }
}

function isWireMessage(value: unknown): value is WireMessage {
  const candidate = value as Partial<WireMessage> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    !Array.isArray(candidate) &&
    typeof candidate.topic === "string" &&
    candidate.topic !== "" &&
    "payload" in candidate
  );
}
