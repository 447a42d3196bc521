import { cpus } from "node:os";
import { collectGarbage } from "../support/gc.js";
import { Prng } from "../support/prng.js";
import { churn } from "./churn.js";
import { clientSoak } from "./client-soak.js";
import { faultSoak } from "./faults.js";
import type { StressFigures } from "./figures.js";
import { churnIndex } from "./index-churn.js";
import { soak } from "./soak.js";
import { fuzzTopics } from "./topic-fuzz.js";

/**
 * `npm run stress`: the full-size runs, one after the other, then the
 * reliability table. Exits non-zero when any run broke a guarantee.
 */

const MB = 2 ** 20;
const notes: string[] = [];
const runs: (() => Promise<StressFigures> | StressFigures)[] = [
  () => soak({ seed: 1, deliveries: 1_000_000, subscriptions: 60, publishers: 12 }),
  async () => {
    const figures = await churn({ seed: 5, cycles: 300_000, heapGrowthLimitBytes: 4 * MB });
    notes.push(`churn: heap after the run minus before it, after full collections: ${(figures.heapGrowthBytes / MB).toFixed(2)} MB`);
    return figures;
  },
  () => churnIndex(new Prng(3), 300_000),
  () => faultSoak({ seed: 11, events: 200_000 }),
  () => clientSoak({ seed: 13, messages: 1_000_000, clients: 48 }),
  () => fuzzTopics(new Prng(7), 200_000),
];

const results: StressFigures[] = [];
for (const run of runs) {
  // Each run starts from a collected heap, so its peak is its own.
  await collectGarbage();
  const figures = await run();
  results.push(figures);
  console.error(`done: ${figures.suite} (${(figures.durationMs / 1000).toFixed(1)} s)`);
}
console.log(machine());
console.log(table(results));
for (const note of notes) console.log(`\n${note}`);
const broken = results.filter((figures) => figures.violations.length > 0);
for (const figures of broken) console.log(`\n${figures.suite} broke:\n  ${figures.violations.join("\n  ")}`);
process.exitCode = broken.length > 0 ? 1 : 0;

function machine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return `${new Date().toISOString()} · Node ${process.version} · ${cpus().length} × ${cpu}\n`;
}

function table(rows: readonly StressFigures[]): string {
  const header = "| suite | events | subscriptions | duration | peak heap | errors seen | lost events |";
  const lines = rows.map(
    (r) =>
      `| ${r.suite} | ${r.events.toLocaleString("en")} | ${r.subscriptions.toLocaleString("en")} | ${(r.durationMs / 1000).toFixed(1)} s | ${(r.peakHeapBytes / MB).toFixed(1)} MB | ${r.errorsSeen.toLocaleString("en")} | ${r.lost} |`,
  );
  return [header, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |", ...lines].join("\n");
}
