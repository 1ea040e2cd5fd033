// Keeps a `full` lane running while the given jobs are unfinished. A lane that dies (crash, SIGKILL) is
// replaced once its job's lease has expired, so the job is retried instead of stranded.
import type { JobQueue } from '../jobs/job-queue.ts';
import { parseLaneMessage } from '../jobs/lane-protocol.ts';
import type { LaneProcess, ProcessHost } from '../jobs/process-host.ts';
import { sleep } from '../connectors/concurrency.ts';
import { laneArgs } from './lane-kinds.ts';

export interface SuperviseOptions {
  host: ProcessHost;
  queue: JobQueue;
  dataDir: string;
  jobIds: number[];
  env: NodeJS.ProcessEnv;
  onProgress?: (jobId: number, progress: unknown) => void;
  onLaneStarted?: (lane: LaneProcess) => void;
  /** Lanes that may be started in all, so a lane that crashes at once cannot loop forever. */
  maxLaneStarts?: number;
}

export async function superviseFullLane(options: SuperviseOptions): Promise<void> {
  const { queue, jobIds } = options;
  const maxStarts = options.maxLaneStarts ?? 10;
  const unfinished = () =>
    jobIds
      .map((id) => queue.get(id))
      .filter((job) => job && job.status !== 'succeeded' && job.status !== 'failed');
  for (let starts = 0; ;) {
    const pending = unfinished();
    if (pending.length === 0) return;
    if (starts >= maxStarts) {
      throw new Error(`The sync lane stopped ${starts} times before finishing; see the errors above.`);
    }
    // Nothing is claimable before a running job's lease runs out (its lane crashed, or it is another
    // process's sync this one joined, which keeps renewing it) or a retry's backoff ends: poll until then.
    const readyAt = Math.min(
      ...pending.map((job) => (job!.status === 'running' ? (job!.leaseUntil ?? 0) : job!.availableAt)),
    );
    const waitMs = readyAt - Date.now();
    if (waitMs > 0) {
      await sleep(Math.min(waitMs + 50, pollMs));
      continue;
    }
    // A lane that found nothing to claim and exited cleanly (the source's lock is held by another process's
    // job) does not count as a start: lanes that ran a job, or crashed, do.
    if (await runOneLane(options)) starts++;
    else await sleep(pollMs);
  }
}

/** How often a supervisor looks at jobs it waits for; short, since a joined sync may end at any moment. */
const pollMs = 250;

/** Resolves when the lane exits: true when it started a job or did not exit cleanly. */
function runOneLane(options: SuperviseOptions): Promise<boolean> {
  return new Promise((resolve) => {
    let started = false;
    const lane = options.host.fork('full', laneArgs(options.dataDir, 'until-idle'), { env: options.env });
    options.onLaneStarted?.(lane);
    lane.onMessage((raw) => {
      const message = parseLaneMessage(raw);
      if (message?.type === 'job_started') started = true;
      if (message?.type === 'progress') options.onProgress?.(message.jobId, message.progress);
    });
    lane.onExit((code, signal) => resolve(started || code !== 0 || signal !== null));
  });
}
