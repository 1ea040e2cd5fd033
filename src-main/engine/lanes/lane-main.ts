// The entry module of every lane process started through child_process (the CLI, `vouch serve`, `vouch
// worker`): `lane-main KIND DATA_DIR [MODE]`. The kind picks the handlers from the registry; the mode says
// whether the lane exits when idle or stays up (lane-kinds.ts).
import { openEngineCore } from '../engine-core.ts';
import { cleanTempFiles } from '../evidence/artifact-writer.ts';
import { phaseHookFromEnv } from '../sync/phase-hook.ts';
import { listenToParent } from '../jobs/lane.ts';
import { laneKindSchema, laneModeSchema } from './lane-kinds.ts';
import { runLaneOfKind } from './run-lane-of-kind.ts';

const kind = laneKindSchema.safeParse(process.argv[2]);
const dataDir = process.argv[3];
const mode = laneModeSchema.safeParse(process.argv[4] ?? 'until-idle');
if (!kind.success || !dataDir || !mode.success) {
  process.stderr.write(`usage: lane-main ${laneKindSchema.options.join('|')} DATA_DIR [until-idle|stay]\n`);
  process.exit(2);
}

const core = openEngineCore(dataDir, process.env);
// Artifact temp files of lanes that died mid-write; those of lanes still running stay.
cleanTempFiles(dataDir);
const parent = listenToParent();
try {
  await runLaneOfKind({
    core,
    kind: kind.data,
    mode: mode.data,
    env: process.env,
    signal: parent.signal,
    onPhase: phaseHookFromEnv(process.env),
  });
} finally {
  parent.close();
  core.close();
}
