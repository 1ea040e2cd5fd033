// The engine's front door for the shells (CLI now; the desktop and browser shells later): sources,
// connection tests, syncs through lane processes, artifacts and exports.
import path from 'node:path';
import { desc, eq, sql } from 'drizzle-orm';
import type { ConnectionStatus } from '../../src-shared/connection-status.ts';
import type { BundleRequest, BundleResult } from './bundles/create-bundle.ts';
import { connectorFor } from './connectors/registry.ts';
import { openEngineCore, type EngineCore } from './engine-core.ts';
import { getArtifact, type StoredArtifact } from './evidence/artifact-reader.ts';
import { createDiff } from './evidence/diff.ts';
import { createSample } from './evidence/sample.ts';
import { LinkingService } from './linking/linking-service.ts';
import { exportArtifact, type ExportFormat, type ExportOptions } from './exports/export-artifact.ts';
import { JobQueue } from './jobs/job-queue.ts';
import type { LaneProcess, ProcessHost } from './jobs/process-host.ts';
import { superviseFullLane } from './lanes/lane-supervisor.ts';
import { syncLockKey } from './lanes/sync-job.ts';
import type { KeyWrapper } from './secrets/key-wrapper.ts';
import { redactSecrets } from './secrets/redact.ts';
import type { SourceRepository, SourceSummary } from './sources/source-repository.ts';
import { artifacts, settings } from './store/schema.ts';
import { entityTables } from './store/entity-tables.ts';
import {
  syncOutcomeSchema,
  syncProgressSchema,
  type SyncOutcome,
  type SyncProgress,
} from './sync/sync-progress.ts';

export interface ArtifactListing {
  id: string;
  kind: string;
  source: string;
  rowCount: number;
  complete: boolean;
  sha256: string;
  collectedAt: string;
}

export interface SyncRequest {
  names: string[];
  host: ProcessHost;
  onProgress?: (progress: SyncProgress) => void;
  onLaneStarted?: (lane: LaneProcess) => void;
  /** A source was already syncing (another process, the scheduler): this request waits for that sync. */
  onJoined?: (source: string) => void;
}

const connectionTestTimeoutMs = 60_000;

/** The identity-graph tables whose rows belong to one source and expire by mark and sweep. */
const identityGraphTables = Object.values(entityTables).map((entity) => entity.table);
const liveRowCountsSql =
  `SELECT source_id AS sourceId, SUM(n) AS rows FROM (` +
  identityGraphTables
    .map(
      (table) => `SELECT source_id, COUNT(*) AS n FROM ${table} WHERE expired_at IS NULL GROUP BY source_id`,
    )
    .join(' UNION ALL ') +
  `) GROUP BY source_id`;

export class Engine {
  private constructor(
    private readonly core: EngineCore,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** `actor` is who the audit log says acted, e.g. auditActor('serve'); the CLI's by default. */
  static open(
    dataDir: string,
    env: NodeJS.ProcessEnv = process.env,
    keyWrapper?: KeyWrapper,
    actor?: string,
  ): Engine {
    return new Engine(openEngineCore(dataDir, env, keyWrapper, actor), env);
  }

  get sources(): SourceRepository {
    return this.core.sources;
  }

  get linking(): LinkingService {
    return new LinkingService(this.core.store);
  }

  /** Who this engine acts as in the audit log and in linking decisions, e.g. `serve:alice`. */
  get actor(): string {
    return this.core.actor;
  }

  get dataDir(): string {
    return this.core.store.dataDir;
  }

  /** The job queue of this store (vouch jobs, Settings → Engine). */
  get jobs(): JobQueue {
    return new JobQueue(this.core.store.sqlite);
  }

  async testSource(name: string): Promise<ConnectionStatus> {
    const source = this.sources.get(name);
    const { ctx, secrets } = this.sources.openContext(
      source.id,
      AbortSignal.timeout(connectionTestTimeoutMs),
    );
    const status = await connectorFor(source.kind).test(ctx);
    const safe: ConnectionStatus = {
      ...status,
      message: redactSecrets(status.message, secrets),
      nextStep: status.nextStep === null ? null : redactSecrets(status.nextStep, secrets),
    };
    this.sources.recordConnectionStatus(source.id, safe);
    return safe;
  }

  /** Syncs the named sources (all when none are named) in a lane process; resolves with one outcome each. */
  async sync(request: SyncRequest): Promise<SyncOutcome[]> {
    const targets: SourceSummary[] = request.names.length
      ? request.names.map((name) => this.sources.get(name))
      : this.sources.list();
    const queue = new JobQueue(this.core.store.sqlite);
    // One sync of a source at a time, across processes: a source already queued or syncing is joined, and
    // this request reports that sync's outcome.
    const jobs = targets.map((source) => {
      const job = queue.enqueueOrJoin(
        'sync',
        { source: source.name },
        { maxAttempts: 3, lockKey: syncLockKey(source.name) },
      );
      if (job.joined) request.onJoined?.(source.name);
      return { source, jobId: job.id, joined: job.joined };
    });
    await superviseFullLane({
      host: request.host,
      queue,
      dataDir: this.dataDir,
      jobIds: jobs.map((job) => job.jobId),
      env: this.env,
      onLaneStarted: request.onLaneStarted,
      onProgress: (_jobId, progress) => {
        const parsed = syncProgressSchema.safeParse(progress);
        if (parsed.success) request.onProgress?.(parsed.data);
      },
    });
    const outcomes = jobs.map(({ source, jobId, joined }): SyncOutcome => {
      const job = queue.get(jobId, syncOutcomeSchema);
      if (job?.status === 'succeeded' && job.result) return joined ? { ...job.result, joined } : job.result;
      return {
        source: source.name,
        runId: 0,
        status: 'failed',
        reason: job?.lastError ?? 'The sync did not run.',
        errorClass: null,
        datasets: [],
        expiredRows: 0,
        ...(joined ? { joined } : {}),
      };
    });
    for (const outcome of outcomes) {
      this.core.audit('sync_completed', outcome.source, {
        status: outcome.status,
        runId: outcome.runId,
        errorClass: outcome.errorClass,
        artifacts: outcome.datasets.flatMap((d) => (d.artifactId ? [d.artifactId] : [])),
        rows: outcome.datasets.reduce((sum, d) => sum + d.rows, 0),
      });
    }
    return outcomes;
  }

  listArtifacts(): ArtifactListing[] {
    return (
      this.core.store.db
        .select()
        .from(artifacts)
        // Never evidence: artifacts of runs that did not finish. Runs commit their artifacts with their final
        // status, so only stores written by older versions (which recorded them earlier) can hold such rows.
        .where(
          sql`${artifacts.runId} IS NULL OR ${artifacts.runId} NOT IN
          (SELECT id FROM sync_runs WHERE status IN ('running', 'abandoned'))`,
        )
        .orderBy(desc(artifacts.collectedFinishedAt), artifacts.kind)
        .all()
        .map((row) => ({
          id: row.id,
          kind: row.kind,
          source: row.sourceName,
          rowCount: row.rowCount,
          complete: row.complete,
          sha256: row.sha256,
          collectedAt: row.collectedFinishedAt,
        }))
    );
  }

  async exportArtifact(
    id: string,
    format: ExportFormat,
    outPath: string,
    options: ExportOptions = {},
  ): Promise<number> {
    const artifact = getArtifact(this.core.store, id);
    const rows = await exportArtifact(artifact, format, outPath, options);
    this.core.audit('artifact_exported', id, {
      format,
      rows,
      sha256: artifact.sha256,
      file: path.basename(outPath),
    });
    return rows;
  }

  async createSample(artifactId: string, size: number, seed?: string) {
    const sample = await createSample(this.core.store, {
      artifactId,
      size,
      ...(seed === undefined ? {} : { seed }),
    });
    this.core.audit('sample_created', sample.id, {
      parent: artifactId,
      size,
      seed: sample.seed,
      sha256: sample.sha256,
    });
    return sample;
  }

  async createDiff(fromId: string, toId: string) {
    const diff = await createDiff(this.core.store, fromId, toId);
    this.core.audit('diff_created', diff.id, {
      from: fromId,
      to: toId,
      added: diff.added,
      removed: diff.removed,
      changed: diff.changed,
    });
    return diff;
  }

  getArtifact(id: string): StoredArtifact {
    return getArtifact(this.core.store, id);
  }

  async createBundle(request: BundleRequest): Promise<BundleResult> {
    // Loaded on demand, with the zip writer and every export format it renders.
    const { createBundle } = await import('./bundles/create-bundle.ts');
    return createBundle(this.core, request);
  }

  /** Live (not expired) identity-graph rows per source id, in one grouped query. */
  liveRowCounts(): Map<string, number> {
    const rows = this.core.store.sqlite.prepare(liveRowCountsSql).all() as {
      sourceId: string;
      rows: number;
    }[];
    return new Map(rows.map((row) => [row.sourceId, Number(row.rows)]));
  }

  /** An installation-wide setting (the `settings` table), or null when unset. */
  getSetting(key: string): string | null {
    const row = this.core.store.db.select().from(settings).where(eq(settings.key, key)).get();
    return row?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.core.store.db
      .insert(settings)
      .values({ key, value })
      .onConflictDoUpdate({ target: settings.key, set: { value } })
      .run();
  }

  close(): void {
    this.core.close();
  }
}
