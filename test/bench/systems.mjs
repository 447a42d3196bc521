// One adapter per system under test. Every adapter exposes the same shape, so a
// scenario drives them all with the same loop:
//   create() -> { on(pattern, handler), publisher(topic) -> publishable,
//                 publish(publishable) -> void | Promise,
//                 publishSync?(publishable) -> Promise (resolves once handled),
//                 settle?() -> Promise (resolves once every listener ran) }
// `wildcards` says whether `*` patterns are understood; `async` whether
// publish must be awaited. `handler` is a zero-argument counter: each system
// calls it with its own arguments, so only mqemitter (whose handlers must call
// `done`) needs a wrapper per delivery.
import { EventEmitter as NodeEmitter } from "node:events";
import Emittery from "emittery";
import EventEmitter2 from "eventemitter2";
import EventEmitter3 from "eventemitter3";
import mitt from "mitt";
import MQEmitter from "mqemitter";

// BENCH_FLAMIGO (a file URL) points the bus's adapter at another build: compare.mjs
// uses it to time a git revision with this harness.
const { Bus, parseTopic } = await import(process.env.BENCH_FLAMIGO ?? "../../dist/index.js");

/** A publishable event for @flamigo/events: its topic is parsed once, as an app would keep it. */
function busEvent(text) {
  const topics = [parseTopic(text)];
  return { topics: () => topics };
}

export const systems = {
  baseline: {
    label: "direct call (Map of arrays)",
    wildcards: false,
    create() {
      const handlers = new Map();
      return {
        on(topic, handler) {
          const list = handlers.get(topic);
          if (list === undefined) handlers.set(topic, [handler]);
          else list.push(handler);
        },
        publisher: (topic) => topic,
        publish(topic) {
          const list = handlers.get(topic);
          if (list === undefined) return;
          for (let i = 0; i < list.length; i++) list[i]();
        },
        async publishSync(topic) {
          const list = handlers.get(topic);
          if (list === undefined) return;
          for (let i = 0; i < list.length; i++) await list[i]();
        },
      };
    },
  },

  flamigo: {
    label: "@flamigo/events",
    wildcards: true,
    async: true,
    create(capacity) {
      const bus = new Bus(capacity === undefined ? undefined : { capacity });
      return {
        bus,
        on: (pattern, handler) => bus.subscribe(handler, { topics: pattern }),
        publisher: busEvent,
        publish: (event) => bus.publish(event),
        publishSync: (event) => bus.publishSync(event),
        settle: () => bus.drain(),
      };
    },
  },

  mitt: {
    label: "mitt",
    wildcards: false,
    create() {
      const emitter = mitt();
      return { on: (topic, handler) => emitter.on(topic, handler), publisher: (topic) => topic, publish: (topic) => emitter.emit(topic) };
    },
  },

  eventemitter3: {
    label: "eventemitter3",
    wildcards: false,
    create() {
      const emitter = new EventEmitter3();
      return { on: (topic, handler) => emitter.on(topic, handler), publisher: (topic) => topic, publish: (topic) => emitter.emit(topic) };
    },
  },

  "node:events": {
    label: "node:events",
    wildcards: false,
    create() {
      const emitter = new NodeEmitter();
      emitter.setMaxListeners(0);
      return { on: (topic, handler) => emitter.on(topic, handler), publisher: (topic) => topic, publish: (topic) => emitter.emit(topic) };
    },
  },

  eventemitter2: {
    label: "eventemitter2 (wildcard, /)",
    wildcards: true,
    create() {
      const emitter = new EventEmitter2({ wildcard: true, delimiter: "/", maxListeners: 0 });
      return {
        on: (pattern, handler) => emitter.on(pattern, handler),
        publisher: (topic) => topic,
        publish: (topic) => emitter.emit(topic),
        publishSync: (topic) => emitter.emitAsync(topic),
      };
    },
  },

  mqemitter: {
    label: "mqemitter (+ wildcard)",
    wildcards: true,
    create() {
      const emitter = MQEmitter();
      return {
        // mqemitter handlers take (message, done); a counter that ignores done would stall it.
        on: (pattern, handler) =>
          emitter.on(pattern.replaceAll("*", "+"), (message, done) => {
            handler();
            done();
          }),
        onAsync: (pattern, handler) =>
          emitter.on(pattern.replaceAll("*", "+"), async (message, done) => {
            await handler();
            done();
          }),
        publisher: (topic) => ({ topic }),
        publish: (message) => emitter.emit(message),
        publishSync: (message) => new Promise((resolve) => emitter.emit(message, resolve)),
      };
    },
  },

  emittery: {
    label: "emittery 1.x",
    wildcards: false,
    async: true,
    create() {
      const emitter = new Emittery();
      return {
        emitter,
        on: (topic, handler) => emitter.on(topic, handler),
        publisher: (topic) => topic,
        publish: (topic) => emitter.emit(topic),
        publishSync: (topic) => emitter.emit(topic),
      };
    },
  },
};
