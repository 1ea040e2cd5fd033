// Waits for queued jobs that long-lived lanes run (a LaneManager in `vouch serve` or the desktop engine): the
// request that queued them only watches the queue; it starts no lane of its own.
import { sleep } from '../connectors/concurrency.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { VouchError } from '../errors.ts';

/** How often the queue is read; short, since the UI is waiting on the outcome. */
const pollMs = 250;

export class StoppedWaitingError extends VouchError {
  constructor() {
    super(
      'stopped_waiting',
      'Vouch stopped waiting for the sync: it is shutting down.',
      'The sync stays queued and runs when Vouch starts again.',
    );
  }
}

export class LanesFailingError extends VouchError {
  constructor(reason: string) {
    super(
      'lanes_failing',
      `The sync cannot run: ${reason}.`,
      'The sync stays queued. Check the log of the process running Vouch, then restart Vouch.',
    );
  }
}

/**
 * Resolves once every job has succeeded or failed for good; rejects with StoppedWaitingError on abort, and
 * with LanesFailingError when `failing` names a reason no lane can run them.
 */
export async function awaitJobs(
  queue: JobQueue,
  jobIds: number[],
  signal?: AbortSignal,
  failing?: () => string | null,
): Promise<void> {
  for (;;) {
    if (signal?.aborted) throw new StoppedWaitingError();
    const reason = failing?.() ?? null;
    if (reason !== null) throw new LanesFailingError(reason);
    const pending = jobIds.filter((id) => {
      const status = queue.get(id)?.status;
      return status !== undefined && status !== 'succeeded' && status !== 'failed';
    });
    if (pending.length === 0) return;
    await sleep(pollMs, signal).catch(() => undefined);
  }
}
