// The kinds of lane processes, and the one entry module every kind runs (lane-main), named by the kind it is
// given. Kept apart from registry.ts, which loads every kind's handlers: the CLI and the hosts that only start
// lanes must not pay for loading what the lanes run.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Every lane kind; each has a folder under engine/lanes/ with its job handlers (see registry.ts). */
export const laneKinds = ['full', 'tail', 'inbox', 'evaluator'] as const;
export const laneKindSchema = z.enum(laneKinds);
export type LaneKind = z.infer<typeof laneKindSchema>;

/**
 * The kinds whose lanes have job handlers today, so long-running hosts keep one up (lane-manager.ts
 * defaultLanes). Kept here, not derived from registry.ts, so that starting lanes does not load what they run.
 * A kind's issue adds it here together with its handlers.
 */
export const laneKindsWithWork: readonly LaneKind[] = ['full'];

/**
 * How a lane process runs: `until-idle` exits once nothing is left to claim (a supervisor waiting on its jobs
 * starts it); `stay` keeps polling until asked to stop (the lane manager's long-lived lanes).
 */
export const laneModeSchema = z.enum(['until-idle', 'stay']);
export type LaneMode = z.infer<typeof laneModeSchema>;

/** The arguments of the lane entry after the kind: the data directory, then the mode. */
export function laneArgs(dataDir: string, mode: LaneMode): string[] {
  return [dataDir, mode];
}

/**
 * The lane entry module, resolved the way this module runs: compiled (dist/node/, where the build puts
 * lane-main.mjs beside every chunk) or from source under tsx or vitest, so a lane never runs other code than
 * its parent.
 */
export function laneEntryModule(): string {
  return fileURLToPath(
    import.meta.url.endsWith('.ts')
      ? new URL('./lane-main.ts', import.meta.url)
      : new URL('./lane-main.mjs', import.meta.url),
  );
}
