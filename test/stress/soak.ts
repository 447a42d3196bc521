import { Bus, type Context } from "../../src/index.js";
import { Prng } from "../support/prng.js";
import { referenceReceives } from "../support/reference-matcher.js";
import { RunRecorder, type StressFigures } from "./figures.js";
import { NumberedEvent, randomDelay, randomPattern, randomTopic, spend, type Delay } from "./workload.js";

export interface SoakPlan {
  readonly seed: number;
  /** Publishing stops once this many deliveries are owed. */
  readonly deliveries: number;
  readonly subscriptions: number;
  readonly publishers: number;
}

const IDS = 8;

/** One subscription's fixed setup and what it saw. */
interface Subscriber {
  readonly id: number;
  readonly patterns: readonly string[];
  readonly all: boolean;
  readonly concurrency: number;
  readonly delay: Delay;
  /** The reference's verdict per topic text; patterns never change in a soak. */
  readonly verdicts: Map<string, boolean>;
  /** Events it must receive, but for abandoned ones that completed: see `abandonedSeen`. */
  owed: number;
  received: number;
  /** Abandoned events it received: owed only when their publish completed. */
  readonly abandonedSeen: Set<number>;
  running: number;
  lastSeq: number;
  /** For a subscriber that reads `bus.events()` in a loop: that loop. */
  loop: Promise<void> | undefined;
}

type PublisherKind = "awaits publish" | "awaits publishSync" | "bursts without awaiting" | "abandons";
type Method = "publish" | "publishSync";

/**
 * Many publishers and subscriptions (some read through `bus.events()`) with
 * random capacities, concurrency and listener delays, under constant
 * backpressure: every event must reach exactly the subscriptions the
 * reference matcher names (guarantees 1, 2, 5), start in publish order
 * without exceeding the concurrency (4), and none may be lost. One publisher abandons its publishes after a few microtasks: such
 * a call either resolved first, and then every matching subscription gets
 * the event, or rejects with the signal's reason, and then some may not;
 * none that does not match ever does (13).
 */
export async function soak(plan: SoakPlan): Promise<StressFigures> {
  const prng = new Prng(plan.seed);
  const run = new RunRecorder();
  const bus = new Bus<NumberedEvent>({ capacity: 4, onError: run.unexpectedError });
  const subscribers = Array.from({ length: plan.subscriptions }, (_, id) => subscribe(bus, prng, run, id));

  let seq = 0;
  let owed = 0;
  /** A new event, with the subscriptions it reaches; owed to them unless it is to be `abandoned`. */
  const numbered = (abandoned: boolean): NumberedEvent => {
    const topics = Array.from({ length: prng.between(1, 2) }, () => randomTopic(prng, IDS));
    const recipients = new Set<number>();
    for (const subscriber of subscribers) {
      if (!topics.some((topic) => receives(subscriber, topic))) continue;
      recipients.add(subscriber.id);
      if (!abandoned) subscriber.owed++;
    }
    if (!abandoned) owed += recipients.size;
    return new NumberedEvent(seq++, topics, recipients, abandoned);
  };
  const publishOne = (method: Method): Promise<void> => bus[method](numbered(false));
  const completedAbandoned: NumberedEvent[] = [];
  const abandonOne = async (method: Method): Promise<void> => {
    const controller = new AbortController();
    const reason = new Error("abandoned");
    const event = numbered(true);
    const publishing = bus[method](event, { signal: controller.signal }).then(
      () => void completedAbandoned.push(event),
      (error: unknown) => {
        if (error !== reason) run.violation(`an abandoned ${method} rejected with ${String(error)}`);
      },
    );
    for (let turns = prng.below(4); turns > 0; turns--) await null;
    controller.abort(reason);
    await publishing;
  };
  const publisher = async (kind: PublisherKind): Promise<void> => {
    for (let round = 1; owed < plan.deliveries; round++) {
      if (kind === "awaits publish") await publishOne("publish");
      else if (kind === "awaits publishSync") await publishOne("publishSync");
      else if (kind === "abandons") {
        await abandonOne(prng.chance(0.5) ? "publish" : "publishSync");
        // Abandoned events are not owed; an owed one per round keeps the loop moving toward its target.
        await publishOne("publish");
      } else await Promise.all(Array.from({ length: prng.between(1, 16) }, () => publishOne("publish")));
      if (round % 256 === 0) run.sampleHeap();
    }
  };
  const kinds: PublisherKind[] = ["awaits publish", "awaits publishSync", "bursts without awaiting", "abandons"];
  await Promise.all(Array.from({ length: plan.publishers }, (_, i) => publisher(kinds[i % kinds.length] as PublisherKind)));
  await bus.drain();
  await bus.close();
  await Promise.all(subscribers.map((subscriber) => subscriber.loop));

  const { delivered, lost } = account(subscribers, completedAbandoned, run);
  return run.figures({ suite: "soak under backpressure", events: delivered, subscriptions: plan.subscriptions, errorsSeen: run.unexpectedErrors, lost });
}

/** Deliveries and losses: each subscription got what it was owed, and every abandoned publish that completed. */
function account(subscribers: readonly Subscriber[], completedAbandoned: readonly NumberedEvent[], run: RunRecorder) {
  let lost = 0;
  let delivered = 0;
  for (const subscriber of subscribers) {
    delivered += subscriber.received;
    const required = subscriber.received - subscriber.abandonedSeen.size;
    lost += subscriber.owed - required;
    if (subscriber.owed !== required) {
      run.violation(`subscription ${subscriber.id} received ${required} of ${subscriber.owed} events`);
    }
  }
  for (const event of completedAbandoned) {
    for (const id of event.recipients) {
      if ((subscribers[id] as Subscriber).abandonedSeen.has(event.seq)) continue;
      lost++;
      run.violation(`subscription ${id} lost event ${event.seq}, whose publish completed before its abort`);
    }
  }
  return { delivered, lost };
}

/** A subscription with a listener, or now and then a `for await` loop over `bus.events()`. */
function subscribe(bus: Bus<NumberedEvent>, prng: Prng, run: RunRecorder, id: number): Subscriber {
  const all = prng.chance(0.05);
  const streamed = prng.chance(0.15);
  const subscriber: Subscriber = {
    id,
    all,
    patterns: all ? [] : Array.from({ length: prng.between(1, 3) }, () => randomPattern(prng, IDS)),
    concurrency: streamed ? 1 : prng.pick([1, 1, 1, 1, 1, 1, 1, 2, 4, Infinity]),
    delay: randomDelay(prng),
    verdicts: new Map(),
    owed: 0,
    received: 0,
    abandonedSeen: new Set(),
    running: 0,
    lastSeq: -1,
    loop: undefined,
  };
  const options = { topics: subscriber.patterns, all, capacity: prng.between(1, 32) };
  if (streamed) {
    subscriber.loop = consume(bus.events(options), subscriber, prng, run);
    return subscriber;
  }
  const listener = (_ctx: Context<NumberedEvent>, event: NumberedEvent): Promise<void> | undefined => {
    checkStart(subscriber, event, run);
    const spent = spend(subscriber.delay, prng);
    if (spent === undefined) {
      subscriber.running--;
      return undefined;
    }
    return spent.then(() => void subscriber.running--);
  };
  bus.subscribe(listener, { ...options, concurrency: subscriber.concurrency });
  return subscriber;
}

/** The loop of a streamed subscriber; it ends when the bus closes. */
async function consume(stream: AsyncIterable<NumberedEvent>, subscriber: Subscriber, prng: Prng, run: RunRecorder): Promise<void> {
  for await (const event of stream) {
    checkStart(subscriber, event, run);
    await spend(subscriber.delay, prng);
    subscriber.running--;
  }
}

/** Guarantees 1, 2 and 4 at the moment a listener starts. */
function checkStart(subscriber: Subscriber, event: NumberedEvent, run: RunRecorder): void {
  const { id } = subscriber;
  if (!event.recipients.has(id)) run.violation(`subscription ${id} received event ${event.seq}, which it does not match`);
  if (event.seq <= subscriber.lastSeq) {
    run.violation(`subscription ${id} started event ${event.seq} after event ${subscriber.lastSeq}`);
  }
  if (subscriber.running >= subscriber.concurrency) {
    run.violation(`subscription ${id} exceeded its concurrency ${subscriber.concurrency}`);
  }
  subscriber.lastSeq = event.seq;
  subscriber.received++;
  if (event.abandoned) subscriber.abandonedSeen.add(event.seq);
  subscriber.running++;
}

function receives(subscriber: Subscriber, topic: string): boolean {
  let verdict = subscriber.verdicts.get(topic);
  if (verdict === undefined) {
    verdict = referenceReceives(subscriber, [topic]);
    subscriber.verdicts.set(topic, verdict);
  }
  return verdict;
}
