import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";

// Every ```ts block of the README runs here, so the tour cannot drift from the code.
// Imports of "@flamigo/events" resolve to src/ through the aliases in vitest.config.ts.
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const snippets = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string);
const directory = fileURLToPath(new URL("./.readme/", import.meta.url));

afterEach(() => vi.restoreAllMocks());

describe("README", () => {
  it("has snippets to run", () => {
    expect(snippets.length).toBeGreaterThan(5);
  });

  it.each(snippets.map((code, i) => [i + 1, code.split("\n")[0], code] as const))(
    "snippet %i (%s) runs",
    async (n, _firstLine, code) => {
      vi.spyOn(console, "log").mockImplementation(() => undefined);
      vi.spyOn(console, "warn").mockImplementation(() => undefined);
      mkdirSync(directory, { recursive: true });
      const file = `${directory}snippet-${n}.ts`;
      writeFileSync(file, code);
      await import(/* @vite-ignore */ file);
    },
  );
});
