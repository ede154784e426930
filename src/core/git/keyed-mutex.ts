// A per-key async mutex: callers with the same key run one at a time in arrival (FIFO) order,
// callers with different keys run concurrently. Used to serialize app writes per repository.

export class KeyedMutex {
  /** The promise the next caller of each key waits on; absent when the key is idle. */
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Whether any caller holds or waits for this key (for tests and diagnostics). */
  isBusy(key: string): boolean {
    return this.tails.has(key);
  }
}
