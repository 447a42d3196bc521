import { expect, it } from "vitest";
import { churn } from "./stress/churn.js";

it("survives subscribe/addTopic/removeTopic/cancel churn and lets cancelled subscriptions go", async () => {
  const figures = await churn({ seed: 5, cycles: 5_000 });
  expect(figures.violations).toEqual([]);
  expect(figures.lost).toBe(0);
});
