import { describe, expect, it } from "vitest";
import { Bus } from "../src/index.js";
import { event, gate, settle, type TestEvent } from "./helpers.js";

/**
 * Regression: aborting the signal of a publish that was still pending threw
 * inside the signal's abort listener (the signal was forgotten before its
 * reason was read), so the call never settled at all.
 */
describe("aborting a pending publish settles it with the signal's reason", () => {
  it("rejects a publish that waits for room", async () => {
    const bus = new Bus<TestEvent>({ capacity: 1 });
    const held = gate();
    bus.subscribe(() => held.promise, { topics: "t" });
    void bus.publish(event("running", "t"));
    await settle();
    void bus.publish(event("queued", "t"));
    const abandon = new AbortController();
    const waiting = bus.publish(event("waiting", "t"), { signal: abandon.signal });

    abandon.abort(new Error("no longer needed"));
    await expect(waiting).rejects.toThrow("no longer needed");
    held.open();
  });

  it("rejects a publishSync that waits for listeners", async () => {
    const bus = new Bus<TestEvent>();
    const held = gate();
    bus.subscribe(() => held.promise, { topics: "t" });
    const abandon = new AbortController();
    const synced = bus.publishSync(event("e", "t"), { signal: abandon.signal });
    await settle();

    abandon.abort(new Error("no longer needed"));
    await expect(synced).rejects.toThrow("no longer needed");
    held.open();
  });
});
