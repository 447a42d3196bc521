/** A publish waiting in a subscription's queue for room, with what it carries. */
export interface WaitingEntry<E> {
  readonly event: E;
  /** The call waiting for this entry; `undefined` for a re-entrant `ctx.publish` that waits for nobody. */
  readonly publish: PendingPublish | undefined;
  /** Set once the entry entered the queue or was withdrawn. */
  done: boolean;
  /** The subscription whose waiting list holds the entry. */
  readonly owner: { withdraw(entry: WaitingEntry<E>): void };
}

/**
 * The promise of one `publish` or `publishSync` call that cannot resolve at
 * once. `remaining` counts the subscriptions it still waits for: for `publish`
 * those that have not accepted the event, for `publishSync` those that have
 * not finished handling it.
 */
export class PendingPublish {
  readonly promise: Promise<void>;
  /** True for `publishSync`: the queued event keeps this as its tracker until handled. */
  readonly tracksHandling: boolean;
  remaining = 0;
  #settled = false;
  #resolve!: () => void;
  #reject!: (reason: unknown) => void;
  #errors: unknown[] | undefined = undefined;
  #waiting: WaitingEntry<unknown>[] | undefined = undefined;
  #unbindSignal: (() => void) | undefined = undefined;

  constructor(tracksHandling: boolean) {
    this.tracksHandling = tracksHandling;
    this.promise = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  get settled(): boolean {
    return this.#settled;
  }

  /** Remembers an entry to withdraw should the call be aborted while it waits. */
  waitingIn(entry: WaitingEntry<unknown>): void {
    (this.#waiting ??= []).push(entry);
  }

  /** One subscription is done with this call: it accepted, finished or went away. */
  release(): void {
    if (--this.remaining === 0 && !this.#settled) this.#finish();
  }

  /**
   * One subscription's listener failed. Returns false when the call no longer
   * collects errors (it was aborted), so the caller reports it elsewhere.
   */
  fail(error: unknown): boolean {
    if (this.#settled) return false;
    (this.#errors ??= []).push(error);
    this.release();
    return true;
  }

  /** Settles early with the signal's reason when it aborts. */
  bind(signal: AbortSignal): void {
    // Made here rather than per call: most publishes carry no signal.
    const onAbort = (): void => this.#abort(signal.reason);
    signal.addEventListener("abort", onAbort);
    this.#unbindSignal = () => signal.removeEventListener("abort", onAbort);
  }

  #abort(reason: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#unbind();
    for (const entry of this.#waiting ?? []) if (!entry.done) entry.owner.withdraw(entry);
    this.#waiting = undefined;
    this.#reject(reason);
  }

  #finish(): void {
    this.#settled = true;
    this.#unbind();
    this.#waiting = undefined;
    const errors = this.#errors;
    if (errors === undefined) this.#resolve();
    else {
      const count = errors.length === 1 ? "1 listener" : `${errors.length} listeners`;
      this.#reject(new AggregateError(errors, `publishSync: ${count} failed`));
    }
  }

  #unbind(): void {
    this.#unbindSignal?.();
    this.#unbindSignal = undefined;
  }
}
