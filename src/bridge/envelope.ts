import type { Frame } from "./transport.js";

// A frame is "fe1;<origin>;<sequence>;" followed by the codec's payload, in
// the payload's own form (text or bytes), so the bridge can drop its own
// frames and duplicates without decoding the event.
const PREFIX = "fe1;";
const SEPARATOR = 0x3b; // ";"
const MAX_HEADER_BYTES = 128;

/** Who sent a frame and its number among that sender's frames. */
export interface Envelope {
  readonly origin: string;
  readonly sequence: number;
  readonly payload: Frame;
}

export function seal(origin: string, sequence: number, payload: Frame): Frame {
  const header = `${PREFIX}${origin};${sequence};`;
  if (typeof payload === "string") return header + payload;
  const head = new TextEncoder().encode(header);
  const frame = new Uint8Array(head.length + payload.length);
  frame.set(head);
  frame.set(payload, head.length);
  return frame;
}

/** Opens a frame; throws a `TypeError` for anything the bridge did not seal. */
export function open(frame: unknown): Envelope {
  if (typeof frame === "string") {
    const fields = headerFields(frame.slice(0, MAX_HEADER_BYTES));
    return { ...fields, payload: frame.slice(fields.length) };
  }
  if (frame instanceof Uint8Array) {
    const end = thirdSeparator(frame);
    const fields = headerFields(new TextDecoder().decode(frame.subarray(0, end + 1)));
    return { ...fields, payload: frame.subarray(end + 1) };
  }
  throw new TypeError("Malformed frame: expected a string or a Uint8Array");
}

function headerFields(text: string): { origin: string; sequence: number; length: number } {
  const match = /^fe1;([^;]+);(\d+);/.exec(text);
  if (match === null) throw new TypeError("Malformed frame: no bridge header");
  return { origin: match[1] as string, sequence: Number(match[2]), length: match[0].length };
}

function thirdSeparator(frame: Uint8Array): number {
  let seen = 0;
  for (let i = 0; i < Math.min(frame.length, MAX_HEADER_BYTES); i++) {
    if (frame[i] === SEPARATOR && ++seen === 3) return i;
  }
  throw new TypeError("Malformed frame: no bridge header");
}
