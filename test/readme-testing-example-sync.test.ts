import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const example = readFileSync(new URL("./readme-testing-example.test.ts", import.meta.url), "utf8");

describe("the README's testing example", () => {
  it("is test/readme-testing-example.test.ts, verbatim", () => {
    const section = readme.slice(readme.indexOf("## Testing your domain code"));
    const block = /^```typescript\n([\s\S]*?)^```$/m.exec(section);
    expect(block?.[1]).toBe(example);
  });
});
