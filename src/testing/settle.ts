import type { BusStats } from "../bus-stats.js";

const MAX_ROUNDS = 1000;

/** What settling needs of a bus. */
interface Settleable {
  drain(): Promise<void>;
  readonly stats: BusStats;
}

/**
 * Resolves once the bus is idle and stays idle after every promise chain that
 * was waiting on it ran: it drains the bus, lets a task pass so the code that
 * awaited publishes carries on, and repeats while that published more. It
 * does not wait for timers or I/O of your own. Rejects when the bus is still
 * busy after 1000 rounds, as something keeps publishing.
 *
 * @example
 * void checkout.place(order); // publishes, and listeners publish more
 * await settle(bus);
 * expect(recorder.events).toHaveLength(3);
 */
export async function settle(bus: Settleable): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const published = bus.stats.published;
    await bus.drain();
    await nextTask();
    if (bus.stats.published === published) return;
  }
  throw new Error(`settle(): the bus was still busy after ${MAX_ROUNDS} rounds; something keeps publishing`);
}

// A task runs only after every queued microtask, so promise chains finish first.
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
