// `npm run bench`: runs every scenario against every system, each in a fresh
// process, and prints the results as Markdown tables plus the targets.
// Usage: node test/bench/run.mjs [scenario ids...]   (BENCH_REPS=5 by default)
//
// BENCH_PROCESSES (default 1) runs each timed scenario in that many fresh
// processes per system, taking turns across the systems, and reports the
// median of all their runs: runs within one process agree more closely than
// processes do, so one process's median can sit at either end of the spread.
import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { countSetting, format, median, row, runWorker } from "./figures.mjs";
import { scenarios } from "./scenarios.mjs";
import { systems } from "./systems.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repetitions = Number(process.env.BENCH_REPS ?? 5);
const processes = countSetting("BENCH_PROCESSES", 1);
const selected = process.argv.slice(2);
const wanted = (id) => selected.length === 0 || selected.includes(id) || selected.includes(id.replace(/[ab]$/, ""));

const allSystems = Object.keys(systems);
const results = {};

console.log(`Machine: ${cpus()[0]?.model.trim()}, ${cpus().length} cores; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}; median of ${processes > 1 ? `${repetitions} runs in each of ${processes} processes` : `${repetitions} runs`}\n`);

// Not Object.entries: it would list the integer-like ids ("1", "3") before "2a".
for (const id of ["1", "2a", "2b", "3", "4", "5"]) {
  const scenario = scenarios[id];
  if (!wanted(id)) continue;
  const hasWildcards = id === "3" || id === "4";
  console.log(`### ${id}. ${scenario.title} (${format(scenario.publishes)} publishes)\n`);
  console.log(row(["system", "ns / publish", "× baseline", "note"]));
  console.log(row(["---", "---:", "---:", "---"]));
  results[id] = {};
  const systemIds = scenario.systems ?? allSystems;
  const samples = Object.fromEntries(systemIds.map((systemId) => [systemId, []]));
  for (let round = 0; round < processes; round++) {
    for (const systemId of systemIds) samples[systemId].push(...runWorker(id, systemId).samples);
  }
  for (const systemId of systemIds) {
    const system = systems[systemId];
    const nsPerPublish = median(samples[systemId]);
    results[id][systemId] = nsPerPublish;
    const ratio = nsPerPublish / results[id].baseline;
    const notes = [];
    if (hasWildcards && !system.wildcards) notes.push("best case: every matching concrete topic registered in advance");
    if (id === "5" && systemId === "baseline") notes.push("awaited async function call");
    console.log(row([system.label, format(nsPerPublish), `${format(ratio, 1)}×`, notes.join("; ")]));
  }
  console.log("");
}

if (wanted("6")) {
  console.log("### 6. memory: heap bytes per subscription, 100,000 subscriptions on distinct exact topics\n");
  console.log(row(["system", "bytes / subscription"]));
  console.log(row(["---", "---:"]));
  results["6"] = {};
  for (const systemId of allSystems) {
    const { bytesPerSubscription } = runWorker("6", systemId);
    results["6"][systemId] = bytesPerSubscription;
    console.log(row([systems[systemId].label, format(bytesPerSubscription)]));
  }
  console.log("");
}

if (wanted("7")) {
  console.log("### 7. backpressure: 1,000,000 awaited publishes to a slow listener (live heap after GC, MB)\n");
  const runs = ["flamigo", "emittery"].map((systemId) => [systemId, runWorker("7", systemId)]);
  const published = runs[0][1].checkpoints.map((checkpoint) => format(checkpoint.published));
  console.log(row(["system", ...published.map((count) => `${count}`), "peak"]));
  console.log(row(["---", ...published.map(() => "---:"), "---:"]));
  for (const [systemId, { checkpoints, peakMB }] of runs) {
    const label =
      systemId === "flamigo" ? "@flamigo/events (capacity 64)" : "emittery 1.x (events() iterator; buffer not drained, see note)";
    console.log(row([label, ...checkpoints.map((checkpoint) => format(checkpoint.heapMB, 1)), format(peakMB, 1)]));
  }
  const own = runs[0][1].checkpoints;
  // Flat: past the first 100,000 events the live heap never grows by more than 1 MB.
  results["7"] = Math.max(...own.slice(2).map((c) => c.heapMB)) - own[1].heapMB;
  console.log("");
}

const targets = [
  ["1 exact", results["1"]?.flamigo, (v) => `${format(v)} ns`, (v) => v <= 100, "≤ 100 ns / publish"],
  ["2 scaling", results["2b"] && results["2b"].flamigo / results["2a"].flamigo, (v) => `${format(v, 2)}×`, (v) => v <= 1.5, "10,000 subs ≤ 1.5× 10 subs"],
  ["3 fan-out", results["3"]?.flamigo, (v) => `${format(v)} ns`, (v) => v <= 1000, "≤ 1,000 ns / publish"],
  ["4 mixed", results["4"]?.flamigo, (v) => `${format(v)} ns`, (v) => v <= 250, "≤ 250 ns / publish"],
  ["5 publishSync", results["5"]?.flamigo, (v) => `${format(v)} ns`, (v) => v <= 500, "≤ 500 ns / awaited event"],
  ["6 memory", results["6"]?.flamigo, (v) => `${format(v)} B`, (v) => v <= 300, "≤ 300 B / subscription"],
  ["7 backpressure", results["7"], (v) => `+${format(v, 2)} MB from 100k to 1M events`, (v) => v <= 1, "flat live heap"],
];
let bundle;
if (wanted("bundle")) {
  console.log("### bundle size (esbuild --minify, gzip -9)\n");
  try {
    bundle = execFileSync(process.execPath, [join(here, "..", "size-budget.mjs")], { encoding: "utf8" });
  } catch (failure) {
    bundle = failure.stdout; // over a ceiling: still print the sizes
  }
  console.log(`${bundle.trim()}\n`);
}

console.log("### Targets (@flamigo/events)\n");
console.log(row(["scenario", "target", "measured median", "status"]));
console.log(row(["---", "---", "---:", "---"]));
for (const [name, value, show, met, target] of targets) {
  if (value === undefined || Number.isNaN(value)) continue;
  console.log(row([name, target, show(value), met(value) ? "met" : "**not met**"]));
}
for (const line of bundle?.trim().split("\n") ?? []) {
  const [, entry, size, target, status] = /^\S+\s+(\S+): (\d+ B)[^,]*, ceiling \d+ B, target (\d+ B) (met|NOT MET)$/.exec(line) ?? [];
  if (entry) console.log(row([`bundle ${entry}`, `≤ ${target} min+gzip`, size, status === "met" ? "met" : "**not met**"]));
}
