import { quote } from "./quote.js";
import { Topic, toTopic, type TopicLike } from "./topic.js";

/** Checks that `value` is an options object (or absent) and returns it. */
export function optionsObject<T extends object>(value: T | undefined, name = "options"): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== "object") {
    throw new TypeError(`The "${name}" argument must be an object. Received ${quote(value)}`);
  }
  return value;
}

/** A queue bound: a positive integer (so never `Infinity`). */
export function capacityOption(value: unknown): number {
  requireNumber(value, "capacity");
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new RangeError(`The "capacity" option must be a positive integer. Received ${quote(value)}`);
  }
  return value as number;
}

/** How many handlers may run at once: a positive integer or `Infinity`. */
export function concurrencyOption(value: unknown): number {
  requireNumber(value, "concurrency");
  if (value !== Infinity && (!Number.isInteger(value) || (value as number) < 1)) {
    throw new RangeError(
      `The "concurrency" option must be a positive integer or Infinity. Received ${quote(value)}`,
    );
  }
  return value as number;
}

/** An `AbortSignal`, or `undefined` when absent. */
export function signalOption(value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  const signal = value as Partial<AbortSignal> | null;
  if (
    typeof signal !== "object" ||
    signal === null ||
    typeof signal.aborted !== "boolean" ||
    typeof signal.addEventListener !== "function" ||
    typeof signal.removeEventListener !== "function"
  ) {
    throw new TypeError(`The "signal" option must be an AbortSignal. Received ${quote(value)}`);
  }
  return value as AbortSignal;
}

/** A flag that is `true`, `false` or absent. */
export function booleanOption(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") {
    throw new TypeError(`The "${name}" option must be a boolean. Received ${quote(value)}`);
  }
  return value;
}

/** One topic or an iterable of them, parsed; nothing is registered before all parsed. */
export function topicsOption(value: TopicLike | Iterable<TopicLike> | undefined): Topic[] {
  if (value === undefined) return [];
  if (typeof value === "string" || value instanceof Topic) return [toTopic(value)];
  if (!isIterable(value)) {
    throw new TypeError(
      `The "topics" option must be a topic or an iterable of topics. Received ${quote(value)}`,
    );
  }
  return Array.from(value, (topic) => toTopic(topic));
}

/** True for anything `for...of` accepts. */
export function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "string") &&
    typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === "function"
  );
}

function requireNumber(value: unknown, name: string): void {
  if (typeof value !== "number") {
    throw new TypeError(`The "${name}" option must be a number. Received ${quote(value)}`);
  }
}

/** A callback, or `undefined` when absent. */
export function functionOption<F extends (...args: never[]) => unknown>(value: F | undefined, name: string): F | undefined {
  if (value !== undefined && typeof value !== "function") {
    throw new TypeError(`The "${name}" option must be a function. Received ${quote(value)}`);
  }
  return value;
}
