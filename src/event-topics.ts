import { isIterable } from "./options.js";
import { quote } from "./quote.js";
import { Topic, toTopic, type TopicLike } from "./topic.js";

/**
 * The topics an event lists, checked the way `publish` checks them: `event`
 * must be an object whose `topics()` returns a non-empty iterable.
 */
function listedTopics(event: unknown): readonly TopicLike[] {
  const topicsOf = (event as Partial<{ topics(): unknown }> | null)?.topics;
  if (event === null || typeof event !== "object" || typeof topicsOf !== "function") {
    throw new TypeError(
      `The "event" argument must be an object with a topics() method. Received ${quote(event)}`,
    );
  }
  const listed: unknown = topicsOf.call(event);
  if (typeof listed === "string" || !isIterable(listed)) {
    throw new TypeError(`An event's topics() must return an iterable of topics. Received ${quote(listed)}`);
  }
  const topics = Array.isArray(listed) ? (listed as TopicLike[]) : Array.from(listed as Iterable<TopicLike>);
  if (topics.length === 0) throw new TypeError("An event needs at least one topic; topics() returned none");
  return topics;
}

/** `topic` as a `Topic`, which must be concrete: a pattern cannot be published. */
function concreteTopic(topic: TopicLike): Topic {
  const parsed = toTopic(topic);
  if (parsed.isPattern) {
    throw new TypeError(`Cannot publish to the pattern ${quote(parsed.toString())}: event topics must be concrete`);
  }
  return parsed;
}

/**
 * Every topic of `event`, parsed and checked as `publish` does; throws a
 * `TypeError` naming the problem otherwise.
 *
 * @example
 * eventTopics(new UserUpdated("42")).map(String); // ["users/42/updated"]
 */
export function eventTopics(event: unknown): Topic[] {
  const topics = publishedTopics(event);
  return topics instanceof Topic ? [topics] : topics;
}

/**
 * Like {@link eventTopics}, but an event's only topic comes back as itself:
 * most events have one, and `publish` then allocates no array for it.
 */
export function publishedTopics(event: unknown): Topic | Topic[] {
  const listed = listedTopics(event);
  return listed.length === 1 ? concreteTopic(listed[0] as TopicLike) : listed.map(concreteTopic);
}
