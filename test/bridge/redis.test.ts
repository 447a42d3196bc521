import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisGlob } from "../../src/bridge.js";
import { BusNode } from "./nodes.js";
import { RedisServer, redisServerBinary } from "./redis-server.js";

if (redisServerBinary === undefined) {
  console.warn("Skipping the Redis bridge tests: no redis-server here (`apt-get install redis-server`; .ci/run does it)");
}

const prefix = "flamigo-test:";

describe.skipIf(redisServerBinary === undefined)("Redis transport across processes", () => {
  let redis: RedisServer;
  const nodes: BusNode[] = [];
  let a: BusNode;
  let b: BusNode;
  let c: BusNode;

  const start = async (name: string, carry: string[], local: string[]) => {
    const node = await BusNode.start({ name, carry, local, transport: "redis", url: redis.url, prefix }, "process");
    nodes.push(node);
    return node;
  };
  const count = (node: BusNode, n: number) => node.until(() => (node.received().length >= n ? true : undefined));

  beforeAll(async () => {
    redis = await RedisServer.start();
    a = await start("a", ["servers/*/status"], ["servers/*/status"]);
    b = await start("b", ["servers/*/status", "users/*/moved"], ["servers/*/status", "users/*/moved"]);
    c = await start("c", ["users/*/moved"], ["users/*/moved", "servers/*/status"]);
  });

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await redis?.stop();
  });

  it("delivers between processes with wildcard patterns, no echo, and no traffic for patterns a node does not carry", async () => {
    a.send({ type: "status", id: "1", status: "up" });
    await count(b, 1);
    b.send({ type: "moved", id: "7", team: "blue" });
    await count(c, 1);
    const [sa, sb, sc] = await Promise.all([a.stats(), b.stats(), c.stats()]);
    expect(sa.received).toEqual(["1:up"]);
    expect(sb.received).toEqual(["1:up", "7->blue"]);
    expect(sc.received).toEqual(["7->blue"]);
    // c subscribes to no servers/* pattern in Redis, so Redis sent it no frame for "1:up".
    expect(sc.stats.received).toBe(1);
    // a's own frame came back through its pattern subscription and was dropped, not re-published.
    expect(sa.stats).toMatchObject({ sent: 1, published: 0, ignored: 1 });
    expect(sb.stats).toMatchObject({ sent: 1, published: 1 });
  });

  it("re-checks the single-segment rule where Redis's `*` spans segments", async () => {
    const raw = await createClient({ url: redis.url }).connect();
    const frame = `fe1;foreign;1;${JSON.stringify({ kind: "server.status", data: { id: "1/extra", status: "x" } })}`;
    await raw.publish(`${prefix}servers/1/extra/status`, frame);
    await raw.publish(`${prefix}servers/9/status`, "not a bridge frame");
    await raw.quit();
    await a.until(() => (a.messages.some((m) => m.type === "error") ? true : undefined));
    const { stats, received } = await a.stats();
    expect(received).toEqual(["1:up"]);
    expect(stats).toMatchObject({ received: 3, failed: 1, published: 0 });
    expect(a.messages.filter((m) => m.type === "error").map((m) => m.message)).toEqual([
      "Malformed frame: no bridge header",
    ]);
  });

  it("keeps delivering after Redis restarts", async () => {
    const readyBefore = nodes.map((node) => node.messages.filter((m) => m.type === "redis-ready").length);
    await redis.stop();
    await redis.restart();
    // Each node has a publisher and a subscriber client; both must be back (and resubscribed).
    await Promise.all(nodes.map((node, i) => node.next("redis-ready", (readyBefore[i] as number) + 2)));
    b.send({ type: "status", id: "2", status: "back" });
    await count(a, 2);
    expect(a.received()).toEqual(["1:up", "2:back"]);
  });

  it("maps topic patterns to escaped Redis globs", () => {
    expect(redisGlob("app:", "servers/*/status")).toBe("app:servers/*/status");
    expect(redisGlob("a*[", "q?/x\\y")).toBe("a\\*\\[q\\?/x\\\\y");
  });
});
