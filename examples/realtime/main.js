// `npm run demo`: builds the package when dist/ is missing or older than src/,
// starts the demo server and stops it cleanly on Ctrl-C.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const entries = ["index.js", "client.js", "realtime.js", "bridge.js"].map((name) => `${root}dist/${name}`);

ensureBuilt();
const { startDemo } = await import("./server.js");
const demo = await startDemo({
  port: Number(process.env.PORT ?? 0),
  simulate: process.env.DEMO_SIMULATE !== "0",
  redisUrl: process.env.REDIS_URL,
});
console.log(`Realtime demo on ${demo.url} (Ctrl-C to stop)`);
if (process.env.REDIS_URL) console.log(`Sharing events with other instances through ${process.env.REDIS_URL}`);

process.once("SIGINT", async () => {
  await demo.close();
  console.log(`Stopped. Clients fell behind and lost ${demo.stats.dropped} messages.`);
});

function ensureBuilt() {
  const sources = readdirSync(`${root}src`, { recursive: true }).map((name) => modified(`${root}src/${name}`));
  const built = entries.map(modified);
  if (Math.min(...built) > Math.max(...sources)) return;
  console.log("Building @flamigo/events first…");
  const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

function modified(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -Infinity;
  }
}
