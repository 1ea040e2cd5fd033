// Lanes report progress on every batch; a UI needs a few updates a second. Per key (source and dataset) the
// first update goes out at once, later ones at most every `intervalMs`, and the latest one always arrives:
// a pending update is sent when its interval ends, or when flush() is called at the end of a sync.

export interface ThrottleTimers {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const realTimers: ThrottleTimers = {
  now: () => Date.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface KeyState<T> {
  lastSentAt: number;
  pending: T | null;
  timer: unknown;
}

export class ProgressThrottle<T> {
  readonly #keys = new Map<string, KeyState<T>>();

  constructor(
    private readonly send: (value: T) => void,
    private readonly intervalMs = 200,
    private readonly timers: ThrottleTimers = realTimers,
  ) {}

  push(key: string, value: T): void {
    const now = this.timers.now();
    const state = this.#keys.get(key);
    if (!state) {
      this.#keys.set(key, { lastSentAt: now, pending: null, timer: null });
      this.send(value);
      return;
    }
    if (state.timer === null && now - state.lastSentAt >= this.intervalMs) {
      state.lastSentAt = now;
      this.send(value);
      return;
    }
    state.pending = value;
    state.timer ??= this.timers.setTimer(
      () => this.#sendPending(key),
      Math.max(0, this.intervalMs - (now - state.lastSentAt)),
    );
  }

  /** Sends every pending update now and forgets all keys. */
  flush(): void {
    for (const key of [...this.#keys.keys()]) {
      const state = this.#keys.get(key);
      if (state?.timer !== null && state?.timer !== undefined) this.timers.clearTimer(state.timer);
      if (state) state.timer = null;
      this.#sendPending(key);
    }
    this.#keys.clear();
  }

  #sendPending(key: string): void {
    const state = this.#keys.get(key);
    if (!state) return;
    state.timer = null;
    if (state.pending === null) return;
    const value = state.pending;
    state.pending = null;
    state.lastSentAt = this.timers.now();
    this.send(value);
  }
}
