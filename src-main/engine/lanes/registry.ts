// The registry of lane kinds: what each kind's process claims and runs. A new kind is one folder under
// engine/lanes/ exporting a LaneDefinition, listed here and in lane-kinds.ts; both entry modules (lane-main.ts
// for child_process, electron/lane-process-main.ts for the desktop) and both process hosts take it from here.
import type { EngineCore } from '../engine-core.ts';
import type { JobHandler } from '../jobs/lane.ts';
import type { PhaseHook } from '../sync/phase-hook.ts';
import { evaluatorLane } from './evaluator/evaluator-lane.ts';
import { fullLane } from './full/full-lane.ts';
import { inboxLane } from './inbox/inbox-lane.ts';
import type { LaneKind } from './lane-kinds.ts';
import { tailLane } from './tail/tail-lane.ts';

export interface LaneHandlerOptions {
  /** Test-only fault injection (sync/phase-hook.ts); undefined in production. */
  onPhase?: PhaseHook;
}

export interface LaneDefinition {
  kind: LaneKind;
  /** One line for `vouch worker --help` and Settings → Engine. */
  description: string;
  /** Job kind → handler. Empty for a kind whose work is not built yet: its lane claims nothing. */
  handlers(core: EngineCore, options: LaneHandlerOptions): Record<string, JobHandler>;
  /** Awaited before the lane claims its first job (e.g. loading connectors, which blocks the event loop). */
  prepare?(core: EngineCore): Promise<void>;
}

export const laneRegistry: Readonly<Record<LaneKind, LaneDefinition>> = {
  full: fullLane,
  tail: tailLane,
  inbox: inboxLane,
  evaluator: evaluatorLane,
};
