// Every export format read back and compared with the artifact's own rows: CSV through csv-parse, XLSX through
// exceljs (values and types), PDF through pdftotext, JSON through JSON.parse.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getArtifact,
  readArtifactRows,
  type StoredArtifact,
} from '../../src-main/engine/evidence/artifact-reader.ts';
import { neutralizeCell } from '../../src-main/engine/exports/csv-export.ts';
import { exportArtifact } from '../../src-main/engine/exports/export-artifact.ts';
import { exportArtifactXlsx } from '../../src-main/engine/exports/xlsx-export.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';
import { oktaUserColumns, writeOktaUsersArtifact } from './export-fixtures.ts';

const ROWS = 1_500;
/** Rows that try every edge: formula triggers, quoting, line breaks, non-Latin text, odd timestamps. */
const trickyRows: Record<string, unknown>[] = [
  {
    id: '00u-tricky-1',
    login: '=1+1',
    email: '+cmd|calc',
    display_name: 'Łukasz Żółć — “quoted”, 日本語',
    status: '-2',
    created: '2024-02-30T00:00:00Z',
    activated: null,
    last_login: '2024-05-01T10:00:00+02:00',
    status_changed: 'not a date',
    password_changed: null,
    last_updated: '2024-05-01',
    mfa_enrolled: false,
    group_count: -5,
  },
  {
    id: '00u-tricky-2',
    login: '@SUM(A1:A9)',
    email: 'line one\nline two',
    display_name: 'He said "hi", then left\r\n',
    status: '\tTAB',
    created: '2024-05-01T10:00:00.5Z',
    activated: '2024-05-01T10:00:00',
    last_login: null,
    status_changed: null,
    password_changed: null,
    last_updated: null,
    mfa_enrolled: true,
    group_count: 0.25,
  },
  {
    id: '00u-tricky-3',
    login: 'bell\u0007in the middle',
    email: null,
    display_name: 'x'.repeat(40_000),
    status: 'ACTIVE',
    created: null,
    activated: null,
    last_login: null,
    status_changed: null,
    password_changed: null,
    last_updated: null,
    mfa_enrolled: null,
    group_count: null,
  },
];

let dir: string;
let store: Store;
let artifact: StoredArtifact;
let partialArtifact: StoredArtifact;
let expectedRows: Record<string, unknown>[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-export-'));
  store = openStore(path.join(dir, 'data'));
  const written = await writeOktaUsersArtifact(store, ROWS, { extraRows: trickyRows });
  artifact = getArtifact(store, written.id);
  const partial = await writeOktaUsersArtifact(store, 40, {
    provenance: {
      complete: false,
      partialReason: 'Okta returned HTTP 429 on page 37 after 5 retries',
      providerReportedCount: 12_000,
    },
  });
  partialArtifact = getArtifact(store, partial.id);
  expectedRows = [];
  for await (const row of readArtifactRows(artifact)) expectedRows.push(row);
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const out = (name: string) => path.join(dir, name);

function leftovers(): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.partial'));
}

describe('CSV export', () => {
  it('round-trips every row, neutralized, with CRLF line ends and an optional BOM', async () => {
    const file = out('users.csv');
    expect(await exportArtifact(artifact, 'csv', file, { bom: true })).toBe(ROWS + trickyRows.length);
    const raw = readFileSync(file);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = raw.toString('utf8');
    // Every record ends with CRLF; bare line breaks only occur inside quoted fields.
    expect(text.endsWith('\r\n')).toBe(true);
    const records = parse(text, { bom: true, relax_column_count: false }) as string[][];
    expect(records[0]).toEqual(oktaUserColumns);
    expect(records).toHaveLength(expectedRows.length + 1);
    expectedRows.forEach((row, index) => {
      expect(records[index + 1]).toEqual(oktaUserColumns.map((column) => neutralizeCell(row[column])));
    });
    const tricky = records[1] as string[];
    expect(tricky.slice(0, 5)).toEqual([
      '00u-tricky-1',
      "'=1+1",
      "'+cmd|calc",
      'Łukasz Żółć — “quoted”, 日本語',
      "'-2",
    ]);
    expect(tricky[12]).toBe('-5'); // a negative number is a number, not a formula
    expect((records[2] as string[])[2]).toBe('line one\nline two');
    expect((records[2] as string[])[4]).toBe("'\tTAB");
  });

  it('writes no BOM unless asked', async () => {
    const file = out('plain.csv');
    await exportArtifact(artifact, 'csv', file);
    expect(readFileSync(file, 'utf8').startsWith('id,login,')).toBe(true);
  });
});

describe('JSON export', () => {
  it('holds the provenance and every row, one row per line', async () => {
    const file = out('users.json');
    expect(await exportArtifact(artifact, 'json', file)).toBe(expectedRows.length);
    const text = readFileSync(file, 'utf8');
    const parsed = JSON.parse(text) as { artifactId: string; provenance: unknown; rows: unknown[] };
    expect(parsed.artifactId).toBe(artifact.id);
    expect(parsed.provenance).toEqual(artifact.provenance);
    expect(parsed.rows).toEqual(expectedRows);
    const rowLines = text.split('\n').filter((line) => line.startsWith('    {"id"'));
    expect(rowLines).toHaveLength(expectedRows.length);
  });

  it('writes an empty rows array for an empty population', async () => {
    const empty = getArtifact(store, (await writeOktaUsersArtifact(store, 0)).id);
    const file = out('empty.json');
    expect(await exportArtifact(empty, 'json', file)).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).rows).toEqual([]);
  });
});

function zipEntry(file: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.replace(/^\//, '') !== name) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in ${file}`)));
      zip.readEntry();
    });
  });
}

describe('XLSX export', () => {
  let workbook: ExcelJS.Workbook;
  const file = () => out('users.xlsx');

  beforeAll(async () => {
    expect(await exportArtifact(artifact, 'xlsx', file())).toBe(expectedRows.length);
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file());
  });

  it('has a typed data sheet named after the dataset, then a Provenance sheet', () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['okta.users', 'Provenance']);
    const sheet = workbook.getWorksheet('okta.users')!;
    expect(sheet.rowCount).toBe(expectedRows.length + 1);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(oktaUserColumns);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);

    const timestampColumns = new Set([
      'created',
      'activated',
      'last_login',
      'status_changed',
      'password_changed',
      'last_updated',
    ]);
    for (const index of [3, 4, 500, 999, expectedRows.length - 1]) {
      const row = sheet.getRow(index + 2);
      const expected = expectedRows[index] as Record<string, unknown>;
      oktaUserColumns.forEach((column, c) => {
        const value = expected[column];
        const cell = row.getCell(c + 1).value;
        if (value === null) expect(cell, `${index}.${column}`).toBeNull();
        else if (timestampColumns.has(column)) {
          expect(cell, `${index}.${column}`).toBeInstanceOf(Date);
          expect((cell as Date).getTime(), `${index}.${column}`).toBe(Date.parse(value as string));
        } else expect(cell, `${index}.${column}`).toBe(value);
      });
    }
    // The edge rows: only zoned timestamps and plain dates become dates; everything else stays as collected.
    const edge = (row: number, column: string) =>
      sheet.getRow(row).getCell(oktaUserColumns.indexOf(column) + 1);
    expect(edge(2, 'created').value).toBe('2024-02-30T00:00:00Z');
    expect((edge(2, 'last_login').value as Date).toISOString()).toBe('2024-05-01T08:00:00.000Z');
    expect((edge(2, 'last_updated').value as Date).toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(edge(2, 'last_updated').numFmt).toBe('yyyy-mm-dd');
    expect(edge(2, 'status_changed').value).toBe('not a date');
    expect(edge(2, 'group_count').value).toBe(-5);
    expect(edge(2, 'display_name').value).toBe('Łukasz Żółć — “quoted”, 日本語');
    expect(edge(3, 'activated').value).toBe('2024-05-01T10:00:00'); // no zone: not an instant
    expect((edge(3, 'created').value as Date).getTime()).toBe(Date.parse('2024-05-01T10:00:00.5Z'));
    expect(edge(3, 'created').numFmt).toBe('yyyy-mm-dd hh:mm:ss.000');
    expect(edge(3, 'email').value).toBe('line one\nline two');
    expect(edge(3, 'mfa_enrolled').value).toBe(true);
    // Past Excel's cell limit: shortened, and said so on the Provenance sheet (checked below).
    const long = edge(4, 'display_name').value as string;
    expect(long).toHaveLength(32_767);
    expect(long).toMatch(/^x+ … \[shortened to fit Excel; the CSV and JSON exports hold the full value\]$/);
    expect(edge(4, 'login').value).toBe('bellin the middle');
    const first = sheet.getRow(5);
    expect(typeof first.getCell('L').value).toBe('boolean');
    expect(typeof first.getCell('M').value).toBe('number');
    expect(sheet.getRow(5).getCell('F').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
  });

  it('keeps formula-like text as text, never as a formula', async () => {
    const sheet = workbook.getWorksheet('okta.users')!;
    const cell = sheet.getRow(2).getCell(2);
    expect(cell.value).toBe('=1+1');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(3).getCell(2).value).toBe('@SUM(A1:A9)');
    const xml = await zipEntry(file(), 'xl/worksheets/sheet1.xml');
    expect(xml).not.toContain('<f>');
    expect(xml).not.toContain('<f ');
  });

  it('freezes the header row, filters the data range and sizes the columns', async () => {
    const xml = await zipEntry(file(), 'xl/worksheets/sheet1.xml');
    expect(xml).toContain(`<autoFilter ref="A1:M${expectedRows.length + 1}"/>`);
    expect(xml).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    const sheet = workbook.getWorksheet('okta.users')!;
    const widths = oktaUserColumns.map((_, c) => sheet.getColumn(c + 1).width ?? 0);
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(8);
    expect(Math.max(...widths)).toBeLessThanOrEqual(60);
    expect(sheet.getColumn(3).width).toBeGreaterThan(sheet.getColumn(5).width!); // email wider than status
  });

  it('lists every provenance field, the hash and the population status', () => {
    const sheet = workbook.getWorksheet('Provenance')!;
    const cells: Record<string, unknown> = {};
    sheet.eachRow((row) => {
      const label = row.getCell(1).value;
      if (typeof label === 'string') cells[label] = row.getCell(2).value;
    });
    expect(cells['SHA-256']).toBe(artifact.sha256);
    expect(cells['Population']).toBe('COMPLETE');
    expect(cells['Artifact']).toBe(artifact.id);
    expect(cells['Endpoints']).toBe('GET /api/v1/users');
    expect(cells['Rows exported']).toBe(expectedRows.length);
    expect(cells['Status']).toMatch(/^COMPLETE POPULATION: /);
    expect(cells['Shortened cells']).toMatch(/^1 cell\(s\) exceeded Excel's 32,767-character limit/);
    expect(cells['Control characters']).toMatch(/^1 cell\(s\) held control characters/);
  });

  it('says PARTIAL, and why, for a partial population', async () => {
    const partialFile = out('partial.xlsx');
    await exportArtifact(partialArtifact, 'xlsx', partialFile);
    const partialBook = new ExcelJS.Workbook();
    await partialBook.xlsx.readFile(partialFile);
    const sheet = partialBook.getWorksheet('Provenance')!;
    expect(sheet.getRow(2).getCell(1).value).toBe('Status');
    expect(sheet.getRow(2).getCell(2).value).toMatch(/^PARTIAL POPULATION: .*HTTP 429 on page 37/);
  });

  it('continues on further sheets past the per-sheet row limit', async () => {
    const splitFile = out('split.xlsx');
    await exportArtifactXlsx(artifact, splitFile, { rowsPerSheet: 600 });
    const split = new ExcelJS.Workbook();
    await split.xlsx.readFile(splitFile);
    expect(split.worksheets.map((sheet) => sheet.name)).toEqual([
      'okta.users',
      'okta.users (2)',
      'okta.users (3)',
      'Provenance',
    ]);
    const ids = split.worksheets.slice(0, 3).flatMap((sheet) => {
      expect(sheet.getRow(1).getCell(1).value).toBe('id');
      return sheet.getColumn(1).values.slice(2);
    });
    expect(ids).toEqual(expectedRows.map((row) => row.id));
  });
});

describe('PDF export', () => {
  let pages: string[];
  let pageCount: number;

  beforeAll(async () => {
    const file = out('users.pdf');
    expect(await exportArtifact(artifact, 'pdf', file)).toBe(expectedRows.length);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    pageCount = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    // pdftotext separates pages with form feeds.
    pages = execFileSync('pdftotext', ['-layout', file, '-'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
      .split('\f')
      .slice(0, pageCount);
  });

  it('opens with a cover: title, source, COMPLETE status, provenance and the full hash', () => {
    const cover = pages[0] as string;
    expect(cover).toContain('Okta users');
    expect(cover).toContain('Acme Okta (okta)');
    expect(cover).toContain('COMPLETE POPULATION');
    expect(cover).toContain(artifact.sha256);
    expect(cover).toContain('GET /api/v1/users');
    expect(cover).toContain('sha256:4f1c9a7e2b6d3c80');
  });

  it('numbers every page "Page X of Y" with the short hash in the footer', () => {
    expect(pageCount).toBeGreaterThan(10);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pageCount}`);
      expect(page).toContain(`SHA-256 ${artifact.sha256.slice(0, 12)}`);
    });
  });

  it('repeats the column header on every table page and shows the rows in order', () => {
    const tablePages = pages.slice(1);
    for (const page of tablePages) expect(page).toMatch(/#\s+id\s+login\s+email\s+display_name\s+status/);
    const text = tablePages.join('\n');
    for (const index of [3, 4, 700, expectedRows.length - 1]) {
      const row = expectedRows[index] as Record<string, unknown>;
      expect(text).toContain(row.id as string);
      expect(text).toContain(row.email as string);
    }
    // Row order: each sampled id appears after the previous one.
    const positions = [3, 100, 900, expectedRows.length - 1].map((i) =>
      text.indexOf(expectedRows[i]!.id as string),
    );
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // The last row is numbered with its position in the population.
    expect(text).toMatch(
      new RegExp(`${expectedRows.length.toLocaleString('en-US')}\\s+${expectedRows.at(-1)!.id}`),
    );
  });

  it('shows a PARTIAL population as partial, with the reason', async () => {
    const file = out('partial.pdf');
    await exportArtifact(partialArtifact, 'pdf', file, { paper: 'LETTER' });
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('PARTIAL POPULATION');
    expect(text).toContain('HTTP 429 on page 37');
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size:\s+612 x 792/);
  });
});

describe('every format', () => {
  it('leaves no temporary files behind', () => {
    expect(leftovers()).toEqual([]);
  });
});
