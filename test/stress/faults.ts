import { Bus, type Context, type Event, type Subscription } from "../../src/index.js";
import { Prng } from "../support/prng.js";
import { RunRecorder, type StressFigures } from "./figures.js";
import { randomDelay, spend } from "./workload.js";

export interface FaultPlan {
  readonly seed: number;
  /** How many events the publishers publish; listeners add more. */
  readonly events: number;
}

/** Work for the listeners, numbered in publish order. */
class Job implements Event {
  constructor(
    readonly seq: number,
    readonly derived: boolean,
  ) {}

  topics(): string[] {
    return [this.derived ? `derived/${this.seq}` : `work/${this.seq}`];
  }
}

/** A victim asking the canceller to replace it, and to cancel it first when it hangs. */
class Replace implements Event {
  constructor(
    readonly victim: Subscription,
    readonly cancel: boolean,
  ) {}

  topics(): string[] {
    return ["control/replace"];
  }
}

type FaultEvent = Job | Replace;

const HEALTHY = 3;
const VICTIMS = 4;

/**
 * Listeners that throw (errors and non-errors), reject, hang, cancel
 * themselves, get cancelled by another listener and replaced from inside it,
 * and publish re-entrantly, under an onError that itself throws now and then.
 * The healthy subscriptions must get every event they match, in order, and
 * every listener failure must be reported exactly once: to onError or in a
 * publishSync rejection, never both, never neither (guarantees 6, 7, 9, 10).
 */
export async function faultSoak(plan: FaultPlan): Promise<StressFigures> {
  const originalConsoleError = console.error;
  let consoleReports = 0;
  // The bus reports an onError that throws to console.error: count, don't print.
  console.error = () => void consoleReports++;
  try {
    return await new FaultRun(plan).run(() => consoleReports);
  } finally {
    console.error = originalConsoleError;
  }
}

class FaultRun {
  readonly #prng: Prng;
  readonly #record = new RunRecorder();
  readonly #bus: Bus<FaultEvent>;
  /** Each failure a listener produced, with how often the bus reported it. */
  readonly #failures = new Map<unknown, number>();
  readonly #healthy: { owed: number; received: number; lastSeq: number }[] = [];
  #onErrorThrows = 0;
  #reports = 0;
  #seq = 0;
  #subscriptions = 0;

  constructor(readonly plan: FaultPlan) {
    this.#prng = new Prng(plan.seed);
    this.#bus = new Bus<FaultEvent>({
      capacity: 8,
      onError: (error) => {
        this.#reported(error);
        if (++this.#reports % 3 === 0) {
          this.#onErrorThrows++;
          throw new Error("onError broke");
        }
      },
    });
  }

  async run(consoleReports: () => number): Promise<StressFigures> {
    const prng = this.#prng;
    for (let i = 0; i < HEALTHY; i++) this.#subscribeHealthy();
    this.#subscribeFaulty();
    this.#subscribeRepublisher();
    this.#subscribeCanceller();
    for (let i = 0; i < VICTIMS; i++) this.#subscribeVictim();

    while (this.#seq < this.plan.events) {
      if (prng.chance(0.1)) await this.#publishSync(this.#job(false));
      else await Promise.all(Array.from({ length: prng.between(1, 16) }, () => this.#bus.publish(this.#job(false))));
      this.#record.sampleHeap();
    }
    await this.#bus.drain();
    return this.#figures(consoleReports());
  }

  #figures(consoleReports: number): StressFigures {
    const record = this.#record;
    let lost = 0;
    let delivered = 0;
    for (const [i, healthy] of this.#healthy.entries()) {
      delivered += healthy.received;
      lost += healthy.owed - healthy.received;
      if (healthy.owed !== healthy.received) record.violation(`healthy ${i} received ${healthy.received} of ${healthy.owed}`);
    }
    let wrong = 0;
    for (const count of this.#failures.values()) if (count !== 1) wrong++;
    if (wrong > 0) record.violation(`${wrong} of ${this.#failures.size} listener failures were not reported exactly once`);
    if (consoleReports !== this.#onErrorThrows) {
      record.violation(`onError threw ${this.#onErrorThrows} times, console.error reported ${consoleReports}`);
    }
    return record.figures({
      suite: "faults",
      events: delivered,
      subscriptions: this.#subscriptions,
      errorsSeen: this.#failures.size,
      lost,
    });
  }

  #job(derived: boolean): Job {
    for (const healthy of this.#healthy) healthy.owed++;
    return new Job(this.#seq++, derived);
  }

  async #publishSync(job: Job, via: Pick<Context<FaultEvent>, "publishSync"> = this.#bus): Promise<void> {
    try {
      await via.publishSync(job);
    } catch (error) {
      if (!(error instanceof AggregateError)) return this.#record.violation(`publishSync rejected with ${String(error)}`);
      for (const failure of error.errors) this.#reported(failure);
    }
  }

  #reported(failure: unknown): void {
    const count = this.#failures.get(failure);
    if (count === undefined) this.#record.violation(`reported ${String(failure)}, which no listener produced`);
    else this.#failures.set(failure, count + 1);
  }

  #fail<T>(failure: T): T {
    this.#failures.set(failure, 0);
    return failure;
  }

  #subscribe(listener: (ctx: Context<FaultEvent>, event: FaultEvent) => void | Promise<void>, topics: string[]): Subscription {
    this.#subscriptions++;
    return this.#bus.subscribe(listener, { topics, capacity: this.#prng.between(1, 16) });
  }

  #subscribeHealthy(): void {
    const tally = { owed: 0, received: 0, lastSeq: -1 };
    const delay = randomDelay(this.#prng);
    this.#healthy.push(tally);
    this.#subscribe((_ctx, event) => {
      const job = event as Job;
      if (job.seq <= tally.lastSeq) this.#record.violation(`healthy started ${job.seq} after ${tally.lastSeq}`);
      tally.lastSeq = job.seq;
      tally.received++;
      return spend(delay, this.#prng);
    }, ["work/*", "derived/*"]);
  }

  /** One listener that throws Errors, one that throws other values, one that rejects. */
  #subscribeFaulty(): void {
    const prng = this.#prng;
    this.#subscribe((_ctx, event) => {
      if (prng.chance(0.2)) throw this.#fail(new Error(`thrown at ${(event as Job).seq}`));
    }, ["work/*", "derived/*"]);
    this.#subscribe((_ctx, event) => {
      if (prng.chance(0.1)) throw this.#fail(`a string thrown at ${(event as Job).seq}`);
    }, ["work/*", "derived/*"]);
    this.#subscribe(async (_ctx, event) => {
      await null;
      if (prng.chance(0.2)) throw this.#fail(new Error(`rejected at ${(event as Job).seq}`));
    }, ["work/*", "derived/*"]);
  }

  /** Publishes derived events from inside its listener, awaited or not. */
  #subscribeRepublisher(): void {
    const prng = this.#prng;
    this.#subscribe(async (ctx, event) => {
      if ((event as Job).derived) return;
      const roll = prng.next();
      if (roll < 0.05) void ctx.publish(this.#job(true));
      else if (roll < 0.1) await this.#publishSync(this.#job(true), ctx);
    }, ["work/*"]);
  }

  /** Cancels victims that hung and replaces victims that left, subscribing from inside its listener. */
  #subscribeCanceller(): void {
    this.#subscribe((_ctx, event) => {
      const request = event as Replace;
      if (request.cancel) request.victim.cancel();
      this.#subscribeVictim();
    }, ["control/replace"]);
  }

  #subscribeVictim(): void {
    const prng = this.#prng;
    this.#subscribe((ctx) => {
      const roll = prng.next();
      if (roll < 0.01) {
        void ctx.publish(new Replace(ctx.subscription, true));
        // Hangs until cancelled; one that ignores its signal too would keep drain() waiting forever.
        return new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
      }
      if (roll < 0.02) {
        ctx.subscription.cancel();
        void ctx.publish(new Replace(ctx.subscription, false));
      }
      return undefined;
    }, ["work/*"]);
  }
}
