// The engine side of the API contract (src-shared/api.ts): one handler per method, shared by every shell.
// Shells pass their platform pieces in ApiServices (how files reach the user, how lanes are started, how
// secrets are protected) and move calls with dispatchApiCall; nothing here knows about HTTP or IPC.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApiOutput, Settings } from '../../../src-shared/api.ts';
import { auditActor } from '../audit/audit-actor.ts';
import { connectorFor, connectorKinds } from '../connectors/registry.ts';
import type { Engine } from '../engine.ts';
import { VouchError } from '../errors.ts';
import type { StoredArtifact } from '../evidence/artifact-reader.ts';
import type { ProcessHost } from '../jobs/process-host.ts';
import type { ManagedLanes } from '../lanes/lane-manager.ts';
import { engineStatusView } from './engine-status-view.ts';
import { ArtifactRowsCache } from './artifact-rows-cache.ts';
import type { ApiHandlers } from './dispatch.ts';
import { ApiEventBus } from './event-bus.ts';
import { safeFileNamePart, withPrivateTempDir, type FileDelivery } from './file-delivery.ts';
import { knownConnector, normalizeSecrets, normalizeSourceConfig } from './source-input.ts';
import { SyncCoordinator } from './sync-coordinator.ts';
import { SourceSyncIntervals, parseSyncInterval } from '../scheduling/source-sync-interval.ts';
import { readUiSettings, updateUiSettings } from './ui-settings.ts';
import { artifactSummaryView, connectorView, errorClassView, sourceView } from './views.ts';
import { vouchVersion } from '../version.ts';
import { installRoot } from '../install-root.ts';

export { dispatchApiCall, isApiMethod, type ApiCallResult, type ApiHandlers } from './dispatch.ts';
export { ApiEventBus } from './event-bus.ts';
export type { FileDelivery } from './file-delivery.ts';

export interface KeyProtectionInfo {
  backend: string;
  weak: boolean;
  description: string;
}

export interface ApiServices {
  engine: Engine;
  delivery: FileDelivery;
  processHost: ProcessHost;
  shell: 'desktop' | 'browser';
  keyProtection: KeyProtectionInfo;
  /** Integration guides (markdown); default resources/guides of this installation. */
  guidesDir?: string;
  /**
   * The long-lived lanes of this process (a LaneManager), when it runs any: syncs asked for through the API
   * are run by them (no lane forked per request) and their health is in engine.status.
   */
  lanes?: ManagedLanes;
  /** Where exports and bundles are rendered before delivery; default the system temp directory. */
  tempDir?: string;
  log?: (line: string) => void;
}

export interface ApiRuntime {
  handlers: ApiHandlers;
  events: ApiEventBus;
  /** The syncs started through the API (and the scheduler); see SyncCoordinator. */
  syncs: SyncCoordinator;
  /** Called after settings.update, e.g. so the scheduler picks up a new interval at once. */
  onSettingsChanged(listener: (settings: Settings) => void): () => void;
  /** Starts no more syncs and waits (briefly) for the running one. The engine stays open: its owner closes it. */
  close(): Promise<void>;
}

const defaultGuidesDir = path.join(installRoot, 'resources', 'guides');

const fileExtensions = { csv: 'csv', xlsx: 'xlsx', pdf: 'pdf', json: 'json' } as const;

export class SourceBusyError extends VouchError {
  constructor(name: string) {
    super(
      'source_busy',
      `"${name}" is syncing right now.`,
      'Wait for the sync to finish (its progress is shown on the source), then try again.',
    );
  }
}

export function createApiHandlers(services: ApiServices): ApiRuntime {
  const { engine, delivery } = services;
  const log = services.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const events = new ApiEventBus(log);
  const syncs = new SyncCoordinator({
    engine,
    host: services.processHost,
    ...(services.lanes ? { lanes: services.lanes } : {}),
    events,
    log,
  });
  const rowsCache = new ArtifactRowsCache(2);
  const settingsListeners = new Set<(settings: Settings) => void>();
  const guidesDir = services.guidesDir ?? defaultGuidesDir;
  const sourcesChanged = () => events.emit({ type: 'sources.changed' });
  const accountsChanged = () => events.emit({ type: 'accounts.changed' });

  const notifySettingsChanged = (settings: Settings) => {
    for (const listener of [...settingsListeners]) {
      try {
        listener(settings);
      } catch (error) {
        log(`settings listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  const viewOf = (name: string) => {
    const source = engine.sources.get(name);
    return sourceView(source, engine.liveRowCounts().get(source.id) ?? 0);
  };

  const deliverRendered = async (
    fileName: string,
    render: (outPath: string) => Promise<unknown>,
  ): Promise<ApiOutput<'artifacts.export'>> =>
    withPrivateTempDir(services.tempDir, async (dir) => {
      const outPath = path.join(dir, fileName);
      await render(outPath);
      const delivered = await delivery.deliver(outPath, fileName);
      return { fileName, downloadUrl: delivered.downloadUrl, savedTo: delivered.savedTo };
    });

  const handlers: ApiHandlers = {
    'app.info': async () => ({
      version: vouchVersion,
      dataDir: engine.dataDir,
      shell: services.shell,
      keyProtection: { ...services.keyProtection },
    }),

    'connectors.list': async () =>
      connectorKinds().map((kind) => connectorView(connectorFor(kind).describe())),

    'connectors.guide': async ({ kind }) => {
      const { guideFile, displayName } = knownConnector(kind).describe();
      try {
        return { markdown: await readFile(path.join(guidesDir, path.basename(guideFile)), 'utf8') };
      } catch {
        throw new VouchError(
          'guide_missing',
          `The ${displayName} integration guide is missing from this installation.`,
          'Reinstall Vouch, or read the guide in the Vouch documentation.',
        );
      }
    },

    'sources.list': async () => {
      const rows = engine.liveRowCounts();
      return engine.sources.list().map((source) => sourceView(source, rows.get(source.id) ?? 0));
    },

    'sources.history': async ({ name }) => {
      const source = engine.sources.get(name);
      return engine.sources.connectionHistory(source.id).map((check) => ({
        status: check.status,
        errorClass: errorClassView(check.errorClass),
        message: check.message,
        checkedAt: check.checkedAt,
      }));
    },

    'sources.add': async ({ kind, name, config, secrets }) => {
      const connector = knownConnector(kind);
      const added = engine.sources.add({
        name,
        kind,
        config: normalizeSourceConfig(connector, config),
        secrets: normalizeSecrets(connector, secrets),
      });
      sourcesChanged();
      try {
        const status = await engine.testSource(added.name);
        return { source: viewOf(added.name), status };
      } finally {
        sourcesChanged();
      }
    },

    'sources.test': async ({ name }) => {
      try {
        return await engine.testSource(name);
      } finally {
        sourcesChanged();
      }
    },

    'sources.updateCredentials': async ({ name, secrets }) => {
      const connector = knownConnector(engine.sources.get(name).kind);
      engine.sources.updateCredentials(name, normalizeSecrets(connector, secrets));
      sourcesChanged();
      try {
        const status = await engine.testSource(name);
        return { source: viewOf(name), status };
      } finally {
        sourcesChanged();
      }
    },

    'sources.syncInterval': async ({ name }) =>
      new SourceSyncIntervals(engine).view(
        engine.sources.get(name).id,
        readUiSettings(engine).syncIntervalHours,
      ),

    'sources.setSyncInterval': async ({ name, every }) => {
      const source = engine.sources.get(name);
      const intervals = new SourceSyncIntervals(engine);
      intervals.set(source.id, parseSyncInterval(every));
      // The scheduler listens for settings changes: a source's interval is one, and it may now be due.
      notifySettingsChanged(readUiSettings(engine));
      return intervals.view(source.id, readUiSettings(engine).syncIntervalHours);
    },

    'sources.remove': async ({ name }) => {
      if (syncs.isSyncing(name)) throw new SourceBusyError(name);
      engine.sources.remove(name);
      sourcesChanged();
      return {};
    },

    'sync.start': async ({ names }) => ({ started: syncs.start(names) }),

    'artifacts.list': async () => engine.listArtifacts().map(artifactSummaryView),

    'artifacts.get': async ({ id }) => {
      const artifact = engine.getArtifact(id);
      return { summary: artifactSummaryView(artifact), provenance: { ...artifact.provenance } };
    },

    'artifacts.rows': async ({ id, offset, limit }) => {
      const { columns, rows } = await rowsCache.get(engine.getArtifact(id));
      return { columns, total: rows.length, rows: rows.slice(offset, offset + limit) };
    },

    'artifacts.export': async ({ id, format }) => {
      const artifact = engine.getArtifact(id);
      return deliverRendered(exportFileName(artifact, fileExtensions[format]), (outPath) =>
        engine.exportArtifact(id, format, outPath),
      );
    },

    'bundles.create': async ({ ids, formats }) => {
      const stamp = new Date().toISOString().replace(/[:.]/g, '').replace('T', '-').slice(0, 15);
      return deliverRendered(`vouch-evidence-${stamp}.zip`, (outPath) =>
        engine.createBundle({
          artifactIds: ids,
          formats,
          outPath,
          actor: auditActor(services.shell === 'desktop' ? 'desktop' : 'serve'),
        }),
      );
    },

    'accounts.needsAnchor': async ({ sourceName }) => {
      if (sourceName !== undefined) engine.sources.get(sourceName);
      return engine.linking.needsAnchor(sourceName);
    },

    'accounts.link': async ({ accountId, identityId }) => {
      engine.linking.link(accountId, identityId, engine.actor);
      accountsChanged();
      return {};
    },

    'accounts.unlink': async ({ accountId }) => {
      engine.linking.unlink(accountId, engine.actor);
      accountsChanged();
      return {};
    },

    'accounts.mark': async ({ accountId, mark, reason }) => {
      engine.linking.mark(accountId, mark, reason, engine.actor);
      accountsChanged();
      return {};
    },

    'identities.get': async ({ identityId }) => engine.linking.identity(identityId),

    'identities.primary': async () => engine.linking.primary(),

    'identities.setPrimary': async ({ sourceName }) => {
      engine.linking.setPrimary(sourceName);
      accountsChanged();
      return engine.linking.primary();
    },

    'settings.get': async () => readUiSettings(engine),

    'engine.status': async () => engineStatusView(engine.jobs, services.lanes?.health() ?? []),

    'jobs.retry': async ({ id }) => engine.jobs.retry(id),

    'settings.update': async (patch) => {
      const settings = updateUiSettings(engine, patch);
      notifySettingsChanged(settings);
      return settings;
    },
  };

  return {
    handlers,
    events,
    syncs,
    onSettingsChanged: (listener) => {
      settingsListeners.add(listener);
      return () => settingsListeners.delete(listener);
    },
    close: () => syncs.shutdown(),
  };
}

function exportFileName(artifact: StoredArtifact, extension: string): string {
  const day = artifact.collectedAt.slice(0, 10);
  return `${safeFileNamePart(artifact.sourceName)}_${safeFileNamePart(artifact.kind)}_${day}_${artifact.id}.${extension}`;
}
