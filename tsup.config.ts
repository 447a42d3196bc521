import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    client: "src/client.ts",
    realtime: "src/realtime.ts",
    bridge: "src/bridge.ts",
  },
  format: ["esm", "cjs"],
  target: "es2022",
  dts: true,
  clean: true,
  sourcemap: true,
  treeshake: true,
  // One shared chunk for what several entries use, in CJS as in ESM: a Topic made
  // by one entry is then the same class in another (instanceof holds across them).
  splitting: true,
});
