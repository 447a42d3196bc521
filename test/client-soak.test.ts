import { expect, it } from "vitest";
import { clientSoak } from "./stress/client-soak.js";

it("keeps every client subscription's promises under load, whatever its policy and speed", async () => {
  const figures = await clientSoak({ seed: 13, messages: 20_000, clients: 24 });
  expect(figures.violations).toEqual([]);
  expect(figures.lost).toBe(0);
});
