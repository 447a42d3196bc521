/**
 * A FIFO of (event, tracker) pairs in a ring buffer that grows by doubling:
 * taking from the front is O(1), unlike `Array.prototype.shift`, and the
 * storage is allocated on the first push, so an idle subscription costs
 * nothing here.
 */
export class Queue<E, T> {
  #slots: unknown[] | undefined = undefined;
  #head = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(event: E, tracker: T | undefined): void {
    let slots = this.#slots;
    if (slots === undefined || this.#size * 2 === slots.length) slots = this.#grow();
    const at = (this.#head + this.#size * 2) & (slots.length - 1);
    slots[at] = event;
    slots[at + 1] = tracker;
    this.#size++;
  }

  /** The front event; only call when `size > 0`. */
  peekEvent(): E {
    return (this.#slots as unknown[])[this.#head] as E;
  }

  /** The front event's tracker; only call when `size > 0`. */
  peekTracker(): T | undefined {
    return (this.#slots as unknown[])[this.#head + 1] as T | undefined;
  }

  /** Removes the front pair; only call when `size > 0`. */
  drop(): void {
    const slots = this.#slots as unknown[];
    slots[this.#head] = undefined;
    slots[this.#head + 1] = undefined;
    this.#head = (this.#head + 2) & (slots.length - 1);
    this.#size--;
  }

  /** Empties the queue, handing each remaining tracker to `release`. */
  clear(release: (tracker: T) => void): void {
    while (this.#size > 0) {
      const tracker = this.peekTracker();
      this.drop();
      if (tracker !== undefined) release(tracker);
    }
    this.#slots = undefined;
    this.#head = 0;
  }

  #grow(): unknown[] {
    const old = this.#slots;
    const slots = new Array<unknown>(old === undefined ? 8 : old.length * 2);
    for (let i = 0; i < this.#size * 2; i++) {
      slots[i] = (old as unknown[])[(this.#head + i) & ((old as unknown[]).length - 1)];
    }
    this.#slots = slots;
    this.#head = 0;
    return slots;
  }
}
