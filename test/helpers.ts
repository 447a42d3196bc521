import type { Event, TopicLike } from "../src/index.js";

/** A plain event for tests: a name to recognise it by, and its topics. */
export interface TestEvent extends Event {
  readonly name: string;
}

export function event(name: string, ...topics: TopicLike[]): TestEvent {
  return { name, topics: () => topics };
}

/** A promise the test settles by hand, to hold a listener exactly as long as needed. */
export interface Gate<T = void> {
  readonly promise: Promise<T>;
  open(value: T): void;
  fail(reason: unknown): void;
}

export function gate<T = void>(): Gate<T> {
  let open!: (value: T) => void;
  let fail!: (reason: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

/**
 * Lets every queued microtask (and the microtasks they queue) run, by waiting
 * for the next macrotask turn. It waits for no clock: only for the queue of
 * already scheduled work to empty.
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Tracks whether a promise has settled yet, without awaiting it. */
export function track<T>(promise: Promise<T>): { readonly settled: boolean; readonly promise: Promise<T> } {
  const state = { settled: false, promise };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}
