// A damaged artifact must never yield a plausible export: every format fails with ArtifactCorruptedError and
// leaves no output file behind (and an earlier file at the same path untouched).
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ArtifactCorruptedError,
  getArtifact,
  type StoredArtifact,
} from '../../src-main/engine/evidence/artifact-reader.ts';
import { exportArtifact, exportFormats } from '../../src-main/engine/exports/export-artifact.ts';
import { ExportOutputError } from '../../src-main/engine/exports/export-file.ts';
import { ArtifactRowCountMismatchError } from '../../src-main/engine/exports/pdf-export.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';
import { writeOktaUsersArtifact } from './export-fixtures.ts';

let dir: string;
let store: Store;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-export-integrity-'));
  store = openStore(path.join(dir, 'data'));
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh artifact with its own content file (content-addressed files are shared between equal artifacts). */
async function freshArtifact(rows: number, syncRunId: number): Promise<StoredArtifact> {
  const written = await writeOktaUsersArtifact(store, rows, {
    extraRows: [{ id: `00u-run-${syncRunId}`, login: null, email: null }],
    provenance: { syncRunId },
  });
  return getArtifact(store, written.id);
}

const damages: Record<string, (file: string) => void> = {
  'a flipped byte in the compressed content': (file) => {
    const bytes = readFileSync(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0xff;
    writeFileSync(file, bytes);
  },
  'a row edited and re-compressed': (file) => {
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    const edited = text.replace('"status":"SUSPENDED"', '"status":"ACTIVE"');
    expect(edited).not.toBe(text);
    writeFileSync(file, gzipSync(edited));
  },
  'a truncated file': (file) => {
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 64));
  },
  'a missing file': (file) => rmSync(file),
};

describe('exports of a damaged artifact', () => {
  let runId = 100;
  for (const [damage, apply] of Object.entries(damages)) {
    it(`fail with ArtifactCorruptedError for ${damage}, leaving no file`, async () => {
      const artifact = await freshArtifact(1_200, runId++);
      apply(artifact.contentPath);
      const outDir = path.join(dir, `out-${runId}`);
      mkdirSync(outDir);
      for (const format of exportFormats) {
        const file = path.join(outDir, `users.${format}`);
        await expect(exportArtifact(artifact, format, file), format).rejects.toBeInstanceOf(
          ArtifactCorruptedError,
        );
        expect(existsSync(file), format).toBe(false);
      }
      expect(readdirSync(outDir)).toEqual([]);
    });
  }

  it('leave an existing file at the output path untouched', async () => {
    const artifact = await freshArtifact(500, 200);
    damages['a row edited and re-compressed']!(artifact.contentPath);
    for (const format of exportFormats) {
      const file = path.join(dir, `earlier.${format}`);
      writeFileSync(file, 'an earlier export');
      await expect(exportArtifact(artifact, format, file)).rejects.toThrow(
        /no longer matches its recorded SHA-256/,
      );
      expect(readFileSync(file, 'utf8')).toBe('an earlier export');
    }
  });
});

describe('a PDF of an artifact whose recorded row count is wrong', () => {
  it('fails instead of printing a wrong "Page X of Y"', async () => {
    const { id } = await freshArtifact(120, 400);
    for (const recorded of [120, 122]) {
      store.sqlite.prepare('UPDATE artifacts SET row_count = ? WHERE id = ?').run(recorded, id);
      const file = path.join(dir, `miscounted-${recorded}.pdf`);
      const error = await exportArtifact(getArtifact(store, id), 'pdf', file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArtifactRowCountMismatchError);
      expect((error as Error).message).toContain('holds 121');
      expect(existsSync(file)).toBe(false);
    }
  });
});

describe('export output paths', () => {
  it('refuses a directory that does not exist, with the next step', async () => {
    const artifact = await freshArtifact(10, 300);
    const file = path.join(dir, 'missing-dir', 'users.csv');
    const error = await exportArtifact(artifact, 'csv', file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportOutputError);
    expect((error as ExportOutputError).nextStep).toContain('--out');
  });

  it('replaces an existing file once the export succeeds', async () => {
    const artifact = await freshArtifact(10, 301);
    const file = path.join(dir, 'replaced.json');
    writeFileSync(file, 'old');
    expect(await exportArtifact(artifact, 'json', file)).toBe(11);
    expect(JSON.parse(readFileSync(file, 'utf8')).rows).toHaveLength(11);
  });
});
