import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { RedisServer, redisServerBinary } from "../bridge/redis-server.js";
import { startDemoProcess, type DemoProcess } from "../support/demo-process.js";
import { Inbox } from "../support/inbox.js";

describe.skipIf(redisServerBinary === undefined)("two demo instances sharing events through Redis", () => {
  let redis: RedisServer;
  let first: DemoProcess;
  let second: DemoProcess;
  let socket: WebSocket;
  let inbox: Inbox;

  beforeAll(async () => {
    redis = await RedisServer.start();
    [first, second] = await Promise.all([
      startDemoProcess({ REDIS_URL: redis.url }),
      startDemoProcess({ REDIS_URL: redis.url }),
    ]);
    socket = new WebSocket(new URL("/ws", second.url).href.replace(/^http/, "ws"));
    inbox = new Inbox(socket);
    await once(socket, "open");
  }, 60_000);

  afterAll(async () => {
    socket?.terminate();
    await Promise.all([first?.stop(), second?.stop()]);
    await redis?.stop();
  });

  it("shows a client of the second instance what the first published, with its own backend reaction", async () => {
    socket.send(JSON.stringify({ subscribe: "servers/*/status" }));
    socket.send(JSON.stringify({ subscribe: "alerts/*" }));
    await inbox.next();
    expect(await inbox.next()).toEqual({ topic: "subscriptions", payload: ["servers/*/status", "alerts/*"] });

    await first.publish({ kind: "server-status", id: "db-9", status: "down" });
    expect(await inbox.next()).toEqual({ topic: "servers:db-9:status", payload: { id: "db-9", status: "down" } });
    // The second instance raised its own alert from the bridged status; alerts themselves are not bridged.
    expect(await inbox.next()).toEqual({ topic: "alerts:db-9", payload: { id: "db-9", text: "db-9 is down" } });

    await second.publish({ kind: "user-joined", name: "ada" }); // not subscribed: never arrives
    await first.publish({ kind: "server-status", id: "db-9", status: "up" });
    expect(await inbox.next()).toEqual({ topic: "servers:db-9:status", payload: { id: "db-9", status: "up" } });
  });
});
