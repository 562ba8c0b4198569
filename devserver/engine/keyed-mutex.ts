/** Serializes async work per key (one workflow id): mutations and their saves happen in order. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Whether work for the key is running or waiting. */
  isLocked(key: string): boolean {
    return this.tails.has(key);
  }

  async run<T>(key: string, fn: () => Promise<T> | T): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
