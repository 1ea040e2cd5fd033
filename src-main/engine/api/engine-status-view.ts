// Settings → Engine: the lanes of this process, the queue depth per state and the dead letters (jobs that
// failed their last attempt), as the API contract's engineStatusSchema.
import type { EngineStatus } from '../../../src-shared/api.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { LaneHealth } from '../lanes/lane-manager.ts';

/** Dead letters shown at most; `vouch jobs list --state dead` lists them all. */
const deadShown = 50;

export function engineStatusView(queue: JobQueue, lanes: LaneHealth[]): EngineStatus {
  const counts = queue.counts();
  return {
    lanes: lanes.map((lane) => ({ ...lane })),
    queue: {
      queued: counts.queued,
      running: counts.running,
      succeeded: counts.succeeded,
      dead: counts.failed,
    },
    dead: queue.list({ states: ['failed'], limit: deadShown }).map((job) => ({
      id: job.id,
      kind: job.kind,
      subject: subjectOf(job.payload),
      attempts: job.attempts,
      lastError: job.lastError,
      failedAt: new Date(job.updatedAt).toISOString(),
    })),
  };
}

function subjectOf(payload: unknown): string | null {
  if (typeof payload === 'object' && payload !== null && 'source' in payload) {
    const source = (payload as { source: unknown }).source;
    if (typeof source === 'string') return source;
  }
  return null;
}
