// The terminals that are alive but on no screen, least recently hidden first. Bounded: `overflow`
// names (and forgets) the oldest ones beyond the capacity, for disposal.

export class HiddenLru<K> {
  private readonly order: K[] = [];

  constructor(private readonly capacity: number) {}

  /** Marks `key` as hidden just now. */
  add(key: K): void {
    this.remove(key);
    this.order.push(key);
  }

  /** `key` is shown again (or disposed). */
  remove(key: K): void {
    const i = this.order.indexOf(key);
    if (i >= 0) this.order.splice(i, 1);
  }

  /** Removes and returns the keys beyond the capacity, least recently hidden first. */
  overflow(): K[] {
    const excess = this.order.length - this.capacity;
    return excess > 0 ? this.order.splice(0, excess) : [];
  }

  has(key: K): boolean {
    return this.order.includes(key);
  }

  get size(): number {
    return this.order.length;
  }
}
