/** One row of the reliability table that `npm run stress` prints. */
export interface StressFigures {
  readonly suite: string;
  /** Events delivered (or inputs tried, for the parser fuzz). */
  readonly events: number;
  readonly subscriptions: number;
  readonly durationMs: number;
  readonly peakHeapBytes: number;
  /** Listener errors the bus reported (onError or publishSync rejections). */
  readonly errorsSeen: number;
  /** Events a subscription should have received and did not. */
  readonly lost: number;
  /** Broken guarantees, the first few in full; empty when the run held. */
  readonly violations: readonly string[];
}

const KEPT_VIOLATIONS = 20;

/**
 * What a run measures as it goes: peak heap, elapsed time and contract
 * violations (kept in full up to a limit, counted past it).
 */
export class RunRecorder {
  readonly #started = performance.now();
  readonly #violations: string[] = [];
  #more = 0;
  #peakHeap = 0;
  #unexpectedErrors = 0;

  /** An `onError` for runs whose listeners never fail: each report is a violation. */
  readonly unexpectedError = (error: unknown): void => {
    this.#unexpectedErrors++;
    this.violation(`listener error reported: ${String(error)}`);
  };

  get unexpectedErrors(): number {
    return this.#unexpectedErrors;
  }

  /** Samples `heapUsed`; call it every so often from the workload. */
  sampleHeap(): void {
    const used = process.memoryUsage().heapUsed;
    if (used > this.#peakHeap) this.#peakHeap = used;
  }

  violation(message: string): void {
    if (this.#violations.length < KEPT_VIOLATIONS) this.#violations.push(message);
    else this.#more++;
  }

  figures(row: Omit<StressFigures, "durationMs" | "peakHeapBytes" | "violations">): StressFigures {
    this.sampleHeap();
    const violations = this.#more === 0 ? this.#violations : [...this.#violations, `… and ${this.#more} more`];
    return { ...row, durationMs: performance.now() - this.#started, peakHeapBytes: this.#peakHeap, violations };
  }
}
