// Runs one source's full sync: connector events → batched writes (each checking the lane's lease before it
// commits) → per-dataset bookkeeping → artifact files → one commit (artifacts, sweep, run status).
//
// Run membership: the rows of a run are those stamped with its id (last_seen_run). Only one run of a source
// can stamp at a time: its job holds the source's lock (JobQueue.claim), and every write transaction checks
// the lease before committing, so a run that lost its lease (paused, killed) can no longer write, and its
// successor starts only after that. The final commit checks the lease once more and that every artifact holds
// exactly the rows the run collected, so a snapshot another writer disturbed is never recorded as complete.
import { and, eq } from 'drizzle-orm';
import { remedyForErrorClass } from '../../../src-shared/connection-status.ts';
import type { DatasetEntity } from '../../../src-shared/datasets.ts';
import { connectorFor } from '../connectors/registry.ts';
import type { Connector, DatasetEnd, DatasetStart } from '../connectors/types.ts';
import {
  prepareDatasetArtifact,
  recordArtifact,
  type PreparedArtifact,
} from '../evidence/artifact-writer.ts';
import { LeaseLostError } from '../jobs/job-queue.ts';
import { redactSecrets } from '../secrets/redact.ts';
import type { SourceRepository } from '../sources/source-repository.ts';
import type { Store } from '../store/db.ts';
import { IdentityGraphWriter } from '../store/identity-graph-writer.ts';
import { sources, syncDatasets, syncRuns } from '../store/schema.ts';
import { vouchVersion } from '../version.ts';
import type { PhaseHook } from './phase-hook.ts';
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
  /** Test-only fault injection (phase-hook.ts); undefined in production. */
  onPhase?: PhaseHook;
}

interface DatasetState {
  start: DatasetStart;
  startedAt: string;
  rows: number;
  end: DatasetEnd | null;
  finishedAt: string | null;
}

const now = () => new Date().toISOString();

/** complete only when every dataset is; failed when the stream broke or nothing at all came back. */
function summarize(
  all: DatasetState[],
  streamFailure: string | null,
): { status: SyncOutcome['status']; reason: string | null } {
  const everythingComplete = !streamFailure && all.length > 0 && all.every((d) => d.end?.complete);
  const nothingCollected = all.every((d) => d.rows === 0 && !d.end?.complete);
  const status = everythingComplete ? 'complete' : streamFailure || nothingCollected ? 'failed' : 'partial';
  const incomplete = all.filter((d) => !d.end?.complete);
  const reason =
    streamFailure ??
    (incomplete.length
      ? incomplete.map((d) => `${d.start.dataset}: ${d.end?.reason ?? 'did not finish'}`).join(' ')
      : null);
  return { status, reason };
}

/** Writes in IMMEDIATE transactions: a second process waits on busy_timeout instead of failing at once. */
function immediate<T>(store: Store, write: () => T): T {
  return store.sqlite.transaction(write).immediate();
}

export async function runSourceSync(options: SourceSyncOptions): Promise<SyncOutcome> {
  const runId = startRun(options);
  try {
    return await collect(options, runId);
  } catch (error) {
    // Whatever stopped this run (lost lease, stop request, crash of the connector), it committed no evidence
    // and must not stay "running". Only its own run row is touched, so this needs no lease.
    const reason =
      error instanceof LeaseLostError || options.signal.reason instanceof LeaseLostError
        ? 'This sync lost its lease (its lane was paused or too slow to renew it) and another lane took over; nothing it collected after that was committed.'
        : `The sync stopped before it finished: ${error instanceof Error ? error.message : String(error)}`;
    try {
      immediate(options.store, () =>
        options.store.db
          .update(syncRuns)
          .set({ status: 'abandoned', reason, finishedAt: now() })
          .where(and(eq(syncRuns.id, runId), eq(syncRuns.status, 'running')))
          .run(),
      );
    } catch {
      // The database is unusable; whoever takes the source over next marks this run abandoned.
    }
    throw error;
  }
}

function startRun(options: SourceSyncOptions): number {
  const { store, guard } = options;
  const source = options.sources.get(options.sourceName);
  const runStartedAt = now();
  return immediate(store, () => {
    guard.assertHeld();
    // This job holds the source's lock, so any other run of the source still "running" is over: its lane died,
    // or lost its lease and can commit nothing more. Say so instead of leaving it "running".
    store.db
      .update(syncRuns)
      .set({
        status: 'abandoned',
        reason:
          'The lane running it stopped or lost its lease before it finished; a later sync of the source took over.',
        finishedAt: runStartedAt,
      })
      .where(and(eq(syncRuns.sourceId, source.id), eq(syncRuns.status, 'running')))
      .run();
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
  });
}

async function collect(options: SourceSyncOptions, runId: number): Promise<SyncOutcome> {
  const { store, guard } = options;
  const onPhase = options.onPhase ?? (() => {});
  const source = options.sources.get(options.sourceName);
  const connector = options.connector ?? connectorFor(source.kind);
  const { ctx, secrets } = options.sources.openContext(source.id, options.signal);
  const redact = (text: string) => redactSecrets(text, secrets);
  const writer = new IdentityGraphWriter(store.sqlite);
  const datasets = new Map<string, DatasetState>();
  let streamFailure: string | null = null;
  try {
    for await (const event of connector.sync(ctx)) {
      options.signal.throwIfAborted();
      if (event.type === 'dataset_start') {
        const state: DatasetState = { start: event, startedAt: now(), rows: 0, end: null, finishedAt: null };
        datasets.set(event.dataset, state);
        immediate(store, () => {
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
        });
        onPhase('listing');
      } else if (event.type === 'batch') {
        const state = datasets.get(event.dataset);
        if (!state || state.end)
          throw new Error(`Connector sent rows for ${event.dataset} outside its dataset.`);
        immediate(store, () => {
          writer.writeBatch(event.entity, source.id, runId, event.records as never[], event.dataset);
          guard.assertHeld();
        });
        state.rows += event.records.length;
        onPhase('writing_rows');
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
  const connectionFailure = all.find((d) => d.end?.errorClass)?.end ?? null;
  const finishedAt = now();
  const provenanceOf = (state: DatasetState) => ({
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
  });

  // Files first (outside any transaction: they are big and nothing lists them until they are recorded).
  // A failed run collected nothing worth keeping; every partial or complete dataset becomes evidence.
  const prepared = new Map<DatasetState, PreparedArtifact>();
  for (const state of summarize(all, streamFailure).status === 'failed' ? [] : all) {
    options.signal.throwIfAborted();
    prepared.set(
      state,
      await prepareDatasetArtifact(store, {
        entity: state.start.entity as DatasetEntity,
        provenance: provenanceOf(state),
      }),
    );
    onPhase('writing_artifacts');
  }
  // A snapshot holds the rows stamped with this run. Had anything else written the source's rows meanwhile
  // (the lock and the lease checks say it cannot), the counts would differ: never call such a file complete.
  for (const [state, artifact] of prepared) {
    if (state.end?.complete && artifact.file.rowCount !== state.rows) {
      const why = `The snapshot holds ${artifact.file.rowCount} rows but the sync collected ${state.rows}.`;
      state.end = { ...state.end, complete: false, reason: why };
      artifact.provenance = { ...artifact.provenance, complete: false, partialReason: why };
    }
  }
  const { status, reason } = summarize(all, streamFailure);

  // One commit: the artifacts, the sweep and the run's status together, under the lease, so a run that lost
  // its lease (or dies here) leaves no artifact listed and nothing expired.
  const artifactIds = new Map<string, string>();
  let expiredRows = 0;
  immediate(store, () => {
    for (const [state, artifact] of prepared) {
      artifactIds.set(state.start.dataset, recordArtifact(store, artifact.provenance, artifact.file).id);
    }
    if (status === 'complete') {
      const entities = [...new Set(all.map((d) => d.start.entity as DatasetEntity))];
      expiredRows = writer.sweep(source.id, runId, entities, finishedAt);
      onPhase('sweeping');
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
    // Last, right before the commit: the write lock is held, so the lease cannot be taken over in between.
    guard.assertHeld();
  });

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
