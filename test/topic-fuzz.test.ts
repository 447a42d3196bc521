import { expect, it } from "vitest";
import { fuzzTopics } from "./stress/topic-fuzz.js";
import { Prng } from "./support/prng.js";

it("parses random text into a round-tripping topic or throws a TypeError, as the reference rules say", () => {
  expect(fuzzTopics(new Prng(7), 10_000).violations).toEqual([]);
});
