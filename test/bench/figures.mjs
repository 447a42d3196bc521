// What run.mjs, compare.mjs and worker.mjs share: running one scenario in a
// fresh worker process, reading count settings, and the median and Markdown
// they report with.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const worker = join(dirname(fileURLToPath(import.meta.url)), "worker.mjs");

/** Runs `scenarioId` against `systemId` in a fresh Node process and returns its JSON result. */
export function runWorker(scenarioId, systemId, env = process.env) {
  const output = execFileSync(process.execPath, ["--expose-gc", worker, scenarioId, systemId], {
    encoding: "utf8",
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(output.trim().split("\n").pop());
}

/**
 * The positive integer in environment variable `name`, or `fallback` when it
 * is unset; anything else ends the process with exit code 2 and a message.
 */
export function countSetting(name, fallback) {
  const count = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(count) || count < 1) {
    console.error(`${name} must be a positive integer, not ${process.env[name]}`);
    process.exit(2);
  }
  return count;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const format = (value, digits = 0) =>
  value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export const row = (cells) => `| ${cells.join(" | ")} |`;
