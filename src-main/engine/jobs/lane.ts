// A lane: the loop a lane process runs (DESIGN.md, Jobs and lanes). Claim a job, run its handler under a
// lease keeper, then complete or fail it, unless the lease was lost, in which case the job belongs to another
// lane now and this one drops it and exits. Lease timing comes from the caller (the entry module reads
// VOUCH_LEASE_MS), never from deep in here.
import { setTimeout as sleep } from 'node:timers/promises';
import { VouchError } from '../errors.ts';
import { LeaseLostError, type ClaimedJob, type JobQueue } from './job-queue.ts';
import { LeaseKeeper } from './lease-keeper.ts';
import { parseParentMessage, type JobOutcome, type LaneToParentMessage } from './lane-protocol.ts';

export interface JobHandlerContext {
  /** Call `lease.assertHeld()` inside every write transaction, right before it commits. */
  lease: LeaseKeeper;
  /** Aborted when the lease is lost or the lane is asked to stop. */
  signal: AbortSignal;
  /** Sends progress to the parent (when this lane runs as a forked process). */
  report(progress: unknown): void;
}

/**
 * Resolves with the job's result (stored as JSON). Throw to fail the attempt: errors are retried unless they
 * carry `retryable: false`. Messages are stored as they are, so redact secrets (redactSecrets) first.
 */
export type JobHandler = (job: ClaimedJob, ctx: JobHandlerContext) => Promise<unknown>;

export interface RunLaneOptions {
  queue: JobQueue;
  /** Unique per lane process, e.g. `full:<pid>`; it is what the lease is held under. */
  owner: string;
  /** Defaults to the kinds of `handlers`. */
  kinds?: string[];
  handlers: Record<string, JobHandler>;
  leaseMs: number;
  /** How long to sleep when there is nothing to claim. */
  pollMs: number;
  /** Return as soon as there is nothing to claim, instead of polling until `signal` aborts. */
  exitWhenIdle: boolean;
  /** Stops the lane: no new claims; the running job's handler sees its signal abort and the job is released. */
  signal?: AbortSignal;
  /** Awaited once before the lane says it is ready and claims its first job (e.g. to load connectors). */
  prepare?: () => Promise<void>;
  /** Applied to every error stored as a job's last_error (e.g. redactSecrets over the sources' secrets). */
  redact?: (text: string) => string;
  /** Where lane messages go; defaults to the parent process over IPC (nowhere when not forked). */
  send?: (message: LaneToParentMessage) => void;
}

export type LaneSummary = Record<JobOutcome, number>;

export async function runLane(options: RunLaneOptions): Promise<LaneSummary> {
  const { queue, owner, handlers, leaseMs, pollMs, signal } = options;
  const kinds = options.kinds ?? Object.keys(handlers);
  const send = options.send ?? sendToParent;
  const summary: LaneSummary = { succeeded: 0, failed: 0, retrying: 0, released: 0, lease_lost: 0 };
  let announcedIdle = false;

  await options.prepare?.();
  send({ type: 'ready' });
  while (signal?.aborted !== true) {
    const job = queue.claim(owner, kinds, leaseMs);
    if (job === null) {
      if (!announcedIdle) send({ type: 'idle' });
      announcedIdle = true;
      if (options.exitWhenIdle) break;
      try {
        await sleep(pollMs, undefined, signal ? { signal } : {});
      } catch {
        break; // stopped while idle
      }
      continue;
    }
    announcedIdle = false;
    send({ type: 'job_started', jobId: job.id, kind: job.kind, attempts: job.attempts });
    const outcome = await runJob(job, options, send);
    summary[outcome] += 1;
    send({ type: 'job_done', jobId: job.id, status: outcome });
    // A lane that lost a lease was paused or starved past it (a sleeping laptop, a stopped process): its view
    // of the world is stale and another lane has taken over. It claims nothing more; its parent starts a
    // fresh lane if work remains.
    if (outcome === 'lease_lost') break;
  }
  return summary;
}

async function runJob(
  job: ClaimedJob,
  options: RunLaneOptions,
  send: (message: LaneToParentMessage) => void,
): Promise<JobOutcome> {
  const { queue, owner, leaseMs, signal: laneSignal } = options;
  const lease = new LeaseKeeper({ queue, jobId: job.id, owner, leaseMs }).start();
  const signal = laneSignal ? AbortSignal.any([laneSignal, lease.signal]) : lease.signal;
  const context: JobHandlerContext = {
    lease,
    signal,
    report: (progress) => send({ type: 'progress', jobId: job.id, progress }),
  };
  try {
    const handler = options.handlers[job.kind];
    if (handler === undefined) throw new NoHandlerError(job.kind);
    const result = await handler(job, context);
    lease.stop();
    queue.complete(job.id, owner, result);
    return 'succeeded';
  } catch (error) {
    lease.stop();
    try {
      if (error instanceof LeaseLostError || lease.lost !== null) return 'lease_lost';
      if (laneSignal?.aborted === true) {
        queue.release(job.id, owner);
        return 'released';
      }
      const described = describeError(error);
      const message = options.redact ? options.redact(described) : described;
      const status = queue.fail(job.id, owner, message, { retryable: isRetryable(error) });
      return status === 'queued' ? 'retrying' : 'failed';
    } catch (transitionError) {
      // Lost between the handler's end and this transition: the job is another lane's now.
      if (transitionError instanceof LeaseLostError) return 'lease_lost';
      throw transitionError;
    }
  } finally {
    lease.stop();
  }
}

export class NoHandlerError extends VouchError {
  readonly retryable = false;
  constructor(kind: string) {
    super('no_job_handler', `This lane has no handler for jobs of kind "${kind}".`, null);
  }
}

/** Errors are retryable unless they say otherwise with `retryable: false`. */
export function isRetryable(error: unknown): boolean {
  return !(typeof error === 'object' && error !== null && 'retryable' in error && error.retryable === false);
}

/** The text stored as a job's last_error. */
export function describeError(error: unknown): string {
  if (error instanceof VouchError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Sends a lane message to the parent process over IPC; a no-op when this process was not forked. */
export function sendToParent(message: LaneToParentMessage): void {
  if (process.send === undefined || !process.connected) return;
  // The callback turns a send racing the parent's exit into a dropped message instead of an 'error' event.
  process.send(message, undefined, {}, () => {});
}

/**
 * For lane entry modules: a signal that aborts when the parent sends `stop` or goes away, or on SIGTERM or
 * SIGINT (a parent stopping a lane that may not listen yet, Ctrl-C reaching `vouch worker`'s process group):
 * the running job is released rather than left under a live lease. Call `close()` when the lane is done, so
 * the IPC channel no longer keeps the process alive.
 */
export function listenToParent(): { signal: AbortSignal; close(): void } {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143); // asked twice: go now
    controller.abort(new Error(`the lane received ${signal}`));
  };
  const onMessage = (message: unknown): void => {
    const parsed = parseParentMessage(message);
    if (parsed === null) {
      process.stderr.write('lane: dropped a message from the parent that is not part of the lane protocol\n');
      return;
    }
    if (parsed.type === 'stop') controller.abort(new Error('the parent asked the lane to stop'));
  };
  const onDisconnect = (): void => controller.abort(new Error('the parent process went away'));
  process.on('message', onMessage);
  process.on('disconnect', onDisconnect);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    signal: controller.signal,
    close: () => {
      process.off('message', onMessage);
      process.off('disconnect', onDisconnect);
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}
