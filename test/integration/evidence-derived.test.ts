// Samples and diffs: reproducible, traceable to their parents, correct.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { createDiff, IncomparableArtifactsError } from '../../src-main/engine/evidence/diff.ts';
import { createSample, sampleRank } from '../../src-main/engine/evidence/sample.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';
import { userRows, writeUserArtifact } from '../helpers/artifacts.ts';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-derived-'));
  store = openStore(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function rowsOf(id: string) {
  const rows = [];
  for await (const row of readArtifactRows(getArtifact(store, id))) rows.push(row);
  return rows;
}

describe('samples', () => {
  it('gives the same rows for the same seed, other rows for another seed, and names its parent', async () => {
    const parent = await writeUserArtifact(store, userRows(1000));
    const a = await createSample(store, { artifactId: parent.id, size: 25, seed: 'FY26-Q3' });
    const b = await createSample(store, { artifactId: parent.id, size: 25, seed: 'FY26-Q3' });
    const c = await createSample(store, { artifactId: parent.id, size: 25, seed: 'other' });
    expect(a.rowCount).toBe(25);
    expect(b.sha256).toBe(a.sha256);
    expect(c.sha256).not.toBe(a.sha256);
    const sample = getArtifact(store, a.id);
    expect(sample.kind).toBe('okta.users.sample');
    expect(sample.provenance.derivation).toEqual({
      type: 'sample',
      parents: [{ id: parent.id, sha256: parent.sha256 }],
      parameters: {
        method: 'sha256-rank-v1',
        seed: 'FY26-Q3',
        size: 25,
        populationRows: 1000,
        sampledRows: 25,
      },
    });
    // Independently recomputable: the 25 lowest SHA-256 ranks of the row numbers.
    const expected = Array.from({ length: 1000 }, (_, i) => i + 1)
      .sort((x, y) => (sampleRank('FY26-Q3', x) < sampleRank('FY26-Q3', y) ? -1 : 1))
      .slice(0, 25)
      .sort((x, y) => x - y);
    const rows = await rowsOf(a.id);
    expect(rows.map((r) => r.row_number)).toEqual(expected);
    expect(rows[0]?.id).toBe(`00u${String(expected[0]! - 1).padStart(6, '0')}`);
  });

  it('records a random seed when none is given, and takes the whole population when it is smaller', async () => {
    const parent = await writeUserArtifact(store, userRows(10));
    const sample = await createSample(store, { artifactId: parent.id, size: 50 });
    expect(sample.seed).toMatch(/^[0-9a-f]{16}$/);
    expect(sample.rowCount).toBe(10);
  });

  it('inherits partiality from its parent', async () => {
    const parent = await writeUserArtifact(store, userRows(10), { complete: false });
    const sample = getArtifact(
      store,
      (await createSample(store, { artifactId: parent.id, size: 3, seed: 's' })).id,
    );
    expect(sample.complete).toBe(false);
    expect(sample.provenance.partialReason).toContain(parent.id);
  });
});

describe('diffs', () => {
  it('lists added, removed and changed rows with the previous values', async () => {
    const start = userRows(5);
    const end = userRows(6, (i) => (i === 2 ? 'DEPROVISIONED' : 'ACTIVE')).filter(
      (r) => r.id !== '00u000000',
    );
    const a = await writeUserArtifact(store, start);
    const b = await writeUserArtifact(store, end);
    const diff = await createDiff(store, a.id, b.id);
    expect(diff).toMatchObject({ added: 1, removed: 1, changed: 1 });
    const rows = await rowsOf(diff.id);
    expect(rows.map((r) => [r.change, r.id])).toEqual([
      ['removed', '00u000000'],
      ['changed', '00u000002'],
      ['added', '00u000005'],
    ]);
    expect(rows[1]).toMatchObject({
      status: 'DEPROVISIONED',
      changed_fields: 'status',
      previous_values: '{"status":"ACTIVE"}',
    });
    expect(getArtifact(store, diff.id).provenance.derivation?.parents.map((p) => p.id)).toEqual([a.id, b.id]);
  });

  it('refuses to compare different datasets or sources', async () => {
    const a = await writeUserArtifact(store, userRows(2));
    const b = await writeUserArtifact(store, userRows(2), { sourceId: 'src_other' });
    await expect(createDiff(store, a.id, b.id)).rejects.toBeInstanceOf(IncomparableArtifactsError);
  });
});
