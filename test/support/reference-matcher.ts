/**
 * SPEC.md's "Topics" and "Matching" rules, written naively from the text and
 * independently of src/, so the suites check the bus against the contract
 * rather than against itself.
 */

/** The segments of a valid topic text, or `undefined` when SPEC.md calls it invalid. */
export function referenceSegments(text: unknown): string[] | undefined {
  if (typeof text !== "string") return undefined;
  const segments = text.split("/");
  for (const segment of segments) {
    if (segment.length === 0) return undefined;
    if (segment !== "*" && segment.indexOf("*") !== -1) return undefined;
  }
  return segments;
}

/** Same number of segments, each pattern segment `*` or equal to the topic's. */
export function referenceMatches(pattern: string, topic: string): boolean {
  const want = pattern.split("/");
  const have = topic.split("/");
  if (want.length !== have.length) return false;
  return want.every((segment, i) => segment === "*" || segment === have[i]);
}

/** Guarantees 1 and 2: any pattern matches any topic, or the subscription receives all. */
export function referenceReceives(
  subscriber: { readonly patterns: Iterable<string>; readonly all: boolean },
  topics: readonly string[],
): boolean {
  if (subscriber.all) return true;
  for (const pattern of subscriber.patterns) {
    if (topics.some((topic) => referenceMatches(pattern, topic))) return true;
  }
  return false;
}
