// Runs one lane of a registered kind over an open engine: what both lane entry modules (lane-main.ts and the
// desktop's electron/lane-process-main.ts) do once they have their store; they differ only in how they get
// their key and talk to their parent.
import type { EngineCore } from '../engine-core.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import type { LaneToParentMessage } from '../jobs/lane-protocol.ts';
import { runLane, type LaneSummary } from '../jobs/lane.ts';
import { redactSecrets } from '../secrets/redact.ts';
import type { PhaseHook } from '../sync/phase-hook.ts';
import type { LaneKind, LaneMode } from './lane-kinds.ts';
import { laneRegistry } from './registry.ts';
import { leaseMsFromEnv } from './sync-job.ts';

export interface RunLaneOfKindOptions {
  core: EngineCore;
  kind: LaneKind;
  mode: LaneMode;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  onPhase?: PhaseHook;
  send?: (message: LaneToParentMessage) => void;
}

export async function runLaneOfKind(options: RunLaneOfKindOptions): Promise<LaneSummary> {
  const { core, kind } = options;
  const lane = laneRegistry[kind];
  const handlers = lane.handlers(core, { onPhase: options.onPhase });
  return runLane({
    queue: new JobQueue(core.store.sqlite),
    owner: `${kind}:${process.pid}`,
    handlers,
    prepare: lane.prepare ? () => lane.prepare!(core) : undefined,
    leaseMs: leaseMsFromEnv(options.env),
    // A long-lived lane polls less often: it is idle most of the time and every poll is a write transaction.
    pollMs: options.mode === 'stay' ? 1_000 : 250,
    exitWhenIdle: options.mode === 'until-idle',
    signal: options.signal,
    send: options.send,
    redact: (text) => redactSecrets(text, sourceSecrets(core)),
  });
}

/** Every source's secrets, for redacting a job's stored error: a handler may echo any of them. */
function sourceSecrets(core: EngineCore): string[] {
  const secrets: string[] = [];
  for (const source of core.sources.list()) {
    try {
      secrets.push(...core.sources.openContext(source.id, AbortSignal.abort()).secrets);
    } catch {
      // A source whose secrets cannot be opened cannot leak them into an error either.
    }
  }
  return secrets;
}
