// Entry module of every lane kind as an Electron utility process (the desktop twin of
// engine/lanes/lane-main.ts, which reads its kind from argv and its key from the environment). Its first
// message from main carries the kind, the key material and the arguments (data directory, mode); after that
// it speaks the lane protocol over its parent port. The handlers come from the engine's lane registry.
import { parseParentMessage } from '../engine/jobs/lane-protocol.ts';
import { openEngineCore } from '../engine/engine-core.ts';
import { laneModeSchema } from '../engine/lanes/lane-kinds.ts';
import { runLaneOfKind } from '../engine/lanes/run-lane-of-kind.ts';
import { mainToLaneInitSchema, type MainToLaneInit } from './engine-protocol.ts';
import { keyWrapperFromMaterial } from './master-key-wrapper.ts';

const port = process.parentPort;
const stop = new AbortController();
let initialized = false;
// main's utilityProcess.kill() is SIGTERM: the engine stops a lane that may not listen yet that way, and
// the running job is released rather than left under a live lease (see listenToParent in engine/jobs/lane.ts).
process.on('SIGTERM', () => {
  if (!initialized || stop.signal.aborted) process.exit(143);
  stop.abort(new Error('the lane received SIGTERM'));
});

port.on('message', ({ data }) => {
  if (!initialized) {
    const init = mainToLaneInitSchema.safeParse(data);
    if (!init.success) {
      process.stderr.write('lane: the first message from main was not lane.init\n');
      process.exit(2);
    }
    initialized = true;
    runLaneProcess(init.data).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(
          `${init.data.lane} lane: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        process.exit(1);
      },
    );
    return;
  }
  const message = parseParentMessage(data);
  if (message === null)
    process.stderr.write('lane: dropped a message that is not part of the lane protocol\n');
  else if (message.type === 'stop') stop.abort(new Error('the engine asked the lane to stop'));
});

async function runLaneProcess(init: MainToLaneInit): Promise<void> {
  const [dataDir, rawMode] = init.args;
  if (dataDir === undefined) throw new Error('lane.init carries no data directory');
  const mode = laneModeSchema.parse(rawMode ?? 'until-idle');
  const core = openEngineCore(dataDir, process.env, keyWrapperFromMaterial(init.key));
  try {
    await runLaneOfKind({
      core,
      kind: init.lane,
      mode,
      env: process.env,
      signal: stop.signal,
      send: (message) => port.postMessage(message),
    });
  } finally {
    core.close();
  }
}
