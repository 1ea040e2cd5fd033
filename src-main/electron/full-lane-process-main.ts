// Entry module of the `full` lane as an Electron utility process (the desktop twin of
// engine/lanes/full-lane-main.ts, which reads its key from the environment and talks over Node IPC).
// Its first message from main carries the key material and the data directory; after that it speaks the
// lane protocol over its parent port.
//
// The job handlers repeat full-lane-main.ts: keep the two in step until the engine exports them (see the
// README of this folder).
import { JobQueue } from '../engine/jobs/job-queue.ts';
import { parseParentMessage } from '../engine/jobs/lane-protocol.ts';
import { runLane } from '../engine/jobs/lane.ts';
import { openEngineCore } from '../engine/engine-core.ts';
import { fullLaneHandlers, preloadConnectors } from '../engine/lanes/full-lane-handlers.ts';
import { leaseMsFromEnv } from '../engine/lanes/sync-job.ts';
import { mainToLaneInitSchema, type MainToLaneInit } from './engine-protocol.ts';
import { keyWrapperFromMaterial } from './master-key-wrapper.ts';

const port = process.parentPort;
const stop = new AbortController();
let initialized = false;

port.on('message', ({ data }) => {
  if (!initialized) {
    const init = mainToLaneInitSchema.safeParse(data);
    if (!init.success) {
      process.stderr.write('full lane: the first message from main was not lane.init\n');
      process.exit(2);
    }
    initialized = true;
    runFullLane(init.data).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(
          `full lane: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        process.exit(1);
      },
    );
    return;
  }
  const message = parseParentMessage(data);
  if (message === null)
    process.stderr.write('full lane: dropped a message that is not part of the lane protocol\n');
  else if (message.type === 'stop') stop.abort(new Error('the engine asked the lane to stop'));
});

async function runFullLane(init: MainToLaneInit): Promise<void> {
  const [dataDir] = init.args;
  if (dataDir === undefined) throw new Error('lane.init carries no data directory');
  const core = openEngineCore(dataDir, process.env, keyWrapperFromMaterial(init.key));
  try {
    await runLane({
      queue: new JobQueue(core.store.sqlite),
      owner: `full:${process.pid}`,
      handlers: fullLaneHandlers(core),
      prepare: () => preloadConnectors(core),
      leaseMs: leaseMsFromEnv(process.env),
      pollMs: 250,
      exitWhenIdle: true,
      signal: stop.signal,
      send: (message) => port.postMessage(message),
    });
  } finally {
    core.close();
  }
}
