// Keeps long-lived lanes running while `vouch serve`, `vouch worker` or the desktop engine runs: one process
// per slot (e.g. two `full` slots sync two sources at once), restarted with exponential backoff and jitter
// when it dies, and each slot's health (up since, jobs done, last error) for `vouch worker` and
// Settings → Engine. Jobs themselves are safe without it: a dead lane's job is retried by whichever lane
// claims it once its lease runs out.
import { parseLaneMessage } from '../jobs/lane-protocol.ts';
import type { LaneProcess, ProcessHost } from '../jobs/process-host.ts';
import { laneArgs, laneKindsWithWork, type LaneKind } from './lane-kinds.ts';

export interface LaneHealth {
  kind: LaneKind;
  /** 1-based among the slots of its kind. */
  slot: number;
  state: 'starting' | 'up' | 'restarting' | 'stopped';
  pid: number | null;
  /** ISO time the current process said it was ready, or null while starting or down. */
  upSince: string | null;
  /** Jobs this slot finished (any outcome), across restarts. */
  jobsDone: number;
  restarts: number;
  /** Why the slot's last process ended, or its last failed job; null when nothing went wrong. */
  lastError: string | null;
}

export interface LaneManagerOptions {
  host: ProcessHost;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** One entry per lane process, e.g. ['full', 'full', 'tail']. */
  lanes: LaneKind[];
  /** Restart delay after the first crash; doubles per consecutive crash up to capMs. */
  restartBaseMs?: number;
  restartCapMs?: number;
  random?: () => number;
  log?: (line: string) => void;
}

/** How long stop() waits for lanes to release their jobs and exit before it kills them. */
const stopGraceMs = 30_000;
/** Crashes in a row (each before the lane ran a minute) after which failing() reports the kind. */
const giveUpAfterCrashes = 5;
/** How long stop() still waits for killed lanes to be reported gone. */
const killWaitMs = 2_000;
/** A lane that ran this long before dying starts over from the base delay. */
const stableMs = 60_000;

interface Slot {
  health: LaneHealth;
  process: LaneProcess | null;
  consecutiveCrashes: number;
  startedAt: number;
  timer: NodeJS.Timeout | null;
  exited: Promise<void>;
}

/** A lane's progress report on the job it runs (forwarded as the lane sent it; the listener parses it). */
export type LaneProgressListener = (jobId: number, progress: unknown) => void;

/** What a request waiting on jobs needs from the long-lived lanes that run them (Engine.sync). */
export interface ManagedLanes {
  /** Progress of every job the lanes run; returns the unsubscribe. */
  onProgress(listener: LaneProgressListener): () => void;
  /** Each lane's health, for Settings → Engine. */
  health(): LaneHealth[];
  /**
   * Why no lane of `kind` can run a job (every one keeps dying: a broken install, a store it cannot open),
   * or null while at least one might; a request waiting on such jobs stops waiting and says so.
   */
  failing(kind: LaneKind): string | null;
}

export class LaneManager implements ManagedLanes {
  readonly #options: LaneManagerOptions;
  readonly #slots: Slot[] = [];
  readonly #progressListeners = new Set<LaneProgressListener>();
  #stopping = false;

  constructor(options: LaneManagerOptions) {
    this.#options = options;
    const perKind = new Map<LaneKind, number>();
    for (const kind of options.lanes) {
      const slot = (perKind.get(kind) ?? 0) + 1;
      perKind.set(kind, slot);
      this.#slots.push({
        health: {
          kind,
          slot,
          state: 'stopped',
          pid: null,
          upSince: null,
          jobsDone: 0,
          restarts: 0,
          lastError: null,
        },
        process: null,
        consecutiveCrashes: 0,
        startedAt: 0,
        timer: null,
        exited: Promise.resolve(),
      });
    }
  }

  start(): void {
    for (const slot of this.#slots) this.#fork(slot);
  }

  onProgress(listener: LaneProgressListener): () => void {
    this.#progressListeners.add(listener);
    return () => this.#progressListeners.delete(listener);
  }

  failing(kind: LaneKind): string | null {
    const slots = this.#slots.filter((slot) => slot.health.kind === kind);
    if (slots.length === 0) return `this process runs no ${kind} lane`;
    if (!slots.every((slot) => slot.consecutiveCrashes >= giveUpAfterCrashes)) return null;
    return `every ${kind} lane stopped ${giveUpAfterCrashes} times in a row (last: ${slots[0]!.health.lastError})`;
  }

  health(): LaneHealth[] {
    return this.#slots.map((slot) => ({ ...slot.health }));
  }

  /**
   * Asks every lane to stop (a running job's handler is aborted and its job released, so another lane takes
   * it at once), waits for them to exit, and kills those still running after the grace period.
   */
  async stop(graceMs = stopGraceMs): Promise<void> {
    this.#stopping = true;
    for (const slot of this.#slots) {
      if (slot.timer !== null) clearTimeout(slot.timer);
      slot.timer = null;
      // Waiting to restart: nothing runs, so it is stopped now (a running one is once it exits).
      if (slot.process === null) slot.health.state = 'stopped';
      slot.process?.send({ type: 'stop' });
      // A lane still starting (loading modules and connectors: seconds on a busy machine) would act on the
      // stop only once ready. It holds no job yet: SIGTERM ends it while it loads, and is a stop request once
      // its entry runs (listenToParent).
      if (slot.health.state === 'starting') slot.process?.kill('SIGTERM');
    }
    const all = Promise.all(this.#slots.map((slot) => slot.exited));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    if ((await Promise.race([all, timedOut])) === 'timeout') {
      for (const slot of this.#slots) slot.process?.kill('SIGKILL');
      // A lane whose exit never reaches this process (its host went away) must not hold the shutdown.
      let killTimer: NodeJS.Timeout | undefined;
      await Promise.race([all, new Promise((resolve) => (killTimer = setTimeout(resolve, killWaitMs)))]);
      clearTimeout(killTimer);
    }
    clearTimeout(timer);
  }

  #fork(slot: Slot): void {
    const { host, dataDir, env } = this.#options;
    slot.timer = null;
    slot.health.state = 'starting';
    slot.startedAt = Date.now();
    let lane: LaneProcess;
    try {
      lane = host.fork(slot.health.kind, laneArgs(dataDir, 'stay'), { env });
    } catch (error) {
      this.#crashed(slot, `could not start: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    slot.process = lane;
    slot.health.pid = lane.pid ?? null;
    let resolveExited!: () => void;
    slot.exited = new Promise((resolve) => (resolveExited = resolve));
    lane.onMessage((raw) => {
      const message = parseLaneMessage(raw);
      if (message === null) return;
      if (message.type === 'ready') {
        // Ready after stop() began: in case the stop reached the lane before it listened, say it again.
        if (this.#stopping) lane.send({ type: 'stop' });
        slot.health.state = 'up';
        slot.health.pid = lane.pid ?? slot.health.pid;
        slot.health.upSince = new Date().toISOString();
      } else if (message.type === 'progress') {
        for (const listener of [...this.#progressListeners]) listener(message.jobId, message.progress);
      } else if (message.type === 'job_done') {
        slot.health.jobsDone += 1;
        if (message.status === 'failed' || message.status === 'retrying') {
          slot.health.lastError = `job ${message.jobId} ${message.status === 'failed' ? 'failed' : 'will be retried'}`;
        }
      }
    });
    lane.onExit((code, signal) => {
      slot.process = null;
      slot.health.pid = null;
      slot.health.upSince = null;
      resolveExited();
      if (this.#stopping) {
        slot.health.state = 'stopped';
        return;
      }
      // A stay-up lane exits on its own only after losing a lease (code 0) or when it crashed.
      this.#crashed(slot, signal !== null ? `killed by ${signal}` : `exited with code ${code}`);
    });
  }

  #crashed(slot: Slot, reason: string): void {
    if (this.#stopping) return;
    if (Date.now() - slot.startedAt >= stableMs) slot.consecutiveCrashes = 0;
    slot.consecutiveCrashes += 1;
    slot.health.lastError = reason;
    slot.health.state = 'restarting';
    slot.health.restarts += 1;
    const base = this.#options.restartBaseMs ?? 1_000;
    const cap = this.#options.restartCapMs ?? 60_000;
    const delay = Math.min(cap, base * 2 ** (slot.consecutiveCrashes - 1));
    const jittered = Math.round(delay * (0.8 + 0.4 * (this.#options.random ?? Math.random)()));
    this.#options.log?.(
      `${slot.health.kind} lane ${slot.health.slot}: ${reason}; restarting in ${jittered} ms`,
    );
    slot.timer = setTimeout(() => this.#fork(slot), jittered);
  }
}

/**
 * The default lanes of a long-running Vouch (`vouch serve`, the desktop engine, `vouch worker`): two full lanes
 * (two sources sync at once) and one lane of each other kind that has work (lane-kinds.ts laneKindsWithWork).
 * A kind without job handlers would only be an idle process polling the store, so it starts once its issue
 * gives it handlers; `vouch worker --lane KIND` still starts one on request.
 */
export function defaultLanes(fullLanes = 2): LaneKind[] {
  return [
    ...Array.from({ length: fullLanes }, (): LaneKind => 'full'),
    ...laneKindsWithWork.filter((kind) => kind !== 'full'),
  ];
}
