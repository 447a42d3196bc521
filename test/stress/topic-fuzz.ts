import { newTopic, parseTopic, type Topic } from "../../src/index.js";
import { type Prng } from "../support/prng.js";
import { referenceSegments } from "../support/reference-matcher.js";
import { RunRecorder, type StressFigures } from "./figures.js";

// Pieces that hit every rule: separators, stars, empty text, unicode (also a
// lone surrogate), control characters and look-alikes of "/" and "*".
const PIECES = ["a", "b", "users", "42", "/", "/", "*", "*", "", " ", "é", "🚀", "\u0000", "\ud800", "∕", "＊", "\\", "."];

function randomText(prng: Prng): string {
  let text = "";
  for (let i = prng.below(9); i > 0; i--) text += prng.pick(PIECES);
  return text;
}

/**
 * Feeds random strings to `parseTopic` and random segment lists to
 * `newTopic`: each either returns a topic that round-trips through
 * `toString()` and that the reference rules accept, or throws a `TypeError`
 * for input the reference rules reject. Never anything else.
 */
export function fuzzTopics(prng: Prng, iterations: number): StressFigures {
  const run = new RunRecorder();
  for (let i = 0; i < iterations; i++) {
    const text = randomText(prng);
    checkOutcome(run, `parseTopic(${JSON.stringify(text)})`, referenceSegments(text), () => parseTopic(text));
    const segments = Array.from({ length: prng.below(4) }, () => randomText(prng));
    const expected = segments.length > 0 && segments.every((s) => referenceSegments(s)?.length === 1) ? segments : undefined;
    checkOutcome(run, `newTopic(...${JSON.stringify(segments)})`, expected, () => newTopic(...segments));
    if (i % 4096 === 0) run.sampleHeap();
  }
  return run.figures({ suite: "topic parser fuzz", events: iterations * 2, subscriptions: 0, errorsSeen: 0, lost: 0 });
}

function checkOutcome(run: RunRecorder, call: string, expected: string[] | undefined, build: () => Topic): void {
  let topic: Topic;
  try {
    topic = build();
  } catch (error) {
    if (!(error instanceof TypeError)) run.violation(`${call} threw ${String(error)}, not a TypeError`);
    else if (expected !== undefined) run.violation(`${call} rejected a valid topic: ${error.message}`);
    return;
  }
  if (expected === undefined) return run.violation(`${call} accepted an invalid topic`);
  const text = expected.join("/");
  if (topic.toString() !== text) run.violation(`${call}.toString() is ${JSON.stringify(topic.toString())}`);
  if (JSON.stringify(topic.segments) !== JSON.stringify(expected)) run.violation(`${call} has other segments`);
  if (topic.isPattern !== expected.includes("*")) run.violation(`${call}.isPattern is ${topic.isPattern}`);
  if (!parseTopic(topic.toString()).equals(topic)) run.violation(`${call} does not round-trip`);
}
