import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    // README examples run as tests and import the package by name: point them at the source.
    alias: [
      { find: /^@flamigo\/events\/testing$/, replacement: source("testing.ts") },
      { find: /^@flamigo\/events$/, replacement: source("index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
  },
});
