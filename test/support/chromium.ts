import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium; browsers are never downloaded on these machines. */
export const CHROMIUM = "/usr/bin/chromium";

/** True when the browser tests can run; they are skipped with a message otherwise. */
export const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  console.warn(`Skipping the browser tests: ${CHROMIUM} is missing (install it with: apt-get install -y chromium).`);
}

/** Headless Chromium with a fresh profile that Playwright creates and removes. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
