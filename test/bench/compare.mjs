// `npm run bench:compare -- <revision> [scenario ids...]`: times @flamigo/events
// as built from a git revision against the working tree, for the before/after
// figures a change to a hot path owes its commit message.
//
// A shared machine drifts by more than most changes gain, so the two builds
// take turns: each round runs the revision, then the working tree, each in a
// fresh process of BENCH_REPS measured runs (default 5) on the CPU clock
// (BENCH_CLOCK=wall to change it). A round keeps a build's fastest run;
// the table shows the median round and every round, sorted. The harness is
// this checkout's for both builds: only the bus differs.
//
// BENCH_ROUNDS (default 5) sets the number of rounds. Scenario 7 is not
// compared: its result is a heap series, not one figure.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { countSetting, format, median, row, runWorker } from "./figures.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const COMPARABLE = ["1", "2a", "2b", "3", "4", "5", "6"];

const [revision, ...selected] = process.argv.slice(2);
if (revision === undefined) fail("usage: npm run bench:compare -- <git revision> [scenario ids...]");
const unknown = selected.filter((id) => !COMPARABLE.includes(id));
if (unknown.length > 0) fail(`Cannot compare scenario ${unknown.join(", ")}: choose from ${COMPARABLE.join(", ")}`);
const ids = selected.length > 0 ? selected : COMPARABLE;
const rounds = countSetting("BENCH_ROUNDS", 5);

function fail(message) {
  console.error(message);
  process.exit(2);
}

function git(...args) {
  return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Checks `commit` out into `tree`, beside this checkout, and builds it there. */
function buildRevision(commit, tree) {
  git("worktree", "add", "--detach", tree, commit);
  symlinkSync(join(root, "node_modules"), join(tree, "node_modules"), "dir");
  execFileSync(join(root, "node_modules", ".bin", "tsup"), [], { cwd: tree, stdio: "ignore" });
}

/** One fresh process; its fastest run in ns per publish (scenario 6: its bytes per subscription). */
function measure(id, tree) {
  const env = { ...process.env, BENCH_CLOCK: process.env.BENCH_CLOCK ?? "cpu" };
  if (tree !== undefined) env.BENCH_FLAMIGO = pathToFileURL(join(tree, "dist", "index.js")).href;
  const result = runWorker(id, "flamigo", env);
  return id === "6" ? result.bytesPerSubscription : Math.min(...result.samples);
}

let commit;
try {
  commit = git("rev-parse", "--verify", "--quiet", `${revision}^{commit}`);
} catch {
  fail(`Not a git revision of this checkout: ${revision}`);
}
const label = `${revision} (${commit.slice(0, 7)})`;
const tree = mkdtempSync(join(tmpdir(), "flamigo-bench-"));
try {
  buildRevision(commit, tree);
  console.log(`@flamigo/events at ${label} against the working tree; ${rounds} alternating rounds, fastest of ${process.env.BENCH_REPS ?? 5} runs each\n`);
  console.log(row(["scenario", label, "working tree", "change", `rounds: ${revision}`, "rounds: working tree"]));
  console.log(row(["---", "---:", "---:", "---:", "---", "---"]));
  for (const id of ids) {
    const before = [];
    const after = [];
    for (let i = 0; i < rounds; i++) {
      before.push(measure(id, tree));
      after.push(measure(id, undefined));
    }
    for (const list of [before, after]) list.sort((a, b) => a - b);
    const [was, is] = [median(before), median(after)];
    const unit = id === "6" ? " B" : " ns";
    const percent = format(Math.abs((100 * (is - was)) / was));
    const change = percent === "0" ? "±0%" : `${is > was ? "+" : "−"}${percent}%`;
    console.log(row([id, format(was) + unit, format(is) + unit, change, before.map((value) => format(value)).join(" "), after.map((value) => format(value)).join(" ")]));
  }
} finally {
  rmSync(tree, { recursive: true, force: true });
  git("worktree", "prune");
}
