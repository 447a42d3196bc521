export { isClientEvent, type ClientEvent } from "./client/client-event.js";
export { clientTopic, isMessage, newMessage, type Message } from "./client/message.js";
export { decodeMessage, encodeMessage, type WireMessage } from "./client/wire.js";
