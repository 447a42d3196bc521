import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Lets the leak tests force a collection and check that nothing keeps a cancelled subscription alive.
    execArgv: ["--expose-gc"],
  },
});
