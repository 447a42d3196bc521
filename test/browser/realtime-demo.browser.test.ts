import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchChromium } from "../support/chromium.js";
import { startDemoProcess, type DemoProcess } from "../support/demo-process.js";

// Generous: the machine may be busy with other test files.
const WAIT = { timeout: 30_000 };

describe.skipIf(!hasChromium)("the realtime demo in Chromium", () => {
  let demo: DemoProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    demo = await startDemoProcess();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    // `?topics=` starts the page with no topic, so only what the test subscribes arrives.
    await page.goto(new URL("/?topics=", demo.url).href);
    await page.waitForSelector('#connection[data-state="connected"]', WAIT);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it("shows the events of a topic subscribed from the page, and none after unsubscribing", async () => {
    await page.fill("#topic-input", "servers/*/status");
    await page.click('#subscribe-form button[type="submit"]');
    await page.getByRole("button", { name: "counter/ticked", exact: true }).click();
    await page.waitForSelector('#subscriptions li[data-subscribed="servers/*/status"]', WAIT);
    await page.waitForSelector('#subscriptions li[data-subscribed="counter/ticked"]', WAIT);

    await demo.publish({ kind: "server-status", id: "e2e-1", status: "down" });
    await page.waitForSelector('#servers tr[data-server="e2e-1"][data-status="down"]', WAIT);
    expect(await page.textContent('#servers tr[data-server="e2e-1"] .status')).toBe("down");

    await page.click('#subscriptions li[data-subscribed="servers/*/status"] button');
    await page.waitForSelector('#subscriptions li[data-subscribed="servers/*/status"]', { ...WAIT, state: "detached" });
    await demo.publish({ kind: "server-status", id: "e2e-2", status: "up" });
    const ticked = (await demo.publish({ kind: "counter" })) as { payload: { value: number } };
    // Messages arrive in publish order, so once the counter shows the tick, e2e-2 would have shown first.
    await page.waitForFunction((value) => document.querySelector("#counter")?.textContent === String(value), ticked.payload.value, WAIT);
    expect(await page.locator('#servers tr[data-server="e2e-2"]').count()).toBe(0);
    expect(await page.locator('#log li[data-topic="servers:e2e-2:status"]').count()).toBe(0);
    expect(await page.locator('#log li[data-topic="servers:e2e-1:status"]').count()).toBe(1);

    if (process.env.DEMO_SCREENSHOT) await page.screenshot({ path: process.env.DEMO_SCREENSHOT, fullPage: true });
  }, 60_000);

  it("shows the server's error for a topic it cannot parse", async () => {
    await page.fill("#topic-input", "servers/**");
    await page.click('#subscribe-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelector("#problem")?.textContent?.includes("Invalid topic"), undefined, WAIT);
    expect(await page.textContent("#problem")).toContain('"*" must be a whole segment');
  }, 60_000);

  it("raised no error in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
