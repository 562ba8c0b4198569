// Matching for one task queue: ready entries and waiting long polls.

interface Waiter<T> {
  resolve(entry: T | undefined): void;
}

/** FIFO of ready entries with O(1) push/shift (a ring would also do; this is a paged array). */
class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  get size(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  unshift(item: T): void {
    if (this.head > 0) this.items[--this.head] = item;
    else this.items.unshift(item);
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

export class TaskQueue<T> {
  private readonly ready = new Fifo<T>();
  private readonly waiters: Waiter<T>[] = [];

  get backlog(): number {
    return this.ready.size;
  }

  /** Hands the entry to the oldest waiting poll, or keeps it until one arrives. */
  offer(entry: T): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(entry);
    else this.ready.push(entry);
  }

  /** Puts an entry back at the front (its poll went away before it could be used). */
  putBack(entry: T): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(entry);
    else this.ready.unshift(entry);
  }

  /** Waits for an entry; undefined on timeout or cancellation. */
  take(timeoutMs: number, signal: AbortSignal): Promise<T | undefined> {
    const ready = this.ready.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (signal.aborted || timeoutMs <= 0) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const finish = (entry: T | undefined): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(entry);
      };
      const waiter: Waiter<T> = { resolve: finish };
      const drop = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        finish(undefined);
      };
      const onAbort = (): void => drop();
      const timer = setTimeout(drop, timeoutMs);
      signal.addEventListener('abort', onAbort);
      this.waiters.push(waiter);
    });
  }

  /** Polls waiting right now. */
  get pollers(): number {
    return this.waiters.length;
  }

  /** Removes and returns every ready entry (the queue's worker is gone). */
  drain(): T[] {
    const entries: T[] = [];
    for (let e = this.ready.shift(); e !== undefined; e = this.ready.shift()) entries.push(e);
    return entries;
  }

  /** Ends every waiting poll (server shutdown). */
  releaseAll(): void {
    for (const w of this.waiters.splice(0)) w.resolve(undefined);
  }
}
