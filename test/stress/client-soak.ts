import { decodeMessage, newMessage } from "../../src/client.js";
import { Bus } from "../../src/index.js";
import { subscribeClient, type ClientSubscription, type SlowClientPolicy } from "../../src/realtime.js";
import { Prng } from "../support/prng.js";
import { referenceReceives } from "../support/reference-matcher.js";
import { RunRecorder, type StressFigures } from "./figures.js";
import { NumberedEvent, randomDelay, randomPattern, randomTopic, spend, type Delay } from "./workload.js";

export interface ClientSoakPlan {
  readonly seed: number;
  /** Publishing stops once this many messages are owed to clients. */
  readonly messages: number;
  /** Clients connected at any time; closed and disconnected ones are replaced. */
  readonly clients: number;
}

const IDS = 8;

/** One connected client as the run sees it. */
interface Client {
  readonly id: number;
  readonly policy: SlowClientPolicy;
  readonly capacity: number;
  readonly patterns: readonly string[];
  readonly all: false;
  readonly delay: Delay;
  readonly subscription: ClientSubscription;
  /** Messages matched at publish time while the client was connected. */
  matched: number;
  sent: number;
  dropped: number;
  lastSent: number;
  lastDropped: number;
  gone: boolean;
  disconnects: number;
}

/**
 * Many clients on one bus through `subscribeClient`, with every slow-client
 * policy, random buffer sizes and transports of random speed, while clients
 * leave and others connect. Each client gets only messages it matches, in
 * publish order, never past its buffer bound; a "wait" client gets them
 * all, a "drop-oldest" client sends or drops each one exactly once, a
 * "disconnect" client gets them all unless it was disconnected, and nothing
 * is sent after a client is gone.
 */
export async function clientSoak(plan: ClientSoakPlan): Promise<StressFigures> {
  return new ClientRun(plan).run();
}

class ClientRun {
  readonly #prng: Prng;
  readonly #record = new RunRecorder();
  readonly #bus: Bus<NumberedEvent>;
  readonly #clients = new Map<number, Client>();
  readonly #finished: Client[] = [];
  #nextId = 0;
  #seq = 0;
  #owed = 0;
  #lost = 0;
  #sending = 0;
  #progress: (() => void)[] = [];

  constructor(readonly plan: ClientSoakPlan) {
    this.#prng = new Prng(plan.seed);
    this.#bus = new Bus<NumberedEvent>({ onError: this.#record.unexpectedError });
  }

  async run(): Promise<StressFigures> {
    for (let i = 0; i < this.plan.clients; i++) this.#connect();
    const publishers = Array.from({ length: 4 }, (_, i) => this.#publisher(i % 2 === 0));
    await Promise.all(publishers);
    await this.#bus.drain();
    await this.#idle();
    for (const client of this.#clients.values()) this.#check(client);
    for (const client of this.#finished) this.#check(client);
    await this.#bus.close();
    let delivered = 0;
    for (const client of [...this.#clients.values(), ...this.#finished]) delivered += client.sent;
    return this.#record.figures({
      suite: "client subscriptions",
      events: delivered,
      subscriptions: this.#nextId,
      errorsSeen: this.#record.unexpectedErrors,
      lost: this.#lost,
    });
  }


  async #publisher(awaitsEach: boolean): Promise<void> {
    const prng = this.#prng;
    for (let round = 1; this.#owed < this.plan.messages; round++) {
      if (awaitsEach) await this.#publish();
      else await Promise.all(Array.from({ length: prng.between(1, 16) }, () => this.#publish()));
      if (prng.chance(0.01)) this.#leave(prng.pick([...this.#clients.values()]));
      if (round % 256 === 0) this.#record.sampleHeap();
    }
  }

  #publish(): Promise<void> {
    const topics = Array.from({ length: this.#prng.between(1, 2) }, () => randomTopic(this.#prng, IDS));
    const recipients = new Set<number>();
    for (const client of this.#clients.values()) {
      if (!referenceReceives(client, topics)) continue;
      recipients.add(client.id);
      client.matched++;
    }
    this.#owed += recipients.size;
    return this.#bus.publish(new NumberedEvent(this.#seq++, topics, recipients));
  }

  #connect(): void {
    const prng = this.#prng;
    const id = this.#nextId++;
    const policy = prng.pick<SlowClientPolicy>(["wait", "drop-oldest", "disconnect"]);
    const capacity = prng.between(1, 16);
    const delay = randomDelay(prng);
    const patterns = Array.from({ length: prng.between(1, 3) }, () => randomPattern(prng, IDS));
    let client: Client | undefined;
    const subscription = subscribeClient(this.#bus, {
      topics: patterns,
      policy,
      capacity,
      project: (event) => newMessage("soak:event", { seq: event.seq, recipients: [...event.recipients] }),
      send: (data) => this.#send(client as Client, data),
      onDrop: (message) => this.#dropped(client as Client, (message.payload() as { seq: number }).seq),
      onDisconnect: () => this.#disconnected(client as Client),
      onError: (error) => this.#record.violation(`client ${id}: send failed with ${String(error)}`),
    });
    client = { id, policy, capacity, patterns, all: false, delay, subscription, matched: 0, sent: 0, dropped: 0, lastSent: -1, lastDropped: -1, gone: false, disconnects: 0 };
    this.#clients.set(id, client);
  }

  #send(client: Client, data: string): Promise<void> | undefined {
    const { seq, recipients } = decodeMessage<{ seq: number; recipients: number[] }>(data).payload();
    const record = this.#record;
    if (client.gone) record.violation(`client ${client.id} was sent ${seq} after it was gone`);
    if (!recipients.includes(client.id)) record.violation(`client ${client.id} was sent ${seq}, which it does not match`);
    if (seq <= client.lastSent) record.violation(`client ${client.id} was sent ${seq} after ${client.lastSent}`);
    if (client.subscription.buffered > client.capacity) record.violation(`client ${client.id} buffers past ${client.capacity}`);
    client.lastSent = seq;
    client.sent++;
    this.#progressed();
    const spent = spend(client.delay, this.#prng);
    if (spent === undefined) return undefined;
    this.#sending++;
    return spent.then(() => {
      this.#sending--;
      this.#progressed();
    });
  }

  /** Wakes `#idle` to look again: a send started or a slow one finished. */
  #progressed(): void {
    const waiting = this.#progress;
    this.#progress = [];
    for (const resolve of waiting) resolve();
  }

  #dropped(client: Client, seq: number): void {
    if (client.policy !== "drop-oldest") this.#record.violation(`client ${client.id} (${client.policy}) dropped ${seq}`);
    if (seq <= client.lastDropped || seq <= client.lastSent) this.#record.violation(`client ${client.id} dropped ${seq} out of order`);
    client.lastDropped = seq;
    client.dropped++;
  }

  #disconnected(client: Client): void {
    client.disconnects++;
    if (client.policy !== "disconnect") this.#record.violation(`client ${client.id} (${client.policy}) was disconnected`);
    this.#leave(client);
  }

  /** The client goes away (or was disconnected) and a new one connects in its place. */
  #leave(client: Client): void {
    if (client.gone) return;
    client.gone = true;
    client.subscription.close();
    this.#clients.delete(client.id);
    this.#finished.push(client);
    this.#connect();
  }

  /** Waits until no transport is busy and no client holds buffered messages. */
  async #idle(): Promise<void> {
    const busy = () => this.#sending > 0 || [...this.#clients.values()].some((c) => c.subscription.buffered > 0);
    while (busy()) await new Promise<void>((resolve) => this.#progress.push(resolve));
  }

  #check(client: Client): void {
    const record = this.#record;
    const { id, policy, matched, sent, dropped } = client;
    if (client.disconnects > 1) record.violation(`client ${id} was disconnected ${client.disconnects} times`);
    if (client.gone) {
      if (client.subscription.active) record.violation(`client ${id} is still active after it went away`);
      return;
    }
    const accounted = policy === "drop-oldest" ? sent + dropped : sent;
    if (accounted === matched) return;
    this.#lost += matched - accounted;
    record.violation(`client ${id} (${policy}) accounted for ${accounted} of ${matched} messages`);
  }
}
