// Reads an artifact's rows back, verifying on the way that the content still hashes to what was recorded.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { eq } from 'drizzle-orm';
import type { Store } from '../store/db.ts';
import { artifacts } from '../store/schema.ts';
import { provenanceSchema, type Provenance } from './provenance.ts';

export class ArtifactNotFoundError extends Error {
  constructor(id: string) {
    super(`No artifact with id ${id}. List them with \`vouch artifacts list\`.`);
  }
}

export class ArtifactCorruptedError extends Error {
  constructor(id: string, expected: string, actual: string) {
    super(
      `Artifact ${id} no longer matches its recorded SHA-256 (expected ${expected}, found ${actual}); ` +
        'its stored file was altered or damaged. Re-run the sync to collect a fresh snapshot.',
    );
  }
}

export interface StoredArtifact {
  id: string;
  kind: string;
  sourceName: string;
  rowCount: number;
  complete: boolean;
  sha256: string;
  collectedAt: string;
  provenance: Provenance;
  contentPath: string;
}

export function getArtifact(store: Store, id: string): StoredArtifact {
  const row = store.db.select().from(artifacts).where(eq(artifacts.id, id)).get();
  if (!row) throw new ArtifactNotFoundError(id);
  return {
    id: row.id,
    kind: row.kind,
    sourceName: row.sourceName,
    rowCount: row.rowCount,
    complete: row.complete,
    sha256: row.sha256,
    collectedAt: row.collectedFinishedAt,
    provenance: provenanceSchema.parse(JSON.parse(row.provenance)),
    contentPath: path.join(store.dataDir, row.contentPath),
  };
}

/**
 * Yields the rows in canonical order. The hash is checked when the last row has been read: a consumer must
 * treat its output as provisional until the iteration ends without an ArtifactCorruptedError.
 */
export async function* readArtifactRows(artifact: StoredArtifact): AsyncGenerator<Record<string, unknown>> {
  const hash = createHash('sha256');
  // pipeline() hands a missing file or a damaged gzip stream to readline as an error (plain .pipe() would
  // leave it unhandled and crash the process), and the finally below stops both streams when a consumer
  // gives up early.
  const file = createReadStream(artifact.contentPath);
  const gunzip = createGunzip();
  const lines = createInterface({ input: pipeline(file, gunzip, () => {}), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      hash.update(`${line}\n`);
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(line) as Record<string, unknown>;
      } catch (error) {
        throw new ArtifactCorruptedError(
          artifact.id,
          artifact.sha256,
          `unreadable content (${String(error)})`,
        );
      }
      yield row;
    }
  } catch (error) {
    if (error instanceof ArtifactCorruptedError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ArtifactCorruptedError(artifact.id, artifact.sha256, `an unreadable file (${reason})`);
  } finally {
    lines.close();
    file.destroy();
    gunzip.destroy();
  }
  const actual = hash.digest('hex');
  if (actual !== artifact.sha256) throw new ArtifactCorruptedError(artifact.id, artifact.sha256, actual);
}
