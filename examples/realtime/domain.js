// The demo's domain: events that the backend reacts to and that clients see.
// Each bus topic has a client topic made of the same parts, so the page can
// dispatch a message on its own bus under the topic the server used.
import { clientTopic, newMessage } from "@flamigo/events/client";

export const SERVER_IDS = ["web-1", "web-2", "db-1"];
export const STATUSES = ["up", "degraded", "down"];

/** A server's status changed. */
export class ServerStatusChanged {
  constructor(id, status) {
    this.id = id;
    this.status = status;
  }
  topics() {
    return [`servers/${this.id}/status`];
  }
  clientMessage() {
    return newMessage(clientTopic("servers", this.id, "status"), { id: this.id, status: this.status });
  }
}

/** A user joined. */
export class UserJoined {
  constructor(name) {
    this.name = name;
  }
  topics() {
    return [`users/${this.name}/joined`];
  }
  clientMessage() {
    return newMessage(clientTopic("users", this.name, "joined"), { name: this.name });
  }
}

/** The shared counter moved on. */
export class CounterTicked {
  constructor(value) {
    this.value = value;
  }
  topics() {
    return ["counter/ticked"];
  }
  clientMessage() {
    return newMessage(clientTopic("counter", "ticked"), { value: this.value });
  }
}

/** Raised by a backend reaction, not by a request: a server went down. */
export class AlertRaised {
  constructor(id, text) {
    this.id = id;
    this.text = text;
  }
  topics() {
    return [`alerts/${this.id}`];
  }
  clientMessage() {
    return newMessage(clientTopic("alerts", this.id), { id: this.id, text: this.text });
  }
}

/**
 * The backend's own reaction to the same events the clients see: a server
 * that goes down raises an alert, which clients can subscribe to as well.
 */
export function raiseAlertsForDownServers(bus) {
  return bus.subscribe(
    (ctx, event) => {
      if (event.status === "down") return ctx.publish(new AlertRaised(event.id, `${event.id} is down`));
    },
    { topics: "servers/*/status" },
  );
}

/** Publishes made-up activity on timers until the returned function is called. */
export function simulateActivity(bus, counter) {
  const pick = (items) => items[Math.floor(Math.random() * items.length)];
  const names = ["ada", "grace", "linus", "margaret", "ken", "barbara", "dennis", "frances"];
  const report = (error) => console.error("demo: publishing failed", error);
  const timers = [
    setInterval(() => bus.publish(new ServerStatusChanged(pick(SERVER_IDS), pick(STATUSES))).catch(report), 1500),
    setInterval(() => bus.publish(new UserJoined(pick(names))).catch(report), 4000),
    setInterval(() => bus.publish(new CounterTicked(counter.next())).catch(report), 1000),
  ];
  return () => timers.forEach(clearInterval);
}

/** What the instances of a cluster share through the bridge (see cluster.js). */
export const BRIDGED_TOPICS = ["servers/*/status", "users/*/joined", "counter/ticked"];

/** How the bridged events cross the wire. */
export const EVENT_KINDS = [
  kind("server-status", ServerStatusChanged, (e) => ({ id: e.id, status: e.status }), (d) => new ServerStatusChanged(d.id, d.status)),
  kind("user-joined", UserJoined, (e) => ({ name: e.name }), (d) => new UserJoined(d.name)),
  kind("counter", CounterTicked, (e) => ({ value: e.value }), (d) => new CounterTicked(d.value)),
];

function kind(name, type, toData, fromData) {
  return { name, matches: (event) => event instanceof type, toData, fromData };
}
