import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startDemoProcess, type DemoProcess } from "../support/demo-process.js";
import { Inbox } from "../support/inbox.js";

describe("the realtime demo server", () => {
  let demo: DemoProcess;
  let socket: WebSocket;
  let inbox: Inbox;

  beforeAll(async () => {
    demo = await startDemoProcess();
    socket = new WebSocket(new URL("/ws", demo.url).href.replace(/^http/, "ws"));
    inbox = new Inbox(socket);
    await once(socket, "open");
  }, 60_000);

  afterAll(async () => {
    socket?.terminate();
    await demo?.stop();
  });

  it("sends a client the events of the topics it subscribed, changed at runtime", async () => {
    socket.send(JSON.stringify({ subscribe: "servers/*/status" }));
    expect(await inbox.next()).toEqual({ topic: "subscriptions", payload: ["servers/*/status"] });

    await demo.publish({ kind: "server-status", id: "n1", status: "degraded" });
    expect(await inbox.next()).toEqual({ topic: "servers:n1:status", payload: { id: "n1", status: "degraded" } });

    socket.send(JSON.stringify({ subscribe: "alerts/*" }));
    expect(await inbox.next()).toEqual({ topic: "subscriptions", payload: ["servers/*/status", "alerts/*"] });
    await demo.publish({ kind: "server-status", id: "n2", status: "down" });
    expect(await inbox.next()).toEqual({ topic: "servers:n2:status", payload: { id: "n2", status: "down" } });
    expect(await inbox.next()).toEqual({ topic: "alerts:n2", payload: { id: "n2", text: "n2 is down" } });

    socket.send(JSON.stringify({ unsubscribe: "servers/*/status" }));
    expect(await inbox.next()).toEqual({ topic: "subscriptions", payload: ["alerts/*"] });
    await demo.publish({ kind: "server-status", id: "n3", status: "up" });
    await demo.publish({ kind: "server-status", id: "n4", status: "down" });
    // Messages arrive in publish order: had n3's or n4's status been sent, it would come first.
    expect(await inbox.next()).toEqual({ topic: "alerts:n4", payload: { id: "n4", text: "n4 is down" } });
  });

  it("answers a bad topic with an error message", async () => {
    socket.send(JSON.stringify({ subscribe: "servers//status" }));
    const answer = await inbox.next();
    expect(answer.topic).toBe("error");
    expect(answer.payload).toEqual({ message: expect.stringContaining('Invalid topic "servers//status"') });
  });

  it("refuses a POST /events it cannot turn into an event", async () => {
    const response = await fetch(new URL("/events", demo.url), { method: "POST", body: '{"kind":"reboot"}' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'kind must be "server-status", "user-joined" or "counter"' });
  });

  it("serves the package's own build and nothing else from the repository", async () => {
    const bundle = await fetch(new URL("/dist/client.js", demo.url));
    expect(bundle.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await bundle.text()).toBe(await readFile(new URL("../../dist/client.js", import.meta.url), "utf8"));
    expect((await fetch(new URL("/dist/%2e%2e/package.json", demo.url))).status).toBe(404);
    expect((await fetch(new URL("/package.json", demo.url))).status).toBe(404);
  });

  it("stops cleanly on Ctrl-C", async () => {
    const { code, output } = await demo.stop();
    expect(code).toBe(0);
    expect(output).toContain("Stopped.");
  });
});
