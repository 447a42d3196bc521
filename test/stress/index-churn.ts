import { TopicIndex } from "../../src/topic-index.js";
import { parseTopic } from "../../src/topic.js";
import type { Prng } from "../support/prng.js";
import { referenceMatches } from "../support/reference-matcher.js";
import { RunRecorder, type StressFigures } from "./figures.js";
import { randomPattern, randomTopic } from "./workload.js";

interface Member {
  readonly id: number;
  stamp: number;
  readonly patterns: Set<string>;
}

const IDS = 200;
const CHECK_EVERY = 997;

/**
 * Adds and removes random patterns of random members in the bus's topic
 * index, and checks against a model that lookups find exactly the members
 * the reference matcher names, and that the trie and the exact map hold
 * nothing beyond the live patterns: no empty node survives a removal.
 */
export function churnIndex(prng: Prng, operations: number): StressFigures {
  const run = new RunRecorder();
  const index = new TopicIndex<Member>();
  const members = Array.from({ length: 64 }, (_, id): Member => ({ id, stamp: 0, patterns: new Set() }));
  let stamp = 0;
  let lookups = 0;
  for (let op = 1; op <= operations; op++) {
    const member = prng.pick(members);
    const existing = [...member.patterns];
    if (existing.length > 0 && prng.chance(0.55)) {
      const pattern = prng.pick(existing);
      member.patterns.delete(pattern);
      index.remove(parseTopic(pattern), member);
    } else {
      const pattern = randomPattern(prng, IDS);
      if (!member.patterns.has(pattern)) {
        member.patterns.add(pattern);
        index.add(parseTopic(pattern), member);
      }
    }
    if (prng.chance(0.1)) {
      lookups++;
      checkLookup(run, index, members, randomTopic(prng, IDS), ++stamp);
    }
    if (op % CHECK_EVERY === 0) checkSize(run, index, members, `after ${op} operations`);
  }
  for (const member of members) {
    for (const pattern of member.patterns) index.remove(parseTopic(pattern), member);
    member.patterns.clear();
  }
  checkSize(run, index, members, "once every pattern was removed");
  return run.figures({ suite: "topic index churn", events: lookups, subscriptions: operations, errorsSeen: 0, lost: 0 });
}

function checkLookup(run: RunRecorder, index: TopicIndex<Member>, members: readonly Member[], topic: string, stamp: number): void {
  const found: Member[] = [];
  index.collect(parseTopic(topic), stamp, found);
  const actual = found.map((member) => member.id).sort((a, b) => a - b);
  const expected = members
    .filter((member) => [...member.patterns].some((pattern) => referenceMatches(pattern, topic)))
    .map((member) => member.id);
  if (actual.join() !== expected.join()) run.violation(`${topic} found [${actual.join()}], expected [${expected.join()}]`);
}

/** The trie holds one node per distinct prefix of a live wildcard pattern, the map one entry per exact one. */
function checkSize(run: RunRecorder, index: TopicIndex<Member>, members: readonly Member[], when: string): void {
  const prefixes = new Set<string>();
  const exact = new Set<string>();
  for (const member of members) {
    for (const pattern of member.patterns) {
      if (!pattern.split("/").includes("*")) {
        exact.add(pattern);
        continue;
      }
      const segments = pattern.split("/");
      for (let length = 1; length <= segments.length; length++) prefixes.add(segments.slice(0, length).join("/"));
    }
  }
  if (index.nodeCount !== prefixes.size) run.violation(`${when}: ${index.nodeCount} trie nodes, expected ${prefixes.size}`);
  if (index.exactCount !== exact.size) run.violation(`${when}: ${index.exactCount} exact entries, expected ${exact.size}`);
}
