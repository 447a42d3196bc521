// Fails when an entry point outgrows its budget: minified (esbuild, as a
// consumer's bundler would) and gzipped. Run by `npm run size` and in CI.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const budgets = [
  { entry: "src/index.ts", name: "@flamigo/events", maxBytes: 4096 },
  { entry: "src/client.ts", name: "@flamigo/events/client", maxBytes: 1536 },
];

async function minifiedGzipSize(entry) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  return { minified: output.contents.length, gzipped: gzipSync(output.contents, { level: 9 }).length };
}

let failed = false;
for (const { entry, name, maxBytes } of budgets) {
  const { minified, gzipped } = await minifiedGzipSize(entry);
  const ok = gzipped <= maxBytes;
  failed ||= !ok;
  console.log(`${ok ? "ok  " : "FAIL"} ${name}: ${gzipped} B min+gzip (${minified} B min), budget ${maxBytes} B`);
}
if (failed) process.exitCode = 1;
