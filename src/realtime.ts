export {
  subscribeClient,
  type ClientSubscribeOptions,
  type ClientSubscription,
  type SlowClientPolicy,
} from "./realtime/client-subscription.js";
