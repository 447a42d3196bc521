import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { SummaryReporter } from "./test/summary-reporter.js";

const source = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    // The README's snippets import the package by name; run them against the source.
    alias: [
      { find: /^@flamigo\/events\/(\w+)$/, replacement: source("$1.ts") },
      { find: /^@flamigo\/events$/, replacement: source("index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", new SummaryReporter()],
    // Lets the leak tests force a collection and check that nothing keeps a cancelled subscription alive.
    execArgv: ["--expose-gc"],
  },
});
