// The engine's front door for the shells (CLI now; the desktop and browser shells later): sources,
// connection tests, syncs through lane processes, artifacts and exports.
import { desc } from 'drizzle-orm';
import type { ConnectionStatus } from '../../src-shared/connection-status.ts';
import { connectorFor } from './connectors/registry.ts';
import { openEngineCore, type EngineCore } from './engine-core.ts';
import { getArtifact } from './evidence/artifact-reader.ts';
import { createDiff } from './evidence/diff.ts';
import { createSample } from './evidence/sample.ts';
import { exportArtifact, type ExportFormat, type ExportOptions } from './exports/export-artifact.ts';
import { JobQueue } from './jobs/job-queue.ts';
import type { LaneProcess, ProcessHost } from './jobs/process-host.ts';
import { superviseFullLane } from './lanes/lane-supervisor.ts';
import type { KeyWrapper } from './secrets/key-wrapper.ts';
import { redactSecrets } from './secrets/redact.ts';
import type { SourceRepository, SourceSummary } from './sources/source-repository.ts';
import { artifacts } from './store/schema.ts';
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
}

const connectionTestTimeoutMs = 60_000;

export class Engine {
  private constructor(
    private readonly core: EngineCore,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static open(dataDir: string, env: NodeJS.ProcessEnv = process.env, keyWrapper?: KeyWrapper): Engine {
    return new Engine(openEngineCore(dataDir, env, keyWrapper), env);
  }

  get sources(): SourceRepository {
    return this.core.sources;
  }

  get dataDir(): string {
    return this.core.store.dataDir;
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
    const jobs = targets.map((source) => ({
      source,
      jobId: queue.enqueue('sync', { source: source.name }, { maxAttempts: 3 }),
    }));
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
    return jobs.map(({ source, jobId }) => {
      const job = queue.get(jobId, syncOutcomeSchema);
      if (job?.status === 'succeeded' && job.result) return job.result;
      return {
        source: source.name,
        runId: 0,
        status: 'failed',
        reason: job?.lastError ?? 'The sync did not run.',
        errorClass: null,
        datasets: [],
        expiredRows: 0,
      } satisfies SyncOutcome;
    });
  }

  listArtifacts(): ArtifactListing[] {
    return this.core.store.db
      .select()
      .from(artifacts)
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
      }));
  }

  async exportArtifact(
    id: string,
    format: ExportFormat,
    outPath: string,
    options: ExportOptions = {},
  ): Promise<number> {
    return exportArtifact(getArtifact(this.core.store, id), format, outPath, options);
  }

  createSample(artifactId: string, size: number, seed?: string) {
    return createSample(this.core.store, { artifactId, size, ...(seed === undefined ? {} : { seed }) });
  }

  createDiff(fromId: string, toId: string) {
    return createDiff(this.core.store, fromId, toId);
  }

  close(): void {
    this.core.close();
  }
}
