// Entry module of the `full` lane process: claims sync jobs and runs them until none are left.
// Started by a ProcessHost (child_process.fork here, utilityProcess in the desktop shell).
import { JobQueue } from '../jobs/job-queue.ts';
import { listenToParent, runLane } from '../jobs/lane.ts';
import { openEngineCore } from '../engine-core.ts';
import { cleanTempFiles } from '../evidence/artifact-writer.ts';
import { phaseHookFromEnv } from '../sync/phase-hook.ts';
import { fullLaneHandlers, preloadConnectors } from './full-lane-handlers.ts';
import { leaseMsFromEnv } from './sync-job.ts';

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: full-lane-main DATA_DIR\n');
  process.exit(2);
}

const core = openEngineCore(dataDir, process.env);
// Artifact temp files of lanes that died mid-write; those of lanes still running stay.
cleanTempFiles(dataDir);
const parent = listenToParent();
try {
  await runLane({
    queue: new JobQueue(core.store.sqlite),
    owner: `full:${process.pid}`,
    handlers: fullLaneHandlers(core, { onPhase: phaseHookFromEnv(process.env) }),
    prepare: () => preloadConnectors(core),
    leaseMs: leaseMsFromEnv(process.env),
    pollMs: 250,
    exitWhenIdle: true,
    signal: parent.signal,
  });
} finally {
  parent.close();
  core.close();
}
