import { expect, it } from "vitest";
import { faultSoak } from "./stress/faults.js";

it("keeps delivering to healthy subscriptions and reports each listener failure once, whatever the others do", async () => {
  const figures = await faultSoak({ seed: 11, events: 3_000 });
  expect(figures.violations).toEqual([]);
  expect(figures.lost).toBe(0);
  expect(figures.errorsSeen).toBeGreaterThan(100);
});
