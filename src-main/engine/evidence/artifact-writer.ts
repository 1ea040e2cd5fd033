// Snapshots the rows one sync run collected for a dataset into an immutable, content-addressed artifact:
// canonical JSONL hashed with SHA-256, stored gzip-compressed in the data directory.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import type { DatasetEntity } from '../../../src-shared/datasets.ts';
import type { Store } from '../store/db.ts';
import { entityTables } from '../store/entity-tables.ts';
import { artifacts } from '../store/schema.ts';
import type { Provenance } from './provenance.ts';

const pageSize = 5_000;

export interface ArtifactRequest {
  entity: DatasetEntity;
  provenance: Omit<Provenance, 'sha256' | 'columns' | 'rowsCollected' | 'canonicalForm'>;
}

export interface WrittenArtifact {
  id: string;
  sha256: string;
  rowCount: number;
}

export function artifactsDir(dataDir: string): string {
  return path.join(dataDir, 'artifacts');
}

/** Rows of `entity` that `runId` saw, in natural-key order, a page at a time (no statement stays open). */
function* runRows(store: Store, entity: DatasetEntity, sourceId: string, runId: number) {
  const { table, keyColumns } = entityTables[entity];
  const keys = keyColumns.join(', ');
  const first = store.sqlite.prepare(
    `SELECT * FROM ${table} WHERE source_id = ? AND last_seen_run = ? ORDER BY ${keys} LIMIT ${pageSize}`,
  );
  const after = store.sqlite.prepare(
    `SELECT * FROM ${table} WHERE source_id = ? AND last_seen_run = ? AND (${keys}) > (${keyColumns.map(() => '?').join(', ')}) ORDER BY ${keys} LIMIT ${pageSize}`,
  );
  let page = first.all(sourceId, runId) as Record<string, unknown>[];
  while (page.length > 0) {
    yield page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1] as Record<string, unknown>;
    page = after.all(sourceId, runId, ...keyColumns.map((column) => last[column])) as Record<
      string,
      unknown
    >[];
  }
}

export async function writeDatasetArtifact(store: Store, request: ArtifactRequest): Promise<WrittenArtifact> {
  const dir = artifactsDir(store.dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tempPath = path.join(dir, `.tmp-${randomUUID()}`);
  const gzip = createGzip();
  const file = createWriteStream(tempPath, { mode: 0o600 });
  gzip.pipe(file);
  const hash = createHash('sha256');
  const table = entityTables[request.entity];
  let rowCount = 0;
  let columns: string[] | null = null;
  try {
    for (const page of runRows(
      store,
      request.entity,
      request.provenance.source.id,
      request.provenance.syncRunId,
    )) {
      let chunk = '';
      for (const stored of page) {
        const row = table.toArtifactRow(stored);
        columns ??= Object.keys(row);
        chunk += `${JSON.stringify(row)}\n`;
        rowCount++;
      }
      hash.update(chunk);
      if (!gzip.write(chunk)) await once(gzip, 'drain');
    }
    gzip.end();
    await once(file, 'close');
  } catch (error) {
    gzip.destroy();
    file.destroy();
    rmSync(tempPath, { force: true });
    throw error;
  }
  const sha256 = hash.digest('hex');
  const contentPath = path.join('artifacts', `${sha256}.jsonl.gz`);
  // Content-addressed: the same rows collected twice share one file.
  if (existsSync(path.join(store.dataDir, contentPath))) rmSync(tempPath);
  else renameSync(tempPath, path.join(store.dataDir, contentPath));

  const id = `art_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const provenance: Provenance = {
    ...request.provenance,
    rowsCollected: rowCount,
    columns: columns ?? Object.keys(table.toArtifactRow({})),
    canonicalForm: 'jsonl-v1',
    sha256,
  };
  store.db
    .insert(artifacts)
    .values({
      id,
      kind: provenance.dataset,
      sourceId: provenance.source.id,
      sourceName: provenance.source.name,
      sourceKind: provenance.source.kind,
      runId: provenance.syncRunId,
      rowCount,
      complete: provenance.complete,
      partialReason: provenance.partialReason,
      provenance: JSON.stringify(provenance),
      sha256,
      contentPath,
      collectedStartedAt: provenance.collectionStartedAt,
      collectedFinishedAt: provenance.collectionFinishedAt,
    })
    .run();
  return { id, sha256, rowCount };
}
