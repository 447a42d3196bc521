/**
 * Thrown by `subscribe`, and the rejection of `publish` and `publishSync`,
 * once {@link Bus.close} was called.
 *
 * @example
 * await bus.close();
 * await bus.publish(event).catch((error) => error instanceof BusClosedError); // true
 */
export class BusClosedError extends Error {
  constructor(message = "The bus is closed") {
    super(message);
    this.name = "BusClosedError";
  }
}
