import { quote } from "../quote.js";
import type { Event } from "../types.js";
import type { Frame } from "./transport.js";

/** Turns events into frames and back. `decode` throws for a frame it cannot read. */
export interface Codec<E> {
  encode(event: E): Frame;
  decode(payload: Frame): E;
}

/**
 * One kind of event a {@link jsonCodec} can carry: how to recognise it, turn
 * it into JSON data, and rebuild it from that data.
 *
 * @example
 * const userUpdated: CodecKind<UserUpdated> = {
 *   name: "user.updated",
 *   matches: (event) => event instanceof UserUpdated,
 *   toData: (event) => ({ id: event.id, name: event.name }),
 *   fromData: (data) => new UserUpdated((data as { id: string }).id, (data as { name: string }).name),
 * };
 */
export interface CodecKind<E> {
  /** Names the kind on the wire; unique within a codec. */
  readonly name: string;
  matches(event: E): boolean;
  toData(event: E): unknown;
  /** Rebuilds the event; throw for data that is not valid for this kind. */
  fromData(data: unknown): E;
}

/**
 * A codec that writes `{"kind": name, "data": toData(event)}` as JSON text.
 * Decoding an unknown kind, malformed JSON or data that does not rebuild an
 * event throws a `TypeError`.
 *
 * @example
 * const codec = jsonCodec([userUpdated, orderPlaced]);
 */
export function jsonCodec<E extends Event>(kinds: readonly CodecKind<E>[]): Codec<E> {
  const byName = new Map<string, CodecKind<E>>();
  for (const kind of kinds) {
    if (typeof kind?.name !== "string" || kind.name === "") {
      throw new TypeError(`An event kind needs a non-empty name. Received ${quote(kind?.name)}`);
    }
    if (byName.has(kind.name)) throw new TypeError(`Two event kinds are named ${quote(kind.name)}`);
    byName.set(kind.name, kind);
  }
  return {
    encode(event) {
      const kind = kinds.find((candidate) => candidate.matches(event));
      if (kind === undefined) throw new TypeError(`No event kind of the codec matches ${quote(event)}`);
      return JSON.stringify({ kind: kind.name, data: kind.toData(event) });
    },
    decode(payload) {
      const text = typeof payload === "string" ? payload : new TextDecoder().decode(payload);
      const { kind, data } = parseEnvelope(text);
      const eventKind = byName.get(kind);
      if (eventKind === undefined) throw new TypeError(`Unknown event kind ${quote(kind)}`);
      const event = eventKind.fromData(data);
      if (typeof (event as Partial<Event> | null)?.topics !== "function") {
        throw new TypeError(`Event kind ${quote(kind)} rebuilt ${quote(event)}, which has no topics()`);
      }
      return event;
    },
  };
}

function parseEnvelope(text: string): { kind: string; data: unknown } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`Malformed event payload: ${(error as Error).message}`);
  }
  const kind = (parsed as { kind?: unknown } | null)?.kind;
  if (typeof kind !== "string") throw new TypeError(`Malformed event payload: no "kind" in ${quote(text)}`);
  return { kind, data: (parsed as { data?: unknown }).data };
}
