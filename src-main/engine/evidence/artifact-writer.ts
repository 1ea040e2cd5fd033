// Writes immutable, content-addressed artifacts: canonical JSONL (one object per line, columns in order)
// hashed with SHA-256, stored gzip-compressed in the data directory, provenance in the artifacts table.
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

type Row = Record<string, unknown>;

export interface WrittenArtifact {
  id: string;
  sha256: string;
  rowCount: number;
}

/** Everything about an artifact except what writing its rows determines. */
export type ProvenanceDraft = Omit<Provenance, 'sha256' | 'rowsCollected' | 'canonicalForm'>;

export function artifactsDir(dataDir: string): string {
  return path.join(dataDir, 'artifacts');
}

/**
 * Writes `pages` of rows (already in canonical order, each row's keys in `provenance.columns` order) as a
 * new artifact. Memory stays flat: rows are hashed and compressed a page at a time.
 */
export async function writeArtifact(
  store: Store,
  provenanceDraft: ProvenanceDraft,
  pages: Iterable<Row[]> | AsyncIterable<Row[]>,
): Promise<WrittenArtifact> {
  const dir = artifactsDir(store.dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tempPath = path.join(dir, `.tmp-${randomUUID()}`);
  const gzip = createGzip();
  const file = createWriteStream(tempPath, { mode: 0o600 });
  gzip.pipe(file);
  const hash = createHash('sha256');
  const columns = provenanceDraft.columns;
  let rowCount = 0;
  try {
    for await (const page of pages) {
      let chunk = '';
      for (const row of page) {
        const ordered: Row = {};
        for (const column of columns) ordered[column] = row[column] ?? null;
        chunk += `${JSON.stringify(ordered)}\n`;
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
    ...provenanceDraft,
    rowsCollected: rowCount,
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
      derivedFrom: provenance.derivation
        ? JSON.stringify(provenance.derivation.parents.map((p) => p.id))
        : null,
    })
    .run();
  return { id, sha256, rowCount };
}

/**
 * Rows of `dataset` that `runId` saw, in natural-key order, a page at a time (no statement stays open).
 * Several datasets may share the entity's table (GitHub members and outside collaborators are accounts).
 */
function* runRows(
  store: Store,
  entity: DatasetEntity,
  sourceId: string,
  runId: number,
  dataset: string,
): Generator<Row[]> {
  const table = entityTables[entity];
  const keys = table.keyColumns.join(', ');
  const where = `source_id = ? AND last_seen_run = ? AND dataset = ?`;
  const first = store.sqlite.prepare(
    `SELECT * FROM ${table.table} WHERE ${where} ORDER BY ${keys} LIMIT ${pageSize}`,
  );
  const after = store.sqlite.prepare(
    `SELECT * FROM ${table.table} WHERE ${where} AND (${keys}) > (${table.keyColumns.map(() => '?').join(', ')}) ` +
      `ORDER BY ${keys} LIMIT ${pageSize}`,
  );
  let page = first.all(sourceId, runId, dataset) as Row[];
  while (page.length > 0) {
    yield page.map((stored) => table.toArtifactRow(stored));
    if (page.length < pageSize) return;
    const last = page[page.length - 1] as Row;
    page = after.all(sourceId, runId, dataset, ...table.keyColumns.map((column) => last[column])) as Row[];
  }
}

export interface DatasetArtifactRequest {
  entity: DatasetEntity;
  provenance: Omit<ProvenanceDraft, 'columns' | 'keyColumns'>;
}

/** Snapshots the rows one sync run collected for a dataset. */
export function writeDatasetArtifact(
  store: Store,
  request: DatasetArtifactRequest,
): Promise<WrittenArtifact> {
  const table = entityTables[request.entity];
  const { id: sourceId } = request.provenance.source;
  const rows = runRows(
    store,
    request.entity,
    sourceId,
    request.provenance.syncRunId,
    request.provenance.dataset,
  );
  const firstPage = rows.next();
  // Columns come from the rows themselves (accounts carry connector-specific attributes).
  const sample = firstPage.done ? table.toArtifactRow({}) : (firstPage.value[0] ?? table.toArtifactRow({}));
  const pages = firstPage.done
    ? []
    : (function* () {
        yield firstPage.value;
        for (let next = rows.next(); !next.done; next = rows.next()) yield next.value;
      })();
  return writeArtifact(
    store,
    { ...request.provenance, columns: Object.keys(sample), keyColumns: table.artifactKeyColumns },
    pages,
  );
}
