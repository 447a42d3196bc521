// Several demo servers, one domain: with REDIS_URL set, each instance bridges
// its bus to the others through Redis, so a browser connected to instance B
// sees the events published on instance A.
import { Bridge, jsonCodec, redisTransport } from "@flamigo/events/bridge";
import { createClient } from "redis";
import { BRIDGED_TOPICS, EVENT_KINDS } from "./domain.js";

/** Connects `bus` to the other instances; resolves with a function that disconnects it. */
export async function joinCluster(bus, redisUrl) {
  const publisher = createClient({ url: redisUrl });
  publisher.on("error", (error) => console.error("demo: Redis", error.message));
  await publisher.connect();
  const subscriber = publisher.duplicate();
  subscriber.on("error", () => undefined); // the publisher already reports connection trouble
  await subscriber.connect();
  const bridge = new Bridge(bus, {
    transport: redisTransport({ publisher, subscriber, prefix: "flamigo-demo:" }),
    codec: jsonCodec(EVENT_KINDS),
    // Alerts are not bridged: every instance raises its own from the bridged statuses.
    topics: BRIDGED_TOPICS,
  });
  await bridge.ready;
  return async () => {
    await bridge.close();
    await Promise.all([subscriber.quit(), publisher.quit()]);
  };
}
