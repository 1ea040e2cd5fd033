// Runs one source's full sync: connector events → batched writes (each checking the lane's lease before it
// commits) → per-dataset bookkeeping → artifacts → mark and sweep, only when every dataset is complete.
import { and, eq } from 'drizzle-orm';
import { remedyForErrorClass } from '../../../src-shared/connection-status.ts';
import type { DatasetEntity } from '../../../src-shared/datasets.ts';
import { connectorFor } from '../connectors/registry.ts';
import type { Connector, DatasetEnd, DatasetStart } from '../connectors/types.ts';
import { writeDatasetArtifact } from '../evidence/artifact-writer.ts';
import { redactSecrets } from '../secrets/redact.ts';
import type { SourceRepository } from '../sources/source-repository.ts';
import type { Store } from '../store/db.ts';
import { IdentityGraphWriter } from '../store/identity-graph-writer.ts';
import { sources, syncDatasets, syncRuns } from '../store/schema.ts';
import { vouchVersion } from '../version.ts';
import type { SyncOutcome, SyncProgress } from './sync-progress.ts';

/** Proof that this process may still commit (the lane's lease); throws when it may not. */
export interface CommitGuard {
  assertHeld(): void;
}

export interface SourceSyncOptions {
  store: Store;
  sources: SourceRepository;
  sourceName: string;
  jobId: number | null;
  guard: CommitGuard;
  signal: AbortSignal;
  /** Defaults to the registered connector of the source's kind. */
  connector?: Connector;
  onProgress?: (progress: SyncProgress) => void;
}

interface DatasetState {
  start: DatasetStart;
  startedAt: string;
  rows: number;
  end: DatasetEnd | null;
  finishedAt: string | null;
}

const now = () => new Date().toISOString();

export async function runSourceSync(options: SourceSyncOptions): Promise<SyncOutcome> {
  const { store, guard } = options;
  const source = options.sources.get(options.sourceName);
  const connector = options.connector ?? connectorFor(source.kind);
  const { ctx, secrets } = options.sources.openContext(source.id, options.signal);
  const redact = (text: string) => redactSecrets(text, secrets);
  const writer = new IdentityGraphWriter(store.sqlite);
  const runStartedAt = now();

  const runId = store.sqlite.transaction(() => {
    guard.assertHeld();
    // A run this job started before its lane died is over: say so instead of leaving it "running".
    if (options.jobId !== null) {
      store.db
        .update(syncRuns)
        .set({
          status: 'abandoned',
          reason: 'The lane running it stopped before it finished.',
          finishedAt: runStartedAt,
        })
        .where(and(eq(syncRuns.jobId, options.jobId), eq(syncRuns.status, 'running')))
        .run();
    }
    return store.db
      .insert(syncRuns)
      .values({
        sourceId: source.id,
        jobId: options.jobId,
        status: 'running',
        credentialFingerprint: source.credentialFingerprint,
        startedAt: runStartedAt,
      })
      .returning({ id: syncRuns.id })
      .get().id;
  })();

  const datasets = new Map<string, DatasetState>();
  let streamFailure: string | null = null;
  try {
    for await (const event of connector.sync(ctx)) {
      options.signal.throwIfAborted();
      if (event.type === 'dataset_start') {
        const state: DatasetState = { start: event, startedAt: now(), rows: 0, end: null, finishedAt: null };
        datasets.set(event.dataset, state);
        store.sqlite.transaction(() => {
          guard.assertHeld();
          store.db
            .insert(syncDatasets)
            .values({
              runId,
              dataset: event.dataset,
              entity: event.entity,
              endpoint: event.endpoint,
              query: JSON.stringify(event.query),
              startedAt: state.startedAt,
            })
            .run();
        })();
      } else if (event.type === 'batch') {
        const state = datasets.get(event.dataset);
        if (!state || state.end)
          throw new Error(`Connector sent rows for ${event.dataset} outside its dataset.`);
        store.sqlite.transaction(() => {
          writer.writeBatch(event.entity, source.id, runId, event.records as never[], event.dataset);
          guard.assertHeld();
        })();
        state.rows += event.records.length;
        options.onProgress?.({
          source: source.name,
          dataset: event.dataset,
          rows: state.rows,
        });
      } else {
        const state = datasets.get(event.dataset);
        if (!state) throw new Error(`Connector ended ${event.dataset} before starting it.`);
        state.end = { ...event, reason: event.reason === null ? null : redact(event.reason) };
        state.finishedAt = now();
      }
    }
  } catch (error) {
    // A lost lease or a stop is not the provider's failure: nothing more may be committed.
    options.signal.throwIfAborted();
    guard.assertHeld();
    streamFailure = redact(error instanceof Error ? error.message : String(error));
  }

  // Counts the provider reports must match what was collected, or the population is not proven complete.
  for (const state of datasets.values()) {
    const end = state.end;
    if (end?.complete && end.reportedCount !== null && end.reportedCount !== state.rows) {
      state.end = {
        ...end,
        complete: false,
        reason: `Collected ${state.rows} rows but the provider reports ${end.reportedCount}.`,
      };
    }
  }

  const all = [...datasets.values()];
  const completeDatasets = all.filter((d) => d.end?.complete);
  const connectionFailure = all.find((d) => d.end?.errorClass)?.end ?? null;
  const everythingComplete = !streamFailure && all.length > 0 && completeDatasets.length === all.length;
  const nothingCollected = all.every((d) => d.rows === 0 && !d.end?.complete);
  const status: SyncOutcome['status'] = everythingComplete
    ? 'complete'
    : streamFailure || nothingCollected
      ? 'failed'
      : 'partial';
  const incomplete = all.filter((d) => !d.end?.complete);
  const reason =
    streamFailure ??
    (incomplete.length
      ? incomplete.map((d) => `${d.start.dataset}: ${d.end?.reason ?? 'did not finish'}`).join(' ')
      : null);

  const finishedAt = now();
  const artifactIds = new Map<string, string>();
  // A failed run collected nothing worth keeping; every partial or complete dataset becomes evidence.
  for (const state of status === 'failed' ? [] : all) {
    const artifact = await writeDatasetArtifact(store, {
      entity: state.start.entity as DatasetEntity,
      provenance: {
        source: { id: source.id, name: source.name, kind: source.kind },
        dataset: state.start.dataset,
        endpoints: state.end?.endpoints ?? [state.start.endpoint],
        query: state.start.query,
        pagesFetched: state.end?.pages ?? 0,
        providerReportedCount: state.end?.reportedCount ?? null,
        complete: state.end?.complete ?? false,
        partialReason: state.end?.complete
          ? null
          : (state.end?.reason ?? streamFailure ?? 'The sync stopped early.'),
        collectionStartedAt: state.startedAt,
        collectionFinishedAt: state.finishedAt ?? finishedAt,
        credentialFingerprint: source.credentialFingerprint,
        vouchVersion,
        syncRunId: runId,
      },
    });
    artifactIds.set(state.start.dataset, artifact.id);
  }

  let expiredRows = 0;
  store.sqlite.transaction(() => {
    guard.assertHeld();
    if (status === 'complete') {
      const entities = [...new Set(all.map((d) => d.start.entity as DatasetEntity))];
      expiredRows = writer.sweep(source.id, runId, entities, finishedAt);
    }
    for (const state of all) {
      store.db
        .update(syncDatasets)
        .set({
          pages: state.end?.pages ?? 0,
          rows: state.rows,
          reportedCount: state.end?.reportedCount ?? null,
          complete: state.end?.complete ?? false,
          reason: state.end?.complete ? null : (state.end?.reason ?? 'did not finish'),
          finishedAt: state.finishedAt ?? finishedAt,
          artifactId: artifactIds.get(state.start.dataset) ?? null,
        })
        .where(and(eq(syncDatasets.runId, runId), eq(syncDatasets.dataset, state.start.dataset)))
        .run();
    }
    store.db.update(syncRuns).set({ status, reason, finishedAt }).where(eq(syncRuns.id, runId)).run();
    store.db
      .update(sources)
      .set({
        lastSyncedAt: finishedAt,
        lastSyncStatus: status,
        ...(connectionFailure
          ? {
              status: 'failed' as const,
              errorClass: connectionFailure.errorClass,
              statusMessage: connectionFailure.reason,
              nextStep: connectionFailure.errorClass
                ? remedyForErrorClass[connectionFailure.errorClass]
                : null,
              lastTestedAt: finishedAt,
            }
          : status === 'complete'
            ? {
                status: 'connected' as const,
                errorClass: null,
                statusMessage: 'The last sync was complete.',
                nextStep: null,
              }
            : {}),
      })
      .where(eq(sources.id, source.id))
      .run();
  })();

  return {
    source: source.name,
    runId,
    status,
    reason,
    errorClass: connectionFailure?.errorClass ?? null,
    datasets: all.map((state) => ({
      dataset: state.start.dataset,
      rows: state.rows,
      pages: state.end?.pages ?? 0,
      reportedCount: state.end?.reportedCount ?? null,
      complete: state.end?.complete ?? false,
      reason: state.end?.complete ? null : (state.end?.reason ?? 'did not finish'),
      artifactId: artifactIds.get(state.start.dataset) ?? null,
    })),
    expiredRows,
  };
}
