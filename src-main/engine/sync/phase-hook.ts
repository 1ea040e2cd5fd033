// Fault injection for the integration tests: they must kill or pause a real lane at a precise phase of a sync,
// and waiting on a marker is robust where timing a signal is not. Inert unless the test sets both variables.
//
//   VOUCH_TEST_STOP_AT=<phase>     listing | writing_rows | writing_artifacts | sweeping
//   VOUCH_TEST_MARKER_DIR=<dir>    the lane creates <dir>/<phase> holding its pid, then stops itself (SIGSTOP)
//
// The marker is created exclusively, so only the first lane to reach the phase stops: the lane that replaces
// it (same environment) runs through. The test then SIGKILLs or SIGCONTs the pid it read from the marker.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const syncPhases = ['listing', 'writing_rows', 'writing_artifacts', 'sweeping'] as const;
export type SyncPhase = (typeof syncPhases)[number];

export type PhaseHook = (phase: SyncPhase) => void;

export function phaseHookFromEnv(env: NodeJS.ProcessEnv): PhaseHook | undefined {
  const stopAt = env.VOUCH_TEST_STOP_AT;
  const markerDir = env.VOUCH_TEST_MARKER_DIR;
  if (!stopAt || !markerDir || !(syncPhases as readonly string[]).includes(stopAt)) return undefined;
  return (phase) => {
    if (phase !== stopAt) return;
    try {
      writeFileSync(path.join(markerDir, phase), String(process.pid), { flag: 'wx' });
    } catch {
      return; // another lane already stopped here
    }
    process.kill(process.pid, 'SIGSTOP');
  };
}
