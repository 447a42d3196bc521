import { expect, it } from "vitest";
import { churnIndex } from "./stress/index-churn.js";
import { Prng } from "./support/prng.js";

it("keeps the topic index exact and free of empty nodes through add/remove churn", () => {
  const figures = churnIndex(new Prng(3), 10_000);
  expect(figures.violations).toEqual([]);
});
