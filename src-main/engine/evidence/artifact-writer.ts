// Writes immutable, content-addressed artifacts: canonical JSONL (one object per line, columns in order)
// hashed with SHA-256, stored gzip-compressed in the data directory, provenance in the artifacts table.
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants as zlibConstants, createGunzip, createGzip } from 'node:zlib';
import type { DatasetEntity } from '../../../src-shared/datasets.ts';
import type { Store } from '../store/db.ts';
import { undeclaredDataset } from '../connectors/dataset-declaration.ts';
import { datasetDeclaration } from '../connectors/registry.ts';
import { entityColumns, entityTables, extraAttributesColumn } from '../store/entity-tables.ts';
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

/** An artifact's content, durably in place under its hash, not yet recorded in the artifacts table. */
export interface ArtifactFile {
  sha256: string;
  rowCount: number;
  /** Relative to the data directory. */
  contentPath: string;
}

export function artifactsDir(dataDir: string): string {
  return path.join(dataDir, 'artifacts');
}

/** Temp files carry the writer's pid, so a cleanup can tell a dead writer's leftovers from a live one's. */
const tempPrefix = '.tmp-';
const tempName = () => `${tempPrefix}p${process.pid}-${randomUUID()}`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp files that writers which are no longer running left behind (a lane killed mid-write). Files
 * of live processes stay: another lane may be writing its artifact right now. Returns how many it removed.
 */
export function cleanTempFiles(dataDir: string): number {
  const dir = artifactsDir(dataDir);
  if (!existsSync(dir)) return 0;
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(tempPrefix)) continue;
    const pid = /^\.tmp-p(\d+)-/.exec(name)?.[1];
    // Names without a pid come from older versions, whose writers are gone by now.
    if (pid !== undefined && (Number(pid) === process.pid || isAlive(Number(pid)))) continue;
    rmSync(path.join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

function fsyncPath(target: string, flags: 'r' | 'r+'): void {
  const fd = openSync(target, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Directories cannot be opened for fsync on Windows; there the rename is as durable as NTFS makes it. */
function fsyncDir(dir: string): void {
  if (process.platform !== 'win32') fsyncPath(dir, 'r');
}

/** SHA-256 of a stored artifact's canonical (uncompressed) content, or null when it cannot be read. */
async function storedContentHash(file: string): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(file), createGunzip(), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) hash.update(chunk);
    });
  } catch {
    return null;
  }
  return hash.digest('hex');
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
  const file = await writeArtifactFile(store.dataDir, provenanceDraft.columns, pages);
  return recordArtifact(store, provenanceDraft, file);
}

/**
 * Writes the content file of an artifact: to a temp file, fsynced, then renamed to its hash and the directory
 * fsynced, so a crash leaves either no file or the whole file. The caller records it (recordArtifact),
 * typically in the transaction that commits the run it belongs to.
 */
export async function writeArtifactFile(
  dataDir: string,
  columns: string[],
  pages: Iterable<Row[]> | AsyncIterable<Row[]>,
): Promise<ArtifactFile> {
  const dir = artifactsDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tempPath = path.join(dir, tempName());
  // The fastest level: the hash covers the canonical content, not the compressed bytes, so the level changes
  // only the file's size (about 10% larger than the default level on account rows) for half the CPU.
  const gzip = createGzip({ level: zlibConstants.Z_BEST_SPEED });
  const file = createWriteStream(tempPath, { mode: 0o600 });
  gzip.pipe(file);
  const hash = createHash('sha256');
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
      // Encoded to UTF-8 once, for the hash and the compressor alike.
      const bytes = Buffer.from(chunk, 'utf8');
      hash.update(bytes);
      if (!gzip.write(bytes)) await once(gzip, 'drain');
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
  const finalPath = path.join(dataDir, contentPath);
  try {
    // Content-addressed: the same rows collected twice share one file, but only a file that still holds
    // them; a damaged one is replaced by the fresh copy.
    if (existsSync(finalPath) && (await storedContentHash(finalPath)) === sha256) {
      rmSync(tempPath, { force: true });
    } else {
      fsyncPath(tempPath, 'r+');
      renameSync(tempPath, finalPath);
      fsyncDir(dir);
    }
  } catch (error) {
    rmSync(tempPath, { force: true });
    throw error;
  }
  return { sha256, rowCount, contentPath };
}

/** Records an artifact whose content file is in place. Call it inside the transaction that commits it. */
export function recordArtifact(
  store: Store,
  provenanceDraft: ProvenanceDraft,
  file: ArtifactFile,
): WrittenArtifact {
  const { sha256, rowCount, contentPath } = file;
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
 * Several datasets may share the entity's table (an application's members and outside collaborators are accounts).
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

/** An artifact whose file is written and whose record waits for the run's commit. */
export interface PreparedArtifact {
  provenance: ProvenanceDraft;
  file: ArtifactFile;
}

/** Snapshots the rows one sync run collected for a dataset. */
export async function writeDatasetArtifact(
  store: Store,
  request: DatasetArtifactRequest,
): Promise<WrittenArtifact> {
  const prepared = await prepareDatasetArtifact(store, request);
  return recordArtifact(store, prepared.provenance, prepared.file);
}

/**
 * Writes the file of a dataset's snapshot (the rows `syncRunId` saw) without recording it: a sync records
 * all of its artifacts in the transaction that commits the run, so an abandoned run leaves none listed.
 */
export async function prepareDatasetArtifact(
  store: Store,
  request: DatasetArtifactRequest,
): Promise<PreparedArtifact> {
  const table = entityTables[request.entity];
  const { id: sourceId } = request.provenance.source;
  const rows = runRows(
    store,
    request.entity,
    sourceId,
    request.provenance.syncRunId,
    request.provenance.dataset,
  );
  // Columns come from the dataset's declaration, never from a row: a provider attribute that only later rows
  // carry must not vanish from the evidence (and its hash). Undeclared attributes are kept as JSON.
  const declared =
    datasetDeclaration(request.provenance.dataset) ??
    undeclaredDataset(request.provenance.dataset, request.entity);
  const columns = declared.entity === request.entity ? declared.columns : entityColumns(request.entity);
  const provenance = { ...request.provenance, columns, keyColumns: table.artifactKeyColumns };
  const shaped =
    table.spreadsAttributes && columns.includes(extraAttributesColumn)
      ? withExtraAttributes(rows, columns)
      : rows;
  return { provenance, file: await writeArtifactFile(store.dataDir, provenance.columns, shaped) };
}

/** Moves each row's keys beyond `columns` into the `attributes` column (sorted JSON; null when none). */
function* withExtraAttributes(pages: Iterable<Row[]>, columns: string[]): Generator<Row[]> {
  const known = new Set(columns);
  for (const page of pages) {
    yield page.map((row) => {
      const extra: Row = {};
      let any = false;
      for (const key of Object.keys(row).sort()) {
        if (known.has(key)) continue;
        extra[key] = row[key] ?? null;
        any = true;
      }
      return { ...row, [extraAttributesColumn]: any ? JSON.stringify(extra) : null };
    });
  }
}
