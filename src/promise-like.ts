/** True for anything `await` treats as a promise: an object or function with a `then` method. */
export function isPromiseLike(value: unknown): value is PromiseLike<void> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as Partial<PromiseLike<void>>).then === "function"
  );
}
