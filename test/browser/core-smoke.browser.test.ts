import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchChromium } from "../support/chromium.js";

// The page is served by request interception: no server, no network.
const ORIGIN = "http://flamigo.test";
const DIST = new URL("../../dist/", import.meta.url);
// The page imports the built entries and leaves them on `window.flamigo` for the scenarios below.
const PAGE = `<!doctype html><title>smoke</title><script type="module">
  import * as events from "/dist/index.js";
  import * as client from "/dist/client.js";
  window.flamigo = { events, client };
</script>`;

/** The scenarios' events: a topic and a number to follow them by. */
interface Numbered {
  n: number;
  topics(): string[];
}

/** What the page's `window` holds once the entries loaded. */
interface Loaded {
  flamigo: { events: typeof import("../../src/index.js"); client: typeof import("../../src/client.js") };
}

describe.skipIf(!hasChromium)("the built package in Chromium", () => {
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      const built = /^\/dist\/([\w.-]+\.js)$/.exec(path);
      if (built === null) return route.fulfill({ contentType: "text/html", body: PAGE });
      return route.fulfill({ contentType: "text/javascript", body: await readFile(new URL(built[1] as string, DIST), "utf8") });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => "flamigo" in window);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("delivers exact and wildcard subscriptions, never inside the publish call", async () => {
    const result = await page.evaluate(async () => {
      const { Bus } = (window as unknown as Loaded).flamigo.events;
      const bus = new Bus<Numbered>();
      const seen: string[] = [];
      bus.subscribe((_ctx, event) => void seen.push(`exact:${event.n}`), { topics: "users/42/updated" });
      bus.subscribe((_ctx, event) => void seen.push(`any:${event.n}`), { topics: "users/*/updated" });
      const event = (topic: string, n: number) => ({ topics: () => [topic], n });
      const publishing = bus.publish(event("users/42/updated", 1));
      const seenInsideCall = seen.length;
      await publishing;
      await bus.publish(event("users/7/updated", 2));
      await bus.publish(event("users/7/deleted", 3));
      await bus.publish(event("users/7/updated/twice", 4));
      await bus.drain();
      return { seenInsideCall, seen };
    });

    expect(result).toEqual({ seenInsideCall: 0, seen: ["exact:1", "any:1", "any:2"] });
  });

  it("holds a publisher back while a subscription's queue is full, and loses nothing", async () => {
    const result = await page.evaluate(async () => {
      const { Bus } = (window as unknown as Loaded).flamigo.events;
      const bus = new Bus<Numbered>({ capacity: 1 });
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const handled: number[] = [];
      bus.subscribe(
        async (_ctx, event) => {
          handled.push(event.n);
          await gate;
        },
        { topics: "jobs/*" },
      );
      const event = (n: number) => ({ topics: () => [`jobs/${n}`], n });
      await bus.publish(event(1)); // handled, held at the gate
      await bus.publish(event(2)); // fills the queue
      let thirdAccepted = false;
      const third = bus.publish(event(3)).then(() => (thirdAccepted = true));
      // A task boundary runs every pending microtask first.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const acceptedWhileFull = thirdAccepted;
      open();
      await third;
      await bus.drain();
      return { acceptedWhileFull, handled };
    });

    expect(result).toEqual({ acceptedWhileFull: false, handled: [1, 2, 3] });
  });

  it("publishSync waits for the listeners and gathers their errors", async () => {
    const result = await page.evaluate(async () => {
      const { Bus } = (window as unknown as Loaded).flamigo.events;
      const bus = new Bus();
      const order: string[] = [];
      const event = { topics: () => ["t"] };
      const first = bus.subscribe(
        async () => {
          await null;
          order.push("listener finished");
        },
        { topics: "t" },
      );
      await bus.publishSync(event);
      order.push("publishSync resolved");
      first.cancel();
      bus.subscribe(
        () => {
          throw new Error("boom");
        },
        { topics: "t" },
      );
      const failure = await bus.publishSync(event).then(
        () => undefined,
        (error: AggregateError) => ({ name: error.name, messages: error.errors.map((e: Error) => e.message) }),
      );
      return { order, failure };
    });

    expect(result).toEqual({
      order: ["listener finished", "publishSync resolved"],
      failure: { name: "AggregateError", messages: ["boom"] },
    });
  });

  it("cancels on an AbortSignal and refuses publishes after close", async () => {
    const result = await page.evaluate(async () => {
      const { Bus } = (window as unknown as Loaded).flamigo.events;
      const bus = new Bus<Numbered>();
      const controller = new AbortController();
      const got: number[] = [];
      const subscription = bus.subscribe((_ctx, event) => void got.push(event.n), {
        topics: "u",
        signal: controller.signal,
      });
      const event = (n: number) => ({ topics: () => ["u"], n });
      await bus.publish(event(1));
      await bus.drain();
      controller.abort();
      await bus.publish(event(2));
      await bus.drain();
      await bus.close();
      const afterClose = await bus.publish(event(3)).then(
        () => "resolved",
        (error: Error) => error.name,
      );
      return { got, active: subscription.active, afterClose };
    });

    expect(result).toEqual({ got: [1], active: false, afterClose: "BusClosedError" });
  });

  it("encodes and decodes wire messages with the client entry", async () => {
    const result = await page.evaluate(() => {
      const { decodeMessage, encodeMessage, newMessage } = (window as unknown as Loaded).flamigo.client;
      const bytes = { marshalClientPayload: () => new TextEncoder().encode('{"name":"Zoë"}') };
      const text = encodeMessage(newMessage("users:joined", bytes));
      const decoded = decodeMessage(text);
      return { text, topic: decoded.topic(), payload: decoded.payload() };
    });

    expect(result).toEqual({
      text: '{"topic":"users:joined","payload":{"name":"Zoë"}}',
      topic: "users:joined",
      payload: { name: "Zoë" },
    });
  });

  it("raised no error in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
