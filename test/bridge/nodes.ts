import { fork, type ChildProcess } from "node:child_process";
import { Worker } from "node:worker_threads";

const script = new URL("./workers/bus-node.mjs", import.meta.url);

export interface NodeConfig {
  name: string;
  /** Patterns the bridge carries. */
  carry: string[];
  /** Patterns the node's own subscription listens to. */
  local: string[];
  transport: "broadcast" | "redis";
  channel?: string;
  url?: string;
  prefix?: string;
}

export interface NodeMessage {
  node: string;
  type: string;
  [key: string]: unknown;
}

/**
 * A bus node in a worker thread or a child process, and what it said. Tests
 * wait on what the node reports, never on the clock.
 */
export class BusNode {
  readonly messages: NodeMessage[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #send: (message: object) => void;
  readonly #stop: () => unknown;

  private constructor(readonly name: string, worker: Worker | ChildProcess) {
    worker.on("message", (message: NodeMessage) => {
      this.messages.push(message);
      for (const check of [...this.#waiters]) check();
    });
    if (worker instanceof Worker) {
      this.#send = (message) => worker.postMessage(message);
      this.#stop = () => worker.terminate();
    } else {
      this.#send = (message) => worker.send(message);
      this.#stop = () => worker.kill();
    }
  }

  static async start(config: NodeConfig, inProcess: "worker" | "process"): Promise<BusNode> {
    const worker =
      inProcess === "worker"
        ? new Worker(script, { workerData: config })
        : fork(script, [JSON.stringify(config)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const node = new BusNode(config.name, worker);
    await node.next("ready");
    return node;
  }

  send(message: object): void {
    this.#send(message);
  }

  /** Resolves with the first message of `type` after the ones already consumed by `count`. */
  next(type: string, count = 1): Promise<NodeMessage> {
    return this.until(() => {
      const found = this.messages.filter((m) => m.type === type);
      return found.length >= count ? found[count - 1] : undefined;
    });
  }

  /** Resolves once `check` returns something; re-checked on every message. */
  until<T>(check: () => T | undefined): Promise<T> {
    return new Promise((resolve) => {
      const attempt = () => {
        const result = check();
        if (result === undefined) return;
        this.#waiters.delete(attempt);
        resolve(result);
      };
      this.#waiters.add(attempt);
      attempt();
    });
  }

  received(): string[] {
    return this.messages.filter((m) => m.type === "received").map((m) => m.event as string);
  }

  async stats(): Promise<{ stats: Record<string, number>; received: string[] }> {
    const before = this.messages.filter((m) => m.type === "stats").length;
    this.send({ type: "stats" });
    return (await this.next("stats", before + 1)) as unknown as { stats: Record<string, number>; received: string[] };
  }

  async close(): Promise<void> {
    this.send({ type: "close" });
    await this.next("closed");
    await this.#stop();
  }
}
