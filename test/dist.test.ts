import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as {
  exports: Record<string, { import: { types: string; default: string }; require: { types: string; default: string } }>;
  dependencies?: Record<string, string>;
  sideEffects: boolean;
};

// `npm test` builds before it runs vitest; these check what users actually install.
describe.each(Object.entries(pkg.exports).filter(([entry]) => entry !== "./package.json"))(
  "built entry %s",
  (_entry, target) => {
    it("ships ESM, CJS and declarations for both", () => {
      for (const file of [target.import.types, target.import.default, target.require.types, target.require.default]) {
        expect(existsSync(`${root}${file}`), file).toBe(true);
      }
    });

    it("exports the same names from ESM and CJS", async () => {
      const esm = (await import(`${root}${target.import.default}`)) as Record<string, unknown>;
      const cjs = require(`${root}${target.require.default}`) as Record<string, unknown>;
      const names = Object.keys(esm).sort();
      expect(names.length).toBeGreaterThan(0);
      expect(Object.keys(cjs).sort()).toEqual(names);
    });
  },
);

describe("package.json", () => {
  it("has no runtime dependencies and no side effects", () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.sideEffects).toBe(false);
  });

  it("exports what SPEC.md names", async () => {
    const core = (await import(`${root}${pkg.exports["."]?.import.default}`)) as Record<string, unknown>;
    for (const name of ["Bus", "BusClosedError", "Topic", "newTopic", "parseTopic"]) expect(core).toHaveProperty(name);
    const client = (await import(`${root}${pkg.exports["./client"]?.import.default}`)) as Record<string, unknown>;
    for (const name of ["newMessage", "clientTopic"]) expect(client).toHaveProperty(name);
  });

  it("delivers through the built CJS bus", async () => {
    const { Bus } = require(`${root}${pkg.exports["."]?.require.default}`) as typeof import("../src/index.js");
    const bus = new Bus();
    const received: string[] = [];
    bus.subscribe((_ctx, e) => void received.push(String([...e.topics()][0])), { topics: "built/*" });
    await bus.publishSync({ topics: () => ["built/cjs"] });
    expect(received).toEqual(["built/cjs"]);
  });
});

describe("entries share one core", () => {
  it.each(["import", "require"] as const)("a Topic from the main entry is a Topic to the bridge entry (%s)", async (format) => {
    const load = async (entry: string) => {
      const file = `${root}${pkg.exports[entry]?.[format].default}`;
      return format === "import" ? await import(file) : require(file);
    };
    const core = (await load(".")) as typeof import("../src/index.js");
    const bridgeEntry = (await load("./bridge")) as typeof import("../src/bridge.js");
    const topic = core.newTopic("servers", "*");
    const bridge = new bridgeEntry.Bridge(new core.Bus(), {
      transport: { send: () => undefined, listen: () => () => undefined },
      codec: bridgeEntry.jsonCodec([]),
      topics: topic,
    });
    expect(bridge.topics[0]).toBe(topic);
    await bridge.close();
  });
});
