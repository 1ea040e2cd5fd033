import { describe, expect, it } from 'vitest';
import type { StoredArtifact } from '../../src-main/engine/evidence/artifact-reader.ts';
import { provenanceSchema, type Provenance } from '../../src-main/engine/evidence/provenance.ts';
import { neutralizeCell } from '../../src-main/engine/exports/csv-export.ts';
import {
  datasetTitle,
  formatUtc,
  parseTimestamp,
  peekRows,
  populationStatus,
  provenanceEntries,
} from '../../src-main/engine/exports/export-values.ts';
import { columnLetters, sheetNameFor } from '../../src-main/engine/exports/xlsx-export.ts';

const provenance: Provenance = {
  source: { id: 'src_1', name: 'Acme Okta', kind: 'okta' },
  dataset: 'okta.users',
  endpoints: ['GET /api/v1/users', 'GET /api/v1/users?filter=status eq "DEPROVISIONED"'],
  query: { limit: '200' },
  pagesFetched: 3,
  rowsCollected: 512,
  providerReportedCount: 512,
  complete: true,
  partialReason: null,
  collectionStartedAt: '2026-11-20T09:00:00.000Z',
  collectionFinishedAt: '2026-11-20T09:04:12.345Z',
  credentialFingerprint: 'sha256:4f1c9a7e',
  vouchVersion: '0.1.0',
  syncRunId: 7,
  columns: ['id', 'email'],
  keyColumns: ['id'],
  canonicalForm: 'jsonl-v1',
  sha256: 'a'.repeat(64),
};

function artifactWith(overrides: Partial<Provenance>): StoredArtifact {
  const p = { ...provenance, ...overrides };
  return {
    id: 'art_0123456789abcdef',
    kind: p.dataset,
    sourceName: p.source.name,
    rowCount: p.rowsCollected,
    complete: p.complete,
    sha256: p.sha256,
    collectedAt: p.collectionFinishedAt,
    provenance: p,
    contentPath: '/nowhere',
  };
}

describe('datasetTitle', () => {
  it('turns dataset kinds into report titles', () => {
    expect(datasetTitle('okta.users')).toBe('Okta users');
    expect(datasetTitle('okta.group_members')).toBe('Okta group members');
    expect(datasetTitle('okta.app_assignments.sample')).toBe('Okta app assignments (sample)');
    expect(datasetTitle('okta.users.diff')).toBe('Okta users (period diff)');
    expect(datasetTitle('github.orgMembers')).toBe('GitHub org members');
    expect(datasetTitle('acme.things')).toBe('Acme things');
  });
});

describe('parseTimestamp', () => {
  it('reads zoned ISO 8601 timestamps and plain dates as instants', () => {
    expect(parseTimestamp('2024-05-01T10:00:00.123Z')?.date.toISOString()).toBe('2024-05-01T10:00:00.123Z');
    expect(parseTimestamp('2024-05-01T10:00:00+02:00')?.date.toISOString()).toBe('2024-05-01T08:00:00.000Z');
    expect(parseTimestamp('2024-05-01')).toEqual({ date: new Date('2024-05-01T00:00:00Z'), hasTime: false });
  });

  it('leaves anything that names no single valid instant as text', () => {
    for (const text of [
      '2024-05-01T10:00:00', // local time: no zone
      '2024-02-30T00:00:00Z',
      '2024-13-01',
      '1899-12-31T00:00:00Z', // before Excel's reliable dates
      'not a date',
      '2024-05-01 10:00:00Z',
      '20240501',
    ]) {
      expect(parseTimestamp(text), text).toBeNull();
    }
  });

  it('formats instants in UTC, with milliseconds only when present', () => {
    expect(formatUtc(parseTimestamp('2024-05-01T10:00:00.000Z')!)).toBe('2024-05-01 10:00:00');
    expect(formatUtc(parseTimestamp('2024-05-01T10:00:00.250+01:00')!)).toBe('2024-05-01 09:00:00.250');
    expect(formatUtc(parseTimestamp('2024-05-01')!)).toBe('2024-05-01');
  });
});

describe('provenanceEntries', () => {
  it('lists every provenance field, readably, after the artifact id', () => {
    const entries = provenanceEntries(artifactWith({}));
    expect(entries[0]).toEqual({ label: 'Artifact', key: 'id', value: 'art_0123456789abcdef' });
    expect(new Set(entries.map((e) => e.key))).toEqual(
      new Set(['id', ...Object.keys(provenanceSchema.shape)]),
    );
    const value = (key: string) => entries.find((e) => e.key === key)?.value;
    expect(value('endpoints')).toBe('GET /api/v1/users\nGET /api/v1/users?filter=status eq "DEPROVISIONED"');
    expect(value('source')).toBe('Acme Okta (okta, src_1)');
    expect(value('complete')).toBe('COMPLETE');
    expect(value('sha256')).toBe('a'.repeat(64));
    expect(value('derivation')).toContain('collected directly');
  });

  it('describes a derivation with its parents and parameters', () => {
    const entries = provenanceEntries(
      artifactWith({
        derivation: {
          type: 'sample',
          parents: [{ id: 'art_parent', sha256: 'b'.repeat(64) }],
          parameters: { seed: 'c0ffee', size: 25 },
        },
      }),
    );
    const derivation = entries.find((e) => e.key === 'derivation')?.value;
    expect(derivation).toBe(`Sample of art_parent (SHA-256 ${'b'.repeat(64)})\nseed = c0ffee\nsize = 25`);
  });
});

describe('populationStatus', () => {
  it('says COMPLETE or PARTIAL and why', () => {
    expect(populationStatus(provenance).headline).toBe('COMPLETE POPULATION');
    expect(populationStatus(provenance).detail).toContain('512 rows collected; the provider reported 512');
    const partial = populationStatus({
      ...provenance,
      complete: false,
      partialReason: 'HTTP 429 on page 3',
    });
    expect(partial.headline).toBe('PARTIAL POPULATION');
    expect(partial.detail).toContain('HTTP 429 on page 3');
  });

  it('words derived artifacts as derived', () => {
    const status = populationStatus({
      ...provenance,
      derivation: { type: 'sample', parents: [{ id: 'art_p', sha256: 'b' }], parameters: {} },
    });
    expect(status.headline).toBe('SAMPLE OF A COMPLETE POPULATION');
    expect(status.detail).toContain('derived from art_p');
  });
});

describe('peekRows', () => {
  async function* numbers(count: number) {
    for (let i = 0; i < count; i++) yield { i };
  }

  it('hands back the sample and then every row, the sample included', async () => {
    const { sample, rows } = await peekRows(numbers(10), 3);
    expect(sample.map((r) => r.i)).toEqual([0, 1, 2]);
    const all: unknown[] = [];
    for await (const row of rows) all.push(row.i);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('copes with fewer rows than the sample size', async () => {
    const { sample, rows } = await peekRows(numbers(2), 200);
    expect(sample).toHaveLength(2);
    let count = 0;
    for await (const _row of rows) count++;
    expect(count).toBe(2);
  });
});

describe('CSV and XLSX cell helpers', () => {
  it('never turns numbers into text, but neutralizes text that looks like a formula', () => {
    expect(neutralizeCell(-5)).toBe('-5');
    expect(neutralizeCell('-5')).toBe("'-5");
    expect(neutralizeCell(true)).toBe('true');
  });

  it('names columns and sheets the way Excel wants', () => {
    expect([1, 26, 27, 52, 703].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
    expect(sheetNameFor('okta.users')).toBe('okta.users');
    expect(sheetNameFor('okta.users', 2)).toBe('okta.users (2)');
    expect(sheetNameFor('a/b:c[d]*?')).toBe('a_b_c_d___');
    expect(sheetNameFor('Provenance')).toBe('Rows');
    expect(sheetNameFor('x'.repeat(40), 12)).toHaveLength(31);
  });
});
