export { Bus } from "./bus.js";
export { BusClosedError } from "./errors.js";
export { Topic, newTopic, parseTopic, type TopicLike } from "./topic.js";
export type {
  BusOptions,
  Context,
  Event,
  Listener,
  PublishOptions,
  SubscribeOptions,
  Subscription,
} from "./types.js";
export type { BusStats, SubscriptionStats } from "./bus-stats.js";
export { EventStream, type EventsOptions } from "./event-stream.js";
export { isKind, type EventClass, type EventKind, type EventType, type OfKind } from "./event-kind.js";
export type { Publisher } from "./publisher.js";
export type { Subscriber } from "./subscriber.js";
export { listenerOn, type KindListener } from "./typed-listener.js";
export type { WaitForOptions } from "./wait-for.js";
