// The two heap scenarios: bytes per subscription (6) and the heap of a
// producer racing a slow consumer (7). Both need `node --expose-gc`.
import { setImmediate as nextMacrotask } from "node:timers/promises";

const SUBSCRIPTIONS = 100_000;
const BACKPRESSURE_EVENTS = 1_000_000;
const CHECKPOINT = 100_000;

function liveHeap() {
  if (globalThis.gc === undefined) throw new Error("run with node --expose-gc");
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** Heap bytes per subscription with 100,000 subscriptions on distinct exact topics. */
export async function memoryScenario(system, repetitions) {
  const topics = Array.from({ length: SUBSCRIPTIONS }, (_, id) => `users/${id}/updated`);
  let delivered = 0;
  const handler = () => {
    delivered++;
  };
  const samples = [];
  for (let rep = 0; rep < repetitions; rep++) {
    const before = liveHeap();
    let instance = system.create();
    for (const topic of topics) instance.on(topic, handler);
    samples.push((liveHeap() - before) / SUBSCRIPTIONS);

    // A subscription that receives nothing would be cheap to store: prove they all work.
    delivered = 0;
    for (const topic of topics) await instance.publish(instance.publisher(topic));
    await instance.settle?.();
    if (delivered !== SUBSCRIPTIONS) throw new Error(`${system.label} delivered ${delivered} of ${SUBSCRIPTIONS}`);
    instance = undefined;
  }
  samples.sort((a, b) => a - b);
  return { bytesPerSubscription: samples[samples.length >> 1], samples };
}

const slowListener = () => nextMacrotask();

/** Publishes 1,000,000 events to a slow listener, noting the live heap every 100,000. */
export async function backpressureScenario(system) {
  const topic = "users/42/updated";
  let delivered = 0;
  const checkpoints = [];
  const note = (published) => checkpoints.push({ published, heapMB: liveHeap() / 2 ** 20 });

  let consumed;
  let publish;
  let drains = true;
  if (system.label.startsWith("@flamigo")) {
    const instance = system.create();
    instance.bus.subscribe(
      async () => {
        delivered++;
        await slowListener();
      },
      { topics: topic, capacity: 64 },
    );
    const event = instance.publisher(topic);
    publish = () => instance.publish(event);
    consumed = () => instance.settle();
  } else if (system.label.startsWith("emittery")) {
    const instance = system.create();
    const iterator = instance.emitter.events(topic);
    (async () => {
      for await (const _ of iterator) {
        delivered++;
        await slowListener();
      }
    })();
    publish = () => instance.publish(topic);
    // Draining a million-entry buffer takes emittery minutes (Array#shift per
    // event); the heap is measured by then, so stop without draining.
    consumed = () => iterator.return();
    drains = false;
  } else {
    throw new Error(`Scenario 7 compares @flamigo/events with emittery, not ${system.label}`);
  }

  note(0);
  for (let i = 1; i <= BACKPRESSURE_EVENTS; i++) {
    await publish();
    if (i % CHECKPOINT === 0) note(i);
  }
  await consumed();
  if (drains && delivered !== BACKPRESSURE_EVENTS) throw new Error(`${system.label} delivered ${delivered} of ${BACKPRESSURE_EVENTS}`);
  const peakMB = Math.max(...checkpoints.map((checkpoint) => checkpoint.heapMB));
  return { peakMB, checkpoints };
}
