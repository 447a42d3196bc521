export { Bridge, type BridgeOptions, type BridgeStats } from "./bridge/bridge.js";
export { broadcastChannelTransport } from "./bridge/broadcast-channel.js";
export { jsonCodec, type Codec, type CodecKind } from "./bridge/codec.js";
export {
  redisGlob,
  redisTransport,
  type RedisPublisher,
  type RedisSubscriber,
  type RedisTransportOptions,
} from "./bridge/redis.js";
export type { Frame, StopListening, Transport } from "./bridge/transport.js";
