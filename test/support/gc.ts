import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// Works with or without `node --expose-gc`: V8 hands a fresh context its `gc`
// once the flag is set, so the quick suites need no special runner flags.
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

/**
 * Collects garbage until the heap stops shrinking, waiting a macrotask turn
 * between rounds so that WeakRefs created in the current job can be cleared.
 */
export async function collectGarbage(): Promise<void> {
  for (let round = 0; round < 6; round++) {
    collect();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** `heapUsed` after a full collection, in bytes. */
export async function settledHeap(): Promise<number> {
  await collectGarbage();
  return process.memoryUsage().heapUsed;
}
