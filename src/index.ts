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
