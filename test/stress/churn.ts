import { getEventListeners, setMaxListeners } from "node:events";
import { Bus, type Context, type Subscription } from "../../src/index.js";
import { collectGarbage, settledHeap } from "../support/gc.js";
import { Prng } from "../support/prng.js";
import { referenceReceives } from "../support/reference-matcher.js";
import { RunRecorder, type StressFigures } from "./figures.js";
import { NumberedEvent, randomPattern, randomTopic, spend, type Delay } from "./workload.js";

export interface ChurnPlan {
  readonly seed: number;
  /** Subscribe, addTopic, removeTopic and cancel operations; publishes come on top. */
  readonly cycles: number;
  /** When set, heap growth beyond this many bytes counts as a violation. */
  readonly heapGrowthLimitBytes?: number;
}

export interface ChurnFigures extends StressFigures {
  /** `heapUsed` after the run minus before it, both after full collections. */
  readonly heapGrowthBytes: number;
}

// A large id space, so that a leaked trie node or map entry per cycle shows in the heap.
const IDS = 5_000;
const LIVE_TARGET = 48;
const AWAIT_EVERY = 64;
const SAMPLE_EVERY = 97;
const ABANDONED = new Error("abandoned by the churn run");

type Cancellation = "cancel" | "dispose" | "own signal" | "inside its listener";

/** What the model knows of one subscription; dropped when it is cancelled. */
interface Member {
  readonly id: number;
  readonly subscription: Subscription;
  readonly patterns: Set<string>;
  all: boolean;
  readonly controller: AbortController | undefined;
  readonly tally: Tally;
}

/** What the listener records; the only model state a listener holds. */
interface Tally {
  readonly id: number;
  readonly delay: Delay;
  /** Events it must receive: those published without a signal while it was live. */
  owed: number;
  received: number;
  /** Received events whose publish was abandoned, which it may or may not get. */
  abandonedReceived: number;
  cancelled: boolean;
  cancelOnNextEvent: boolean;
}

/**
 * Hundreds of thousands of subscribe / addTopic / removeTopic / cancel
 * cycles, cancellations by every route, interleaved with publishes that are
 * not awaited at once. Checks deliveries against the reference matcher as
 * topics change (guarantee 8) and that no listener starts after its
 * cancellation (9); afterwards, that no cancelled subscription or listener
 * is reachable, that long-lived signals hold no listener, and how far the
 * heap moved.
 */
export async function churn(plan: ChurnPlan): Promise<ChurnFigures> {
  const prng = new Prng(plan.seed);
  const run = new RunRecorder();
  const bus = new Bus<NumberedEvent>({ capacity: 2, onError: run.unexpectedError });
  const longLived = [new AbortController(), new AbortController()];
  // Many live subscriptions share these signals on purpose.
  for (const controller of longLived) setMaxListeners(0, controller.signal);
  const samples: WeakRef<object>[] = [];

  // The warm-up fills the parse cache and compiles the code, so that the heap
  // measured before the run already holds what a steady state holds.
  const warmUp = new Churner(bus, prng, run, longLived, []);
  await warmUp.cycles(Math.ceil(plan.cycles / 10));
  const before = await settledHeap();
  const churner = new Churner(bus, prng, run, longLived, samples);
  await churner.cycles(plan.cycles);
  const lost = churner.lost;
  const delivered = warmUp.delivered + churner.delivered;
  const after = await settledHeap();

  await checkReleased(run, samples, longLived);
  const heapGrowthBytes = after - before;
  if (plan.heapGrowthLimitBytes !== undefined && heapGrowthBytes > plan.heapGrowthLimitBytes) {
    run.violation(`the heap grew by ${heapGrowthBytes} bytes over the run`);
  }
  await bus.close();
  const figures = run.figures({ suite: "churn", events: delivered, subscriptions: churner.subscribed, errorsSeen: run.unexpectedErrors, lost });
  return { ...figures, heapGrowthBytes };
}

/** After the run every sampled subscription and listener must be collectable. */
async function checkReleased(run: RunRecorder, samples: readonly WeakRef<object>[], signals: readonly AbortController[]): Promise<void> {
  await collectGarbage();
  const retained = samples.filter((sample) => sample.deref() !== undefined).length;
  if (retained > 0) run.violation(`${retained} of ${samples.length} sampled cancelled subscriptions or listeners are still reachable`);
  for (const [i, controller] of signals.entries()) {
    const listeners = getEventListeners(controller.signal, "abort").length;
    if (listeners > 0) run.violation(`long-lived signal ${i} still holds ${listeners} abort listeners`);
  }
}

/** A controller for one batch of publishes, each of which listens to its signal. */
function abandoner(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

class Churner {
  readonly #live = new Map<number, Member>();
  #nextId = 0;
  #outstanding: Promise<void>[] = [];
  /** Aborted when the batch of outstanding publishes is awaited. */
  #abandon = abandoner();
  #seq = 0;
  lost = 0;
  delivered = 0;
  subscribed = 0;

  constructor(
    readonly bus: Bus<NumberedEvent>,
    readonly prng: Prng,
    readonly run: RunRecorder,
    readonly longLived: readonly AbortController[],
    readonly samples: WeakRef<object>[],
  ) {}

  /** Runs `count` cycles, then checks the survivors and cancels them all. */
  async cycles(count: number): Promise<void> {
    for (let cycle = 1; cycle <= count; cycle++) {
      this.#cycle();
      while (this.prng.chance(0.5)) this.#publish();
      if (cycle % AWAIT_EVERY === 0) await this.#settleOutstanding();
    }
    await this.#settleOutstanding();
    await this.bus.drain();
    for (const member of [...this.#live.values()]) {
      const { tally } = member;
      const required = tally.received - tally.abandonedReceived;
      this.lost += tally.owed - required;
      if (tally.owed !== required) {
        this.run.violation(`live subscription ${tally.id} received ${required} of ${tally.owed} events`);
      }
      this.#cancel(member, false);
    }
    await this.bus.drain();
  }

  #cycle(): void {
    const prng = this.prng;
    if (this.#live.size < LIVE_TARGET || prng.chance(0.1)) return this.#subscribe();
    const member = prng.pick([...this.#live.values()]);
    const roll = prng.next();
    if (roll < 0.35) this.#addTopic(member);
    else if (roll < 0.7) this.#removeTopic(member);
    else if (roll < 0.71) this.#subscribeAll(member);
    else this.#cancel(member, true);
  }

  #subscribe(): void {
    const { prng, longLived } = this;
    const id = this.#nextId++;
    const patterns = new Set(Array.from({ length: prng.below(3) }, () => randomPattern(prng, IDS)));
    const tally: Tally = { id, delay: prng.pick<Delay>(["sync", "microtask"]), owed: 0, received: 0, abandonedReceived: 0, cancelled: false, cancelOnNextEvent: false };
    const controller = prng.chance(0.3) ? new AbortController() : undefined;
    const abortedAlready = prng.chance(0.02);
    if (abortedAlready) controller?.abort();
    const signal = controller?.signal ?? (prng.chance(0.5) ? prng.pick(longLived).signal : undefined);
    const listener = this.#listener(tally);
    const subscription = this.bus.subscribe(listener, {
      topics: patterns,
      capacity: prng.between(1, 4),
      ...(signal === undefined ? {} : { signal }),
    });
    this.subscribed++;
    if (id % SAMPLE_EVERY === 0) this.samples.push(new WeakRef(subscription), new WeakRef(listener));
    if (controller?.signal.aborted) {
      tally.cancelled = true;
      return;
    }
    this.#live.set(id, { id, subscription, patterns, all: false, controller, tally });
  }

  #listener(tally: Tally): (ctx: Context<NumberedEvent>, event: NumberedEvent) => Promise<void> | undefined {
    return (ctx, event) => {
      if (tally.cancelled) this.run.violation(`subscription ${tally.id} started event ${event.seq} after its cancellation`);
      if (!event.recipients.has(tally.id)) this.run.violation(`subscription ${tally.id} received event ${event.seq}, which it does not match`);
      tally.received++;
      if (event.abandoned) tally.abandonedReceived++;
      this.delivered++;
      if (tally.cancelOnNextEvent) {
        tally.cancelled = true;
        this.#live.delete(tally.id);
        ctx.subscription.cancel();
      }
      return spend(tally.delay, this.prng);
    };
  }

  #addTopic(member: Member): void {
    const pattern = this.prng.chance(0.1) && member.patterns.size > 0 ? this.prng.pick([...member.patterns]) : randomPattern(this.prng, IDS);
    member.patterns.add(pattern);
    member.subscription.addTopic(pattern);
  }

  #removeTopic(member: Member): void {
    const pattern = member.patterns.size > 0 && this.prng.chance(0.9) ? this.prng.pick([...member.patterns]) : randomPattern(this.prng, IDS);
    member.patterns.delete(pattern);
    member.subscription.removeTopic(pattern);
  }

  #subscribeAll(member: Member): void {
    member.all = true;
    member.subscription.subscribeAll();
  }

  /** Cancels by a random route; from inside the listener only when `deferrable`, as it waits for an event. */
  #cancel(member: Member, deferrable: boolean): void {
    const ways: Cancellation[] = ["cancel", "dispose"];
    if (member.controller !== undefined) ways.push("own signal");
    if (deferrable) ways.push("inside its listener");
    const way = this.prng.pick(ways);
    if (way === "inside its listener") {
      member.tally.cancelOnNextEvent = true;
      return;
    }
    this.#live.delete(member.id);
    member.tally.cancelled = true;
    if (way === "cancel") member.subscription.cancel();
    else if (way === "dispose") member.subscription[Symbol.dispose]();
    else member.controller?.abort();
  }

  /** A publish or publishSync, not awaited yet; one in ten is abandoned when the batch is awaited. */
  #publish(): void {
    const prng = this.prng;
    const abandoned = prng.chance(0.1);
    const topics = Array.from({ length: prng.between(1, 2) }, () => randomTopic(prng, IDS));
    const recipients = new Set<number>();
    for (const member of this.#live.values()) {
      if (!referenceReceives(member, topics)) continue;
      recipients.add(member.id);
      if (!abandoned) member.tally.owed++;
    }
    const event = new NumberedEvent(this.#seq++, topics, recipients, abandoned);
    const method = prng.chance(0.3) ? "publishSync" : "publish";
    const options = abandoned ? { signal: this.#abandon.signal } : {};
    this.#outstanding.push(this.bus[method](event, options));
  }

  async #settleOutstanding(): Promise<void> {
    this.#abandon.abort(ABANDONED);
    this.#abandon = abandoner();
    const outstanding = this.#outstanding;
    this.#outstanding = [];
    const results = await Promise.allSettled(outstanding);
    for (const result of results) {
      if (result.status === "rejected" && result.reason !== ABANDONED) {
        this.run.violation(`a publish rejected: ${String(result.reason)}`);
      }
    }
    this.run.sampleHeap();
  }
}
