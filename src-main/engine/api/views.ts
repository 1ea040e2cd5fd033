// Engine records as the UI sees them (the shapes in src-shared/api.ts): no secret, no internal bookkeeping.
import type { ArtifactSummary, ConnectorView, SourceView } from '../../../src-shared/api.ts';
import { errorClassSchema, type ErrorClass } from '../../../src-shared/connection-status.ts';
import { inputKindOf, type ConnectorDescription } from '../connectors/types.ts';
import type { ArtifactListing } from '../engine.ts';
import type { StoredArtifact } from '../evidence/artifact-reader.ts';
import type { SourceSummary } from '../sources/source-repository.ts';
import type { SyncOutcome } from '../sync/sync-progress.ts';

/** Stored error classes are free text in the database; anything unknown shows as no class. */
export function errorClassView(value: string | null): ErrorClass | null {
  const parsed = errorClassSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function sourceView(source: SourceSummary, liveRows: number): SourceView {
  return {
    id: source.id,
    name: source.name,
    kind: source.kind,
    config: source.config,
    status: source.status,
    errorClass: errorClassView(source.errorClass),
    message: source.message,
    nextStep: source.nextStep,
    lastTestedAt: source.lastTestedAt,
    lastSyncedAt: source.lastSyncedAt,
    lastSyncStatus: source.lastSyncStatus,
    credentialFingerprint: source.credentialFingerprint,
    credentialsRotatedAt: source.credentialsRotatedAt,
    credentialHealth: source.credentialHealth,
    rows: liveRows,
  };
}

export function connectorView(description: ConnectorDescription): ConnectorView {
  const field = (f: ConnectorDescription['configFields'][number]) => ({
    name: f.name,
    label: f.label,
    secret: f.secret,
    required: f.required,
    help: f.help,
    input: inputKindOf(f),
    ...(f.options ? { options: [...f.options] } : {}),
    ...(f.placeholder ? { placeholder: f.placeholder } : {}),
  });
  return {
    kind: description.kind,
    displayName: description.displayName,
    collects: [...description.collects],
    configFields: description.configFields.map(field),
    credentialFields: description.credentialFields.map(field),
    requiredScopes: [...description.requiredScopes],
    capabilities: { ...description.capabilities },
    role: description.role,
    datasets: (description.datasets ?? []).map((d) => ({
      kind: d.kind,
      entity: d.entity,
      title: d.title,
      label: d.label,
      populationNoun: d.populationNoun,
      columns: [...d.columns],
      keyColumns: [...d.keyColumns],
      permission: d.permission,
    })),
    statusVocabulary: { ...(description.statusVocabulary ?? {}) },
  };
}

export function artifactSummaryView(artifact: ArtifactListing | StoredArtifact): ArtifactSummary {
  return {
    id: artifact.id,
    kind: artifact.kind,
    source: 'source' in artifact ? artifact.source : artifact.sourceName,
    rowCount: artifact.rowCount,
    complete: artifact.complete,
    sha256: artifact.sha256,
    collectedAt: artifact.collectedAt,
  };
}

export type SyncOutcomeView = Omit<SyncOutcome, 'runId' | 'expiredRows'>;

export function syncOutcomeView(outcome: SyncOutcome): SyncOutcomeView {
  return {
    source: outcome.source,
    status: outcome.status,
    reason: outcome.reason,
    errorClass: outcome.errorClass,
    datasets: outcome.datasets.map((d) => ({
      dataset: d.dataset,
      rows: d.rows,
      pages: d.pages,
      reportedCount: d.reportedCount,
      complete: d.complete,
      reason: d.reason,
      artifactId: d.artifactId,
    })),
  };
}
