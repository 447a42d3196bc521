import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", client: "src/client.ts", testing: "src/testing.ts" },
  format: ["esm", "cjs"],
  target: "es2022",
  dts: true,
  clean: true,
  sourcemap: true,
  treeshake: true,
  // The testing entry shares classes (Topic, BusClosedError) with the main one:
  // shared chunks keep one copy in CommonJS too, so instanceof works across entries.
  splitting: true,
});
