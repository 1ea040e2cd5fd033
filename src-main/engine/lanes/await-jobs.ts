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

/** Resolves once every job has succeeded or failed for good; rejects with StoppedWaitingError on abort. */
export async function awaitJobs(queue: JobQueue, jobIds: number[], signal?: AbortSignal): Promise<void> {
  for (;;) {
    if (signal?.aborted) throw new StoppedWaitingError();
    const pending = jobIds.filter((id) => {
      const status = queue.get(id)?.status;
      return status !== undefined && status !== 'succeeded' && status !== 'failed';
    });
    if (pending.length === 0) return;
    await sleep(pollMs, signal).catch(() => undefined);
  }
}
