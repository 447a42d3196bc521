import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    client: "src/client.ts",
    realtime: "src/realtime.ts",
    testing: "src/testing.ts",
    bridge: "src/bridge.ts",
  },
  format: ["esm", "cjs"],
  target: "es2022",
  dts: true,
  clean: true,
  sourcemap: true,
  treeshake: true,
  // The entries share classes (Topic, BusClosedError) with the main one: shared
  // chunks keep one copy in CommonJS too, so instanceof works across entries.
  splitting: true,
});
