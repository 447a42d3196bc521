// One node of a multi-node bridge test: its own Bus and Bridge, driven by the
// test over a worker_threads port or a child-process IPC channel. Loads the
// BUILT package, as a user's process would.
import { parentPort, workerData } from "node:worker_threads";
import { Bridge, broadcastChannelTransport, jsonCodec, redisTransport } from "../../../dist/bridge.js";
import { Bus } from "../../../dist/index.js";
import { ServerStatus, UserMoved, describeEvent, serverStatusKind, userMovedKind } from "../events.mjs";

const port = parentPort ?? {
  postMessage: (message) => process.send(message),
  on: (type, listener) => process.on(type, listener),
};
const config = workerData ?? JSON.parse(process.argv[2]);
const tell = (message) => port.postMessage({ node: config.name, ...message });

const bus = new Bus();
const received = [];
const latencies = [];
const now = () => performance.timeOrigin + performance.now();
bus.subscribe((_ctx, event) => {
  // In a benchmark run the status is the send time: keep the latency, tell nothing per event.
  if (config.measure) return void latencies.push(now() - Number(event.status));
  received.push(describeEvent(event));
  tell({ type: "received", event: describeEvent(event) });
}, { topics: config.local });

const clients = [];
async function transport() {
  if (config.transport === "broadcast") return broadcastChannelTransport(config.channel);
  const { createClient } = await import("redis");
  // Keep retrying quickly while the test restarts Redis.
  const options = { url: config.url, socket: { reconnectStrategy: () => 50 } };
  const publisher = createClient(options);
  const subscriber = publisher.duplicate();
  for (const client of [publisher, subscriber]) {
    client.on("error", () => undefined); // reconnects are expected when the test restarts Redis
    client.on("ready", () => tell({ type: "redis-ready" }));
    await client.connect();
    clients.push(client);
  }
  return redisTransport({ publisher, subscriber, prefix: config.prefix });
}

const bridge = new Bridge(bus, {
  transport: await transport(),
  codec: jsonCodec([serverStatusKind, userMovedKind]),
  topics: config.carry,
  onError: (error) => tell({ type: "error", message: String(error?.message ?? error) }),
});
await bridge.ready;

port.on("message", async (message) => {
  switch (message.type) {
    case "status":
      await bus.publish(new ServerStatus(message.id, message.status));
      return tell({ type: "published" });
    case "moved":
      await bus.publish(new UserMoved(message.id, message.team));
      return tell({ type: "published" });
    case "burst": {
      // For the benchmark: publish `count` events awaiting each publish, or, paced, each publishSync
      // (which returns once the bridge's send was acknowledged).
      const publish = message.paced ? (event) => bus.publishSync(event) : (event) => bus.publish(event);
      for (let i = 0; i < message.count; i++) await publish(new ServerStatus(String(i), String(now())));
      return tell({ type: "published" });
    }
    case "stats":
      await bus.drain();
      return tell({ type: "stats", stats: bridge.stats, received, latencies });
    case "close":
      await bridge.close();
      await bus.close();
      await Promise.all(clients.map((client) => client.quit()));
      tell({ type: "closed" });
      return parentPort ? undefined : process.disconnect();
  }
});
tell({ type: "ready" });
