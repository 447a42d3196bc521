/**
 * A list that is filled and emptied again on every publish. Emptying it
 * overwrites the used slots rather than setting `length = 0`, which V8 does in
 * its runtime (about a tenth of a publish's time), and it keeps no reference
 * to what it held, so a cancelled subscription is not kept alive by it.
 */
export class ScratchList<T> {
  readonly #items: (T | undefined)[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    this.#items[this.#length++] = item;
  }

  /** The item at `index`; only call with `index < length`. */
  at(index: number): T {
    return this.#items[index] as T;
  }

  clear(): void {
    const items = this.#items;
    for (let i = 0; i < this.#length; i++) items[i] = undefined;
    this.#length = 0;
  }
}
