// Throughput and latency across the Redis bridge between two processes on this
// machine: `npm run bench:bridge` (needs redis-server; builds first).
// Node "sender" publishes COUNT events awaiting each publish; node "receiver"
// records, per event, the time from publish to its local listener.
import { fork, spawn } from "node:child_process";
import { createServer } from "node:net";

const COUNT = Number(process.env.COUNT ?? 50_000);
const script = new URL("../bridge/workers/bus-node.mjs", import.meta.url);

const port = await new Promise((resolve) => {
  const server = createServer().listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", ""], { stdio: ["ignore", "pipe", "inherit"] });
await new Promise((resolve) => redis.stdout.on("data", (chunk) => String(chunk).includes("Ready to accept") && resolve()));

function start(name, measure) {
  const config = { name, carry: ["servers/*/status"], local: ["servers/*/status"], transport: "redis", url: `redis://127.0.0.1:${port}`, prefix: "bench:", measure };
  const child = fork(script, [JSON.stringify(config)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const next = (type) => new Promise((resolve) => {
    const onMessage = (message) => message.type === type && (child.off("message", onMessage), resolve(message));
    child.on("message", onMessage);
  });
  return next("ready").then(() => ({ child, next, send: (m) => child.send(m) }));
}

async function run(mode, count) {
  const sender = await start(`${mode}-sender`, false);
  const receiver = await start(`${mode}-receiver`, true);
  const started = performance.now();
  sender.send({ type: "burst", count, paced: mode === "paced" });
  await sender.next("published");
  let stats;
  do {
    receiver.send({ type: "stats" });
    stats = await receiver.next("stats");
  } while (stats.latencies.length < count);
  const seconds = (performance.now() - started) / 1000;
  const sorted = stats.latencies.sort((x, y) => x - y);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(2);
  console.log(`${mode.padEnd(6)} ${String(count).padStart(7)} events  ${String(Math.round(count / seconds)).padStart(7)} events/s  latency median ${at(0.5)} ms  p99 ${at(0.99)} ms`);
  for (const node of [sender, receiver]) {
    node.send({ type: "close" });
    await node.next("closed");
  }
}

console.log("Redis bridge between two processes (burst: awaited publish; paced: awaited publishSync)");
await run("burst", COUNT);
await run("paced", Math.min(COUNT, 10_000));
redis.kill();
