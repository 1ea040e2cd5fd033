// The `full` lane: full syncs of a source (list every dataset, write the population, sweep), then relink.
import { connectorFor } from '../../connectors/registry.ts';
import type { EngineCore } from '../../engine-core.ts';
import { parseJobPayload } from '../../jobs/job-queue.ts';
import type { JobHandler } from '../../jobs/lane.ts';
import { LinkingService } from '../../linking/linking-service.ts';
import type { PhaseHook } from '../../sync/phase-hook.ts';
import { runSourceSync } from '../../sync/run-source-sync.ts';
import type { LaneDefinition } from '../registry.ts';
import { syncJobPayloadSchema } from '../sync-job.ts';

/**
 * Loads the connectors of every source before the lane claims a job (RunLaneOptions.prepare): loading an SDK
 * blocks the event loop for seconds, which inside a job would hold up the lease renewals.
 */
export async function preloadConnectors(core: EngineCore): Promise<void> {
  const kinds = new Set(core.sources.list().map((source) => source.kind));
  for (const kind of kinds) await connectorFor(kind).preload?.();
}

export function fullLaneHandlers(
  core: EngineCore,
  options: { onPhase?: PhaseHook } = {},
): Record<string, JobHandler> {
  return {
    sync: async (job, ctx) => {
      const outcome = await runSourceSync({
        store: core.store,
        sources: core.sources,
        sourceName: parseJobPayload(job, syncJobPayloadSchema).source,
        jobId: job.id,
        guard: ctx.lease,
        signal: ctx.signal,
        onProgress: ctx.report,
        onPhase: options.onPhase,
      });
      // New accounts and identities: recompute the automatic links (manual decisions stay).
      if (outcome.status !== 'failed') new LinkingService(core.store).relink();
      return outcome;
    },
  };
}

export const fullLane: LaneDefinition = {
  kind: 'full',
  description: 'full syncs of a source, then relinking identities',
  handlers: (core, options) => fullLaneHandlers(core, options),
  prepare: preloadConnectors,
};
