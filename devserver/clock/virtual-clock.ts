// Virtual clock after the Java test server model: now = real time + offset.
// Every server-side timer is scheduled here. In time-skipping mode, whenever no lock is held
// (client lock, outstanding workflow tasks and activity attempts, timer callbacks in flight),
// the clock jumps to the earliest timer instead of waiting for it in real time.

export type TimerCallback = () => void | Promise<void>;

interface TimerEntry {
  id: number;
  dueMs: number;
  seq: number;
  callback: TimerCallback;
  cancelled: boolean;
}

export interface TimerHandle {
  readonly id: number;
  readonly dueMs: number;
}

export interface VirtualClockOptions {
  timeSkipping: boolean;
  /** Injectable real time source, for tests of the clock itself. */
  realNow?: () => number;
  /** Virtual time at start (epoch ms); default: real time. */
  startTimeMs?: number;
  /** Virtual time does not follow real time: it moves only by advance() and time skipping. */
  manualTime?: boolean;
}

export class VirtualClock {
  private offsetMs = 0;
  private readonly heap: TimerEntry[] = [];
  private readonly live = new Map<number, TimerEntry>();
  private nextId = 1;
  private seq = 0;
  private realTimer: NodeJS.Timeout | undefined;
  private realTimerDue = Infinity;
  private inFlight = 0;
  private lockCount: number;
  private skipPending = false;
  private cancelledInHeap = 0;
  private busyProbe: (() => boolean) | undefined;
  private firing = false;
  private closed = false;
  private realNow: () => number;
  readonly timeSkipping: boolean;

  constructor(options: VirtualClockOptions) {
    this.timeSkipping = options.timeSkipping;
    // Field names offsetMs/realNow are relied upon by older test helpers; keep them.
    this.realNow = options.manualTime ? () => 0 : (options.realNow ?? Date.now);
    if (options.startTimeMs !== undefined) this.offsetMs = options.startTimeMs - this.realNow();
    else if (options.manualTime) this.offsetMs = Date.now();
    // The client holds one lock initially (as in the Java test server).
    this.lockCount = 1;
  }

  now(): number {
    return this.realNow() + this.offsetMs;
  }

  /** Locks held right now (client lock + outstanding tasks + timer callbacks in flight). */
  locks(): number {
    return this.lockCount + this.inFlight;
  }

  lock(): void {
    this.lockCount++;
  }

  unlock(): void {
    this.lockCount--;
    if (this.lockCount < 0) this.lockCount = 0;
    this.maybeSkip();
  }

  /** Engine-side lock accounting: delta of locks held by tasks. */
  adjustLocks(delta: number): void {
    if (delta === 0) return;
    this.lockCount += delta;
    if (this.lockCount < 0) this.lockCount = 0;
    if (delta < 0) this.maybeSkip();
  }

  schedule(dueMs: number, callback: TimerCallback): TimerHandle {
    const entry: TimerEntry = { id: this.nextId++, dueMs, seq: this.seq++, callback, cancelled: false };
    this.live.set(entry.id, entry);
    this.push(entry);
    this.armReal();
    this.maybeSkip();
    return { id: entry.id, dueMs };
  }

  cancel(handle: TimerHandle | undefined): void {
    if (!handle) return;
    const entry = this.live.get(handle.id);
    if (!entry) return;
    entry.cancelled = true;
    this.live.delete(handle.id);
    this.cancelledInHeap++;
    // Lazy deletion leaves cancelled entries in the heap; rebuild when they dominate.
    if (this.cancelledInHeap > 1024 && this.cancelledInHeap > this.live.size) this.compact();
  }

  private compact(): void {
    const keep = this.heap.filter((e) => !e.cancelled);
    this.heap.length = 0;
    this.cancelledInHeap = 0;
    for (const e of keep) this.push(e);
  }

  /** Number of armed timers (for tests and metrics). */
  pendingTimers(): number {
    return this.live.size;
  }

  /** Resolves once virtual time has reached `dueMs` (time skips if unlocked). */
  sleepUntil(dueMs: number): Promise<void> {
    if (dueMs <= this.now()) return Promise.resolve();
    return new Promise((resolve) => this.schedule(dueMs, () => resolve()));
  }

  /** Moves virtual time forward to `ms` without firing anything (never backwards). */
  moveForwardTo(ms: number): void {
    if (ms > this.now()) this.offsetMs += ms - this.now();
    this.armReal();
  }

  /**
   * Tells the clock whether work it should not run ahead of is in progress (workflow tasks and
   * activity attempts a worker holds). advance() waits for it before firing each next timer.
   */
  setBusyProbe(probe: () => boolean): void {
    this.busyProbe = probe;
  }

  /**
   * Moves virtual time forward by `ms`, firing every timer that falls due on the way, in order,
   * and awaiting each callback. Before each timer it waits (up to `waitForTasksMs` of real time) for
   * workflow tasks and activity attempts in progress to finish, so a worker's task is not timed out by
   * the jump itself (one held by a dead worker is, once that wait has passed).
   */
  async advance(ms: number, options: { waitForTasksMs?: number } = {}): Promise<void> {
    const waitMs = options.waitForTasksMs ?? 2000;
    const target = this.now() + Math.max(0, ms);
    for (;;) {
      await this.settle(waitMs);
      const top = this.peek();
      if (!top || top.dueMs > target) break;
      if (top.dueMs > this.now()) this.offsetMs += top.dueMs - this.now();
      await this.fireDue();
    }
    if (target > this.now()) this.offsetMs += target - this.now();
    this.armReal();
    await this.fireDue();
  }

  private async settle(maxWaitMs: number): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    while (this.busyProbe?.() && Date.now() < deadline && !this.closed) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  close(): void {
    this.closed = true;
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
  }

  private peek(): TimerEntry | undefined {
    while (this.heap.length > 0 && this.heap[0].cancelled) {
      this.pop();
      this.cancelledInHeap--;
    }
    return this.heap[0];
  }

  private armReal(): void {
    if (this.closed) return;
    const top = this.peek();
    if (!top) {
      if (this.realTimer) clearTimeout(this.realTimer);
      this.realTimer = undefined;
      this.realTimerDue = Infinity;
      return;
    }
    if (this.realTimer && this.realTimerDue === top.dueMs) return;
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimerDue = top.dueMs;
    const delay = Math.max(0, Math.min(top.dueMs - this.now(), 2 ** 31 - 1));
    this.realTimer = setTimeout(() => {
      this.realTimer = undefined;
      this.realTimerDue = Infinity;
      void this.fireDue();
    }, delay);
    this.realTimer.unref?.();
  }

  /** Fires every timer due at the current virtual time. */
  private async fireDue(): Promise<void> {
    if (this.firing) return;
    this.firing = true;
    const running: Promise<void>[] = [];
    try {
      for (;;) {
        const top = this.peek();
        if (!top || top.dueMs > this.now()) break;
        this.pop();
        this.live.delete(top.id);
        running.push(this.run(top));
      }
    } finally {
      this.firing = false;
    }
    this.armReal();
    await Promise.all(running);
  }

  private async run(entry: TimerEntry): Promise<void> {
    this.inFlight++;
    try {
      await entry.callback();
    } catch {
      // A failing timer callback must not stop the clock; the engine logs its own errors.
    } finally {
      this.inFlight--;
      this.maybeSkip();
    }
  }

  private maybeSkip(): void {
    if (!this.timeSkipping || this.closed || this.skipPending) return;
    if (this.locks() > 0) return;
    this.skipPending = true;
    // Defer so that state changes made synchronously after an unlock settle first.
    setImmediate(() => {
      this.skipPending = false;
      if (this.closed || this.locks() > 0) return;
      const top = this.peek();
      if (!top) return;
      if (top.dueMs > this.now()) this.offsetMs += top.dueMs - this.now();
      void this.fireDue();
    });
  }

  private push(entry: TimerEntry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): TimerEntry | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop() as TimerEntry;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function less(a: TimerEntry, b: TimerEntry): boolean {
  return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq);
}
