import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../examples/realtime/main.js", import.meta.url));

/** The demo started as `npm run demo` starts it, without its simulated activity. */
export interface DemoProcess {
  readonly url: string;
  /** Publishes a domain event through the demo's POST /events and returns the response body. */
  publish(body: object): Promise<unknown>;
  /** Sends Ctrl-C (SIGINT) and resolves with the exit code and everything printed. */
  stop(): Promise<{ code: number | null; output: string }>;
}

/** Starts the demo; `env` adds variables such as `REDIS_URL`. */
export async function startDemoProcess(env: Record<string, string> = {}): Promise<DemoProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: "0", DEMO_SIMULATE: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  const exited = once(child, "exit") as Promise<[number | null]>;
  const url = await printedUrl(child, () => output);

  return {
    url,
    async publish(body) {
      const response = await fetch(new URL("/events", url), { method: "POST", body: JSON.stringify(body) });
      if (response.status !== 202) throw new Error(`POST /events answered ${response.status}: ${await response.text()}`);
      return response.json();
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGINT");
      const [code] = await exited;
      return { code, output };
    },
  };
}

function printedUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const look = (): void => {
      const found = /Realtime demo on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output());
      if (found === null) return;
      child.stdout?.off("data", look);
      child.off("exit", failed);
      resolve(found[1] as string);
    };
    const failed = (code: number | null): void => reject(new Error(`The demo exited with ${code}:\n${output()}`));
    child.stdout?.on("data", look);
    child.once("exit", failed);
  });
}
