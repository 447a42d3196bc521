import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// These tests load the build (npm test builds before running vitest) through
// the package's own exports map, as a user's `import`/`require` would.
const root = fileURLToPath(new URL("..", import.meta.url));

const scenario = `
  const bus = new Bus();
  const recorder = new BusRecorder(bus, { topics: newTopic("orders", "*") });
  const publisher = new RecordingPublisher();
  await bus.publish({ topics: () => [newTopic("orders", "1")] });
  await publisher.publish({ topics: () => ["orders/2"] });
  await settle(bus);
  await bus.close();
  const closed = await bus.publish({ topics: () => ["orders/3"] }).catch((error) => error);
  console.log(JSON.stringify({
    recorded: recorder.onTopic(newTopic("orders", "*")).length,
    published: publisher.onTopic(newTopic("orders", "2")).length,
    closedError: closed instanceof BusClosedError,
    exports: Object.keys(testing).sort(),
  }));
`;

const expected = {
  recorded: 1,
  published: 1,
  closedError: true,
  exports: ["BusRecorder", "EventLog", "RecordingPublisher", "settle"],
};

function run(args: string[]): unknown {
  return JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" }));
}

describe("the @flamigo/events/testing subpath", () => {
  it("loads as ESM and works with the main entry's classes", () => {
    const source = `
      import { Bus, BusClosedError, newTopic } from "@flamigo/events";
      import * as testing from "@flamigo/events/testing";
      const { BusRecorder, RecordingPublisher, settle } = testing;
      ${scenario}`;
    expect(run(["--input-type=module", "-e", source])).toEqual(expected);
  });

  it("loads as CommonJS and works with the main entry's classes", () => {
    const source = `
      const { Bus, BusClosedError, newTopic } = require("@flamigo/events");
      const testing = require("@flamigo/events/testing");
      const { BusRecorder, RecordingPublisher, settle } = testing;
      (async () => { ${scenario} })();`;
    expect(run(["--input-type=commonjs", "-e", source])).toEqual(expected);
  });

  it("imports nothing from a test framework or Node", () => {
    for (const file of ["dist/testing.js", "dist/testing.cjs"]) {
      const code = readFileSync(new URL(`../${file}`, import.meta.url), "utf8");
      expect(code).not.toMatch(/vitest|jest|node:|require\("(?!\.\/)/);
    }
  });
});
