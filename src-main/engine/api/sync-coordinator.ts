// Runs the syncs the UI and the scheduler ask for. With the long-lived lanes of this process (`lanes`, the
// LaneManager of `vouch serve` and the desktop engine), every source is queued at once and waited on by
// itself: the lanes run as many at once as there are full lanes. Without them, one engine.sync at a time
// forks its own lanes: those claim any queued sync job, so two supervisors side by side would take each
// other's jobs. A source asked for while it is already queued or syncing joins that sync instead of starting
// another. Progress and results go out as events.
import type { ApiEvent } from '../../../src-shared/api.ts';
import type { Engine } from '../engine.ts';
import { VouchError, isVouchError } from '../errors.ts';
import type { LaneProcess, ProcessHost } from '../jobs/process-host.ts';
import type { ManagedLanes } from '../lanes/lane-manager.ts';
import type { ApiEventBus } from './event-bus.ts';
import { ProgressThrottle, realTimers, type ThrottleTimers } from './progress-throttle.ts';
import { syncOutcomeView } from './views.ts';

export class ShuttingDownError extends VouchError {
  constructor() {
    super(
      'shutting_down',
      'Vouch is shutting down and starts no new syncs.',
      'Start Vouch again, then sync.',
    );
  }
}

export interface SyncCoordinatorOptions {
  engine: Pick<Engine, 'sync' | 'sources'>;
  host: ProcessHost;
  /** The long-lived lanes of this process; when given, no lane is forked per request. */
  lanes?: ManagedLanes;
  events: ApiEventBus;
  log: (line: string) => void;
  /** At most one progress event per source and dataset per this many ms (default 200: ≤ 5/s). */
  progressIntervalMs?: number;
  timers?: ThrottleTimers;
}

/** A lane that exits at once: what the host forks after shutdown, so the supervisor gives up quickly. */
const stoppedLane: () => LaneProcess = () => ({
  pid: undefined,
  send: () => {},
  onMessage: () => {},
  onExit: (cb) => setImmediate(() => cb(null, 'SIGTERM')),
  kill: () => {},
});

export class SyncCoordinator {
  readonly #queued = new Set<string>();
  readonly #running = new Set<string>();
  readonly #lanes = new Set<LaneProcess>();
  /** With managed lanes: one wait per source under way. */
  readonly #waits = new Set<Promise<void>>();
  readonly #stopWaiting = new AbortController();
  #loop: Promise<void> | null = null;
  #closed = false;
  readonly #host: ProcessHost;

  constructor(private readonly options: SyncCoordinatorOptions) {
    this.#host = {
      fork: (kind, args, opts) => {
        if (this.#closed) return stoppedLane();
        const lane = options.host.fork(kind, args, opts);
        this.#lanes.add(lane);
        lane.onExit(() => this.#lanes.delete(lane));
        return lane;
      },
    };
  }

  /**
   * Queues the named sources (every source when none is named) and returns their names at once; sources
   * already queued or syncing are returned too, attached to the sync under way. Unknown names throw.
   */
  start(names: string[]): string[] {
    if (this.#closed) throw new ShuttingDownError();
    const { sources } = this.options.engine;
    const targets =
      names.length > 0 ? names.map((name) => sources.get(name).name) : sources.list().map((s) => s.name);
    const unique = [...new Set(targets)];
    if (this.options.lanes !== undefined) {
      for (const name of unique) if (!this.#running.has(name)) this.#waitFor(name);
      return unique;
    }
    for (const name of unique) {
      if (!this.#running.has(name)) this.#queued.add(name);
    }
    if (this.#queued.size > 0 && this.#loop === null) {
      this.#loop = this.#drain().finally(() => {
        this.#loop = null;
      });
    }
    return unique;
  }

  isSyncing(name: string): boolean {
    return this.#running.has(name) || this.#queued.has(name);
  }

  /** Resolves when nothing is queued or syncing. */
  async idle(): Promise<void> {
    while (this.#loop !== null || this.#waits.size > 0) {
      await Promise.all([this.#loop, ...this.#waits]);
    }
  }

  /**
   * Starts nothing more, asks running lanes to stop, waits up to `timeoutMs` for the sync to end, then kills
   * lanes still running. Their jobs stay queued and run with the next sync.
   */
  async shutdown(timeoutMs = 5_000): Promise<void> {
    this.#closed = true;
    this.#queued.clear();
    // Managed lanes belong to their LaneManager, which stops them (its owner does, after this); the jobs
    // waited on here stay queued or are released by their lane.
    this.#stopWaiting.abort();
    await Promise.all(this.#waits);
    for (const lane of this.#lanes) lane.send({ type: 'stop' });
    const loop = this.#loop;
    if (!loop) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([loop, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    // A lane that did not stop in time would keep this process alive through its IPC channel.
    for (const lane of this.#lanes) lane.kill('SIGTERM');
  }

  /** With managed lanes: queues one source's job and waits for it on its own, beside other sources. */
  #waitFor(name: string): void {
    this.#running.add(name);
    const wait = this.#runBatch([name])
      .catch((error: unknown) =>
        this.options.log(`sync of ${name}: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        this.#running.delete(name);
        this.#waits.delete(wait);
      });
    this.#waits.add(wait);
  }

  async #drain(): Promise<void> {
    while (this.#queued.size > 0 && !this.#closed) {
      const batch = [...this.#queued];
      this.#queued.clear();
      for (const name of batch) this.#running.add(name);
      try {
        await this.#runBatch(batch);
      } catch (error) {
        // Nobody awaits this loop: an error escaping it would be an unhandled rejection.
        this.options.log(
          `sync of ${batch.join(', ')}: ${error instanceof Error ? error.message : String(error)}`,
        );
      } finally {
        this.#running.clear();
      }
    }
  }

  async #runBatch(batch: string[]): Promise<void> {
    const { engine, events, log } = this.options;
    const emit = (event: ApiEvent) => {
      if (!this.#closed) events.emit(event);
    };
    const existing = new Set(engine.sources.list().map((s) => s.name));
    const names = batch.filter((name) => existing.has(name));
    for (const name of batch.filter((n) => !existing.has(n))) {
      emit({
        type: 'sync.failed',
        source: name,
        message: `The source "${name}" was removed before its sync started.`,
      });
    }
    if (names.length === 0) return;
    const throttle = new ProgressThrottle<ApiEvent>(
      emit,
      this.options.progressIntervalMs ?? 200,
      this.options.timers ?? realTimers,
    );
    try {
      const outcomes = await engine.sync({
        names,
        ...(this.options.lanes !== undefined
          ? { lanes: this.options.lanes, signal: this.#stopWaiting.signal }
          : { host: this.#host }),
        onProgress: (p) =>
          throttle.push(`${p.source}\u0000${p.dataset}`, {
            type: 'sync.progress',
            source: p.source,
            dataset: p.dataset,
            rows: p.rows,
          }),
      });
      throttle.flush();
      for (const outcome of outcomes) emit({ type: 'sync.finished', outcome: syncOutcomeView(outcome) });
    } catch (error) {
      throttle.flush();
      const message = isVouchError(error)
        ? error.message
        : 'The sync stopped unexpectedly; the details are in the log of the process running Vouch.';
      if (!isVouchError(error)) {
        log(
          `sync of ${names.join(', ')} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
      for (const name of names) emit({ type: 'sync.failed', source: name, message });
    } finally {
      emit({ type: 'sources.changed' });
      emit({ type: 'artifacts.changed' });
    }
  }
}
