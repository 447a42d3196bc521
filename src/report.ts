/**
 * Runs `report` (a user's `onError`). If it throws, logs that failure with the
 * error it was reporting, and never throws itself: a broken reporter must not
 * stop the delivery loop, bridge or client that called it.
 */
export function reportSafely(report: () => void, error: unknown): void {
  try {
    report();
  } catch (failure) {
    try {
      console.error("@flamigo/events: onError threw while reporting an error", failure, error);
    } catch {
      // console.error threw too (some test setups make it): there is nowhere left to report.
    }
  }
}
