import type WebSocket from "ws";

export interface Received {
  topic: string;
  payload: unknown;
}

/** The messages a socket received, taken one at a time in arrival order. */
export class Inbox {
  readonly #arrived: Received[] = [];
  readonly #waiting: ((message: Received) => void)[] = [];

  constructor(socket: WebSocket) {
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as Received;
      const waiting = this.#waiting.shift();
      if (waiting === undefined) this.#arrived.push(message);
      else waiting(message);
    });
  }

  next(): Promise<Received> {
    const arrived = this.#arrived.shift();
    if (arrived !== undefined) return Promise.resolve(arrived);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
}
