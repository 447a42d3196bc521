/** What travels on a transport: text, or bytes for transports that carry them. */
export type Frame = string | Uint8Array;

/** Stops what {@link Transport.listen} started. */
export type StopListening = () => void | PromiseLike<void>;

/**
 * Carries frames between the buses of several processes, workers or tabs: the
 * only thing a new engine needs to implement. Channels are topic texts such
 * as `users/42/updated`; patterns are topic patterns such as `users/*`
 * (`*` is exactly one segment).
 *
 * @example
 * // A transport over an EventTarget shared by several buses of one process:
 * const hub = new EventTarget();
 * const transport: Transport = {
 *   send: (channel, frame) => void hub.dispatchEvent(new MessageEvent("frame", { data: { channel, frame } })),
 *   listen: (_pattern, receive) => {
 *     const onFrame = (e: Event) => receive((e as MessageEvent).data.channel, (e as MessageEvent).data.frame);
 *     hub.addEventListener("frame", onFrame);
 *     return () => hub.removeEventListener("frame", onFrame);
 *   },
 * };
 */
export interface Transport {
  /** Sends `frame` on `channel`; a returned promise makes the bridge wait before it sends the next one. */
  send(channel: string, frame: Frame): void | PromiseLike<void>;
  /**
   * Hands `receive` the frames sent on channels matching `pattern` until the
   * returned function is called. Delivering more than asked (a looser glob,
   * or everything) is allowed: the bridge checks every frame again. A frame
   * the transport's own node sent may come back: the bridge drops it.
   */
  listen(pattern: string, receive: (channel: string, frame: Frame) => void): StopListening | PromiseLike<StopListening>;
  /** Releases what the transport itself opened; called by `Bridge.close()`. */
  close?(): void | PromiseLike<void>;
}
