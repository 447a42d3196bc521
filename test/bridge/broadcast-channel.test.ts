import { afterAll, describe, expect, it } from "vitest";
import { BusNode, type NodeConfig } from "./nodes.js";

const channel = `bridge-test-${process.pid}`;
const nodes: BusNode[] = [];

async function start(name: string, carry: string[], local: string[]): Promise<BusNode> {
  const config: NodeConfig = { name, carry, local, transport: "broadcast", channel };
  const node = await BusNode.start(config, "worker");
  nodes.push(node);
  return node;
}

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.close()));
});

describe("BroadcastChannel transport across worker threads", () => {
  it("exchanges events both ways with wildcard patterns, no echo, and only what each node carries", async () => {
    const a = await start("a", ["servers/*/status"], ["servers/*/status"]);
    const b = await start("b", ["servers/*/status", "users/*/moved"], ["servers/*/status", "users/*/moved"]);
    const c = await start("c", ["servers/1/status"], ["servers/*/status"]);

    a.send({ type: "status", id: "1", status: "up" });
    await a.next("published");
    b.send({ type: "status", id: "2", status: "down" });
    await b.next("published");
    c.send({ type: "moved", id: "7", team: "blue" }); // c carries no users/* pattern: stays local

    await a.until(() => (a.received().length === 2 ? true : undefined));
    await b.until(() => (b.received().length === 2 ? true : undefined));
    await c.until(() => (c.received().length === 1 ? true : undefined));
    const [sa, sb, sc] = await Promise.all([a.stats(), b.stats(), c.stats()]);

    expect(sa.received).toEqual(["1:up", "2:down"]);
    expect(sb.received).toEqual(["1:up", "2:down"]);
    expect(sc.received).toEqual(["1:up"]);
    // Each node sent exactly its own matching events: nothing was sent back out.
    expect([sa.stats.sent, sb.stats.sent, sc.stats.sent]).toEqual([1, 1, 0]);
    expect([sa.stats.published, sb.stats.published, sc.stats.published]).toEqual([1, 1, 1]);
    expect(nodes.flatMap((n) => n.messages.filter((m) => m.type === "error"))).toEqual([]);
  });
});
