import { quote } from "./quote.js";

const SEPARATOR = "/";
const WILDCARD = "*";

/**
 * The walk a `TopicIndex` cached on `topic`, for that index to check and reuse:
 * a hot topic then costs one field read instead of a trie walk per publish.
 */
export let walkOf: (topic: Topic) => unknown;
/** Caches `walk` on `topic`, replacing what an index cached there before. */
export let keepWalk: (topic: Topic, walk: unknown) => void;

/** A topic, or its text form such as `"users/42/updated"`. */
export type TopicLike = Topic | string;

/**
 * A hierarchical topic such as `users/42/updated`: one or more non-empty
 * segments joined by `/`. A segment that is exactly `*` matches any one
 * segment, which makes the topic a pattern.
 *
 * @example
 * const topic = parseTopic("users/42/updated");
 * topic.segments;                  // ["users", "42", "updated"]
 * topic.matches("users/42/*");    // true
 */
export class Topic {
  /** True when a segment is `*`: a pattern can be subscribed to, not published. */
  readonly isPattern: boolean;
  /**
   * The segments joined by `/`, as `toString()` returns it. An own property,
   * so that `toEqual` in tests and `JSON.stringify` see what a topic is.
   */
  readonly text: string;
  // Split again on first use: an exact subscription never needs its segments,
  // and most topics are parsed from text, so this keeps them to one string.
  #segments: readonly string[] | undefined;
  // What a TopicIndex learnt walking its trie for this topic (see `walkOf`).
  // Private, so that two topics with the same text stay deep-equal.
  #walk: unknown = undefined;

  static {
    walkOf = (topic) => topic.#walk;
    keepWalk = (topic, walk) => {
      topic.#walk = walk;
    };
  }

  /**
   * Builds a topic from its segments; throws a `TypeError` for a segment that
   * is empty, contains `/` or holds `*` next to other characters.
   * {@link newTopic} and {@link parseTopic} are the usual ways in.
   */
  constructor(...segments: string[]) {
    const parsed = validatedText;
    validatedText = undefined;
    if (parsed !== undefined) {
      this.text = parsed.text;
      this.isPattern = parsed.isPattern;
      this.#segments = undefined;
      return;
    }
    if (segments.length === 0) {
      throw new TypeError("A topic needs at least one segment; received none");
    }
    for (const segment of segments) {
      const problem = segmentProblem(segment);
      if (problem !== undefined) {
        throw new TypeError(`Invalid topic segment ${quote(segment)}: ${problem}`);
      }
    }
    this.#segments = Object.freeze(segments);
    this.isPattern = segments.includes(WILDCARD);
    this.text = segments.join(SEPARATOR);
  }

  /** The segments, in order; never empty. */
  get segments(): readonly string[] {
    return (this.#segments ??= Object.freeze(this.text.split(SEPARATOR)));
  }

  /** The segments joined by `/`. */
  toString(): string {
    return this.text;
  }

  /** True when both topics have the same segments. */
  equals(other: TopicLike): boolean {
    return toTopic(other).text === this.text;
  }

  /**
   * True when `pattern` matches this topic: the same number of segments, each
   * pattern segment `*` or equal to this topic's segment.
   *
   * @example
   * parseTopic("foo/bar").matches("foo/*");     // true
   * parseTopic("foo/bar/baz").matches("foo/*"); // false: `*` is one segment
   */
  matches(pattern: TopicLike): boolean {
    const expected = toTopic(pattern).segments;
    const actual = this.segments;
    if (expected.length !== actual.length) return false;
    for (let i = 0; i < actual.length; i++) {
      const segment = expected[i];
      if (segment !== WILDCARD && segment !== actual[i]) return false;
    }
    return true;
  }
}

/**
 * Builds a topic from its segments.
 *
 * @example
 * newTopic("users", "42", "updated").toString(); // "users/42/updated"
 */
export function newTopic(...segments: string[]): Topic {
  return new Topic(...segments);
}

// parseTopic hands its already validated text to the constructor here, so the
// topic keeps the caller's string instead of a re-joined copy of it.
let validatedText: { text: string; isPattern: boolean } | undefined;

const PARSE_CACHE_LIMIT = 1024;
// Publishing by string is the common case: keep recently parsed topics so a hot
// topic is split once, while arbitrary strings cannot grow memory past the limit.
const parsed = new Map<string, Topic>();

/**
 * Parses the text form of a topic; throws a `TypeError` quoting the text when
 * it is not a valid topic (`""`, `"a//b"`, `"/a"`, `"a/"`, `"a*"`).
 *
 * @example
 * parseTopic("users/42").segments; // ["users", "42"]
 */
export function parseTopic(text: string): Topic {
  if (typeof text !== "string") {
    throw new TypeError(`A topic must be a string or a Topic. Received ${quote(text)}`);
  }
  let topic = parsed.get(text);
  if (topic !== undefined) return topic;
  const segments = text.split(SEPARATOR);
  for (const segment of segments) {
    const problem = segmentProblem(segment);
    if (problem !== undefined) throw new TypeError(`Invalid topic ${quote(text)}: ${problem}`);
  }
  validatedText = { text, isPattern: segments.includes(WILDCARD) };
  topic = new Topic();
  if (parsed.size >= PARSE_CACHE_LIMIT) parsed.delete(parsed.keys().next().value as string);
  parsed.set(text, topic);
  return topic;
}

/** Why `segment` cannot be a topic segment, or `undefined` when it can. */
function segmentProblem(segment: unknown): string | undefined {
  if (typeof segment !== "string") return `a segment must be a string, not ${quote(segment)}`;
  if (segment === "") return "a segment cannot be empty";
  if (segment.includes(SEPARATOR)) return 'a segment cannot contain "/"';
  if (segment !== WILDCARD && segment.includes(WILDCARD)) return '"*" must be a whole segment';
  return undefined;
}

/** The `Topic` for a `TopicLike`; throws a `TypeError` for anything else. */
export function toTopic(topic: TopicLike): Topic {
  return topic instanceof Topic ? topic : parseTopic(topic);
}
