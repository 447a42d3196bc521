// The WebSocket adapter: one connected socket becomes one client subscription
// on the bus. The README shows this pattern.
import { encodeMessage, newMessage } from "@flamigo/events/client";
import { subscribeClient } from "@flamigo/events/realtime";

/**
 * Serves one `ws` connection: domain events the client subscribed to go out
 * as wire messages; the client changes its topics with `{"subscribe": topic}`
 * and `{"unsubscribe": topic}` and gets its current topics back.
 */
export function connectClient(bus, socket, stats) {
  const client = subscribeClient(bus, {
    // Settles once ws wrote the frame, so a client that stops reading fills the buffer.
    send: (data) => new Promise((resolve, reject) => socket.send(data, (error) => (error ? reject(error) : resolve()))),
    policy: "drop-oldest", // a dashboard: the latest state matters, an old tick does not
    capacity: 64,
    onDrop: () => stats.dropped++,
    onError: () => socket.terminate(),
  });
  socket.on("message", (data) => {
    try {
      const command = JSON.parse(String(data));
      if (typeof command.subscribe === "string") client.addTopic(command.subscribe);
      if (typeof command.unsubscribe === "string") client.removeTopic(command.unsubscribe);
      reply(socket, "subscriptions", client.topics.map(String));
    } catch (error) {
      reply(socket, "error", { message: error.message });
    }
  });
  socket.on("close", () => client.close());
  return client;
}

function reply(socket, topic, payload) {
  socket.send(encodeMessage(newMessage(topic, payload)));
}
