// The demo server: a Bus with domain code, a WebSocket adapter per client,
// the page, the package's own ESM build under /dist/, and POST /events to
// publish a domain event on demand (the end-to-end test uses it).
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { once } from "node:events";
import { Bus } from "@flamigo/events";
import { WebSocketServer } from "ws";
import { connectClient } from "./adapter.js";
import { joinCluster } from "./cluster.js";
import {
  CounterTicked,
  ServerStatusChanged,
  STATUSES,
  UserJoined,
  raiseAlertsForDownServers,
  simulateActivity,
} from "./domain.js";

const HOST = "127.0.0.1";
const PUBLIC = new URL("./public/", import.meta.url);
const DIST = new URL("../../dist/", import.meta.url);
const PAGES = { "/": "index.html", "/app.js": "app.js", "/style.css": "style.css" };
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".map": "application/json" };
const NAME = /^[a-z0-9-]{1,32}$/i;
const MAX_BODY = 4096;

/**
 * Starts the demo on 127.0.0.1. `port` 0 picks a free port; `simulate: false`
 * publishes nothing on its own, so only POST /events makes events; with
 * `redisUrl`, the instance shares its events with the others through Redis.
 */
export async function startDemo({ port = 0, simulate = true, redisUrl } = {}) {
  const bus = new Bus();
  const leaveCluster = redisUrl ? await joinCluster(bus, redisUrl) : async () => {};
  const stats = { dropped: 0 };
  let count = 0;
  const counter = { next: () => ++count };
  raiseAlertsForDownServers(bus);

  const server = createServer((request, response) => {
    handle(request, response, bus, counter).catch((error) => answer(response, 500, { error: String(error) }));
  });
  const sockets = new WebSocketServer({ server, path: "/ws" });
  sockets.on("connection", (socket) => connectClient(bus, socket, stats));
  server.listen(port, HOST);
  await once(server, "listening");
  const stopSimulation = simulate ? simulateActivity(bus, counter) : () => {};

  return {
    url: `http://${HOST}:${server.address().port}/`,
    stats,
    async close() {
      stopSimulation();
      for (const socket of sockets.clients) socket.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await leaveCluster();
      await bus.close();
    },
  };
}

async function handle(request, response, bus, counter) {
  const path = new URL(request.url, "http://localhost").pathname;
  if (request.method === "POST" && path === "/events") return publishRequested(request, response, bus, counter);
  if (request.method !== "GET") return answer(response, 405, { error: "method not allowed" });
  if (path in PAGES) return serveFile(response, new URL(PAGES[path], PUBLIC));
  const built = /^\/dist\/([\w.-]+\.js(?:\.map)?)$/.exec(path);
  if (built) return serveFile(response, new URL(built[1], DIST));
  answer(response, 404, { error: "not found" });
}

async function serveFile(response, url) {
  let body;
  try {
    body = await readFile(url);
  } catch {
    return answer(response, 404, { error: "not found" });
  }
  const type = TYPES[url.pathname.slice(url.pathname.lastIndexOf("."))] ?? "application/octet-stream";
  response.writeHead(200, { "content-type": `${type}; charset=utf-8`, "cache-control": "no-store" });
  response.end(body);
}

/** POST /events with `{"kind": "server-status" | "user-joined" | "counter", ...}`. */
async function publishRequested(request, response, bus, counter) {
  let body;
  try {
    body = JSON.parse(await readBody(request));
  } catch (error) {
    return answer(response, 400, { error: `the body must be JSON: ${error.message}` });
  }
  const event = requestedEvent(body, counter);
  if (typeof event === "string") return answer(response, 400, { error: event });
  await bus.publish(event);
  answer(response, 202, { published: event.topics(), payload: event.clientMessage().payload() });
}

/** The event a POST /events body asks for, or why there is none. */
function requestedEvent(body, counter) {
  switch (body?.kind) {
    case "server-status":
      if (!NAME.test(body.id ?? "")) return "server-status needs an id of letters, digits and dashes";
      if (!STATUSES.includes(body.status)) return `server-status needs a status among ${STATUSES.join(", ")}`;
      return new ServerStatusChanged(body.id, body.status);
    case "user-joined":
      if (!NAME.test(body.name ?? "")) return "user-joined needs a name of letters, digits and dashes";
      return new UserJoined(body.name);
    case "counter":
      return new CounterTicked(counter.next());
    default:
      return 'kind must be "server-status", "user-joined" or "counter"';
  }
}

async function readBody(request) {
  let body = "";
  for await (const chunk of request) {
    body += chunk;
    if (body.length > MAX_BODY) throw new Error("the body is too large");
  }
  return body;
}

function answer(response, status, body) {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}
