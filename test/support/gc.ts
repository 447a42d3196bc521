/**
 * Collects garbage until the heap stops shrinking, waiting a macrotask turn
 * between rounds so that WeakRefs created in the current job can be cleared.
 * Needs `node --expose-gc`: vitest.config.ts and `npm run stress` pass it.
 */
export async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with node --expose-gc (vitest.config.ts and npm run stress set it)");
  for (let round = 0; round < 6; round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** `heapUsed` after a full collection, in bytes. */
export async function settledHeap(): Promise<number> {
  await collectGarbage();
  return process.memoryUsage().heapUsed;
}
