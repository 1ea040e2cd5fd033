// Periodic syncs and the daily connection test (DESIGN.md: scheduling lives in the engine). Driven by an
// injected clock so tests run days in milliseconds. What was last run when is persisted (the caller stores
// the state string, in the `settings` table), so a restart only runs what is actually due.
//
// A source is due for a sync when its interval (its own, source-sync-interval.ts, else `syncIntervalHours`)
// plus its fixed jitter offset has passed since the later of its last sync and the scheduler's last attempt; a source never synced counts from when the scheduler first saw it, so starting
// Vouch (or adding a source) never triggers a burst of syncs. Connection tests work the same way, daily.
import { z } from 'zod';

export interface SchedulerClock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemSchedulerClock: SchedulerClock = {
  now: () => Date.now(),
  setTimer: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    // The schedule never keeps a process alive on its own.
    timer.unref();
    return timer;
  },
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ScheduledSource {
  id: string;
  name: string;
  lastSyncedAt: string | null;
  lastTestedAt: string | null;
  /** The source's own sync interval in ms (0: never scheduled); undefined follows the policy. */
  syncIntervalMs?: number;
}

export interface SchedulePolicy {
  /** 0 turns scheduled syncs off. */
  syncIntervalHours: number;
  dailyConnectionTest: boolean;
}

export interface SchedulerDeps {
  listSources(): ScheduledSource[];
  policy(): SchedulePolicy;
  /** Starts syncs of the named sources in the background; resolves once they are queued. */
  startSync(names: string[]): unknown;
  /** Tests one source's connection (and records the result). */
  testSource(name: string): Promise<unknown>;
  loadState(): string | null;
  saveState(state: string): void;
  log?(line: string): void;
}

export interface SchedulerOptions {
  clock?: SchedulerClock;
  /** Delay of the first check after start(); default 10 s, so start-up is not slowed down. */
  startDelayMs?: number;
  /** Longest sleep between checks, so sources added meanwhile and clock jumps are noticed; default 1 h. */
  maxSleepMs?: number;
  /**
   * The daily connection tests of different sources are spread over up to this long after they fall due
   * (default 30 min), so a machine with many sources does not hit every provider at the same second. The
   * offset is fixed per source (a hash of its id): its tests are always a day plus that offset apart, so
   * sources keep their spread.
   */
  connectionTestJitterMs?: number;
  /**
   * Scheduled syncs are spread the same way: a fixed per-source offset of up to a tenth of the source's
   * interval, at most this long (default 30 min).
   */
  syncJitterMaxMs?: number;
}

export interface ScheduleRun {
  synced: string[];
  tested: string[];
  /** When the next source becomes due (epoch ms), or null when nothing is scheduled. */
  nextDueAt: number | null;
}

export const SCHEDULER_STATE_KEY = 'scheduler.state';
const hourMs = 3_600_000;
const connectionTestIntervalMs = 24 * hourMs;
const minSleepMs = 1_000;

/** Per source id: the last scheduled attempt, or when the scheduler first saw a source never run. */
const stateSchema = z.object({
  sync: z.record(z.string(), z.string()).default({}),
  test: z.record(z.string(), z.string()).default({}),
});
type ScheduleState = z.infer<typeof stateSchema>;

function parseState(raw: string | null): ScheduleState {
  if (raw === null) return { sync: {}, test: {} };
  try {
    return stateSchema.parse(JSON.parse(raw));
  } catch {
    return { sync: {}, test: {} };
  }
}

function latest(...isoTimes: (string | null | undefined)[]): number | null {
  const times = isoTimes.map((t) => (t ? Date.parse(t) : NaN)).filter((t) => Number.isFinite(t));
  return times.length > 0 ? Math.max(...times) : null;
}

export class Scheduler {
  readonly #clock: SchedulerClock;
  readonly #startDelayMs: number;
  readonly #maxSleepMs: number;
  readonly #testJitterMs: number;
  readonly #syncJitterMaxMs: number;
  #timer: unknown = null;
  #started = false;
  #running = false;
  #rerun = false;

  constructor(
    private readonly deps: SchedulerDeps,
    options: SchedulerOptions = {},
  ) {
    this.#clock = options.clock ?? systemSchedulerClock;
    this.#startDelayMs = options.startDelayMs ?? 10_000;
    this.#maxSleepMs = options.maxSleepMs ?? hourMs;
    this.#testJitterMs = Math.max(0, options.connectionTestJitterMs ?? 30 * 60_000);
    this.#syncJitterMaxMs = Math.max(0, options.syncJitterMaxMs ?? 30 * 60_000);
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#schedule(this.#startDelayMs);
  }

  stop(): void {
    this.#started = false;
    this.#cancelTimer();
  }

  /** Checks again soon, e.g. after the settings changed. */
  reschedule(): void {
    if (!this.#started) return;
    if (this.#running) this.#rerun = true;
    else this.#schedule(0);
  }

  /** One pass: starts the due syncs, runs the due connection tests one after another. */
  async runDue(): Promise<ScheduleRun> {
    const now = this.#clock.now();
    const sources = this.deps.listSources();
    const policy = this.deps.policy();
    const previous = parseState(this.deps.loadState());
    // Only sources that still exist are remembered.
    const state: ScheduleState = { sync: {}, test: {} };
    const syncIntervalMs = Math.max(0, policy.syncIntervalHours) * hourMs;
    const synced: string[] = [];
    const tested: string[] = [];
    let nextDueAt = Infinity;
    const plan = (
      kind: 'sync' | 'test',
      source: ScheduledSource,
      lastRun: string | null,
      intervalMs: number,
      due: string[],
      jitterMs = 0,
    ) => {
      const remembered = previous[kind][source.id];
      if (remembered !== undefined) state[kind][source.id] = remembered;
      if (intervalMs <= 0) return;
      let since = latest(lastRun, remembered);
      if (since === null) {
        state[kind][source.id] = new Date(now).toISOString();
        since = now;
      }
      // Missed slots (sleep, downtime) collapse into this one run: the next is counted from now.
      const dueAt = since + intervalMs + jitterMs;
      if (dueAt <= now) {
        due.push(source.name);
        state[kind][source.id] = new Date(now).toISOString();
        nextDueAt = Math.min(nextDueAt, now + intervalMs);
      } else {
        nextDueAt = Math.min(nextDueAt, dueAt);
      }
    };
    for (const source of sources) {
      const intervalMs = Math.max(0, source.syncIntervalMs ?? syncIntervalMs);
      const syncJitterMs = stableOffset(
        source.id,
        Math.min(this.#syncJitterMaxMs, Math.floor(intervalMs / 10)),
      );
      plan('sync', source, source.lastSyncedAt, intervalMs, synced, syncJitterMs);
      plan(
        'test',
        source,
        source.lastTestedAt,
        policy.dailyConnectionTest ? connectionTestIntervalMs : 0,
        tested,
        stableOffset(source.id, this.#testJitterMs),
      );
    }
    // Recorded before running: a crash half way must not make every restart retry at once.
    this.deps.saveState(JSON.stringify(state));

    if (synced.length > 0) {
      try {
        await this.deps.startSync(synced);
      } catch (error) {
        this.#log(`scheduled sync of ${synced.join(', ')} did not start: ${describe(error)}`);
      }
    }
    for (const name of tested) {
      try {
        await this.deps.testSource(name);
      } catch (error) {
        this.#log(`scheduled connection test of ${name} failed: ${describe(error)}`);
      }
    }
    return { synced, tested, nextDueAt: Number.isFinite(nextDueAt) ? nextDueAt : null };
  }

  async #tick(): Promise<void> {
    this.#timer = null;
    this.#running = true;
    let nextDueAt: number | null = null;
    try {
      nextDueAt = (await this.runDue()).nextDueAt;
    } catch (error) {
      this.#log(`scheduler: ${describe(error)}`);
    } finally {
      this.#running = false;
    }
    if (!this.#started) return;
    if (this.#rerun) {
      this.#rerun = false;
      this.#schedule(0);
      return;
    }
    const untilDue = nextDueAt === null ? this.#maxSleepMs : nextDueAt - this.#clock.now();
    this.#schedule(Math.min(this.#maxSleepMs, Math.max(minSleepMs, untilDue)));
  }

  #schedule(ms: number): void {
    this.#cancelTimer();
    this.#timer = this.#clock.setTimer(() => void this.#tick(), ms);
  }

  #cancelTimer(): void {
    if (this.#timer !== null) this.#clock.clearTimer(this.#timer);
    this.#timer = null;
  }

  #log(line: string): void {
    (this.deps.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
  }
}

/** A fixed offset in [0, maxMs) for this id (FNV-1a), the same on every run and every machine. */
export function stableOffset(id: string, maxMs: number): number {
  if (maxMs <= 0) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % maxMs;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
