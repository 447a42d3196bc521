import { expect, it } from "vitest";
import { soak } from "./stress/soak.js";

it("delivers every event exactly to its matching subscriptions, in order, under backpressure", async () => {
  const figures = await soak({ seed: 1, deliveries: 20_000, subscriptions: 24, publishers: 6 });
  expect(figures.violations).toEqual([]);
  expect(figures.lost).toBe(0);
  expect(figures.events).toBeGreaterThanOrEqual(20_000);
});
