// Reads an artifact's rows back, verifying on the way that the content still hashes to what was recorded.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
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
  const lines = createInterface({
    input: createReadStream(artifact.contentPath).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    hash.update(`${line}\n`);
    yield JSON.parse(line) as Record<string, unknown>;
  }
  const actual = hash.digest('hex');
  if (actual !== artifact.sha256) throw new ArtifactCorruptedError(artifact.id, artifact.sha256, actual);
}
