// Runs one scenario against one system in a fresh process (so no system's JIT
// state or garbage affects another) and prints one JSON line for run.mjs.
import { median } from "./figures.mjs";
import { memoryScenario, backpressureScenario } from "./memory.mjs";
import { expand, expectedDeliveries, scenarios } from "./scenarios.mjs";
import { systems } from "./systems.mjs";

const [scenarioId, systemId] = process.argv.slice(2);
const repetitions = Number(process.env.BENCH_REPS ?? 5);
// BENCH_CLOCK=cpu times with this process's CPU time: steadier than wall time
// when other work shares the machine, for comparing two builds.
const now =
  process.env.BENCH_CLOCK === "cpu"
    ? () => {
        const { user, system } = process.cpuUsage();
        return (user + system) * 1000;
      }
    : () => Number(process.hrtime.bigint());

function collectGarbage() {
  globalThis.gc?.();
}

/**
 * Subscribes every pattern, each with its own handler as an application would
 * (emittery keeps one copy of a function registered twice). Systems without
 * segment wildcards get each matching concrete topic instead: their best case.
 */
function subscribeAll(instance, system, patterns, expansions, makeHandler, awaited) {
  const on = awaited && instance.onAsync ? instance.onAsync : instance.on;
  patterns.forEach((pattern, i) => {
    const handler = makeHandler();
    if (system.wildcards || !pattern.includes("*")) on(pattern, handler);
    else for (const topic of expansions[i]) on(topic, handler);
  });
}

async function timeOnce(system, scenario, workload, expansions, expected) {
  let delivered = 0;
  const makeHandler = scenario.awaited
    ? () => async () => {
        delivered++;
      }
    : () => () => {
        delivered++;
      };
  const instance = system.create();
  subscribeAll(instance, system, workload.patterns, expansions, makeHandler, scenario.awaited);
  const publishables = workload.universe.map(instance.publisher);
  const sequence = workload.sequence;
  collectGarbage();

  const start = now();
  if (scenario.awaited) {
    for (let i = 0; i < sequence.length; i++) await instance.publishSync(publishables[sequence[i]]);
  } else if (system.async) {
    for (let i = 0; i < sequence.length; i++) await instance.publish(publishables[sequence[i]]);
    await instance.settle?.();
  } else {
    for (let i = 0; i < sequence.length; i++) instance.publish(publishables[sequence[i]]);
  }
  const elapsed = now() - start;

  if (delivered !== expected) {
    throw new Error(`${systemId} delivered ${delivered} handler calls in scenario ${scenarioId}, expected ${expected}`);
  }
  return elapsed / sequence.length;
}

async function timedScenario(scenario, system) {
  const workload = scenario.build();
  const cache = new Map();
  const expansions = workload.patterns.map((pattern) => {
    if (!cache.has(pattern)) cache.set(pattern, expand(pattern, workload.universe));
    return cache.get(pattern);
  });
  const expected = expectedDeliveries(workload, expansions);
  await timeOnce(system, scenario, workload, expansions, expected); // warm-up, not reported
  const samples = [];
  for (let i = 0; i < repetitions; i++) samples.push(await timeOnce(system, scenario, workload, expansions, expected));
  return { nsPerPublish: median(samples), samples, deliveries: expected };
}

const system = systems[systemId];
if (system === undefined) throw new Error(`Unknown system ${systemId}`);
let result;
if (scenarioId === "6") result = await memoryScenario(system, repetitions);
else if (scenarioId === "7") result = await backpressureScenario(system);
else result = await timedScenario(scenarios[scenarioId], system);
process.stdout.write(`${JSON.stringify(result)}\n`);
