// Every formula-injection variant from OWASP's CSV-injection guidance, including the full-width forms and
// formulas after leading whitespace, exported to CSV and XLSX and read back as a spreadsheet user would get
// them: CSV cells start with an apostrophe (text), XLSX cells are text cells holding the value unchanged.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getArtifact, type StoredArtifact } from '../../src-main/engine/evidence/artifact-reader.ts';
import { exportArtifact } from '../../src-main/engine/exports/export-artifact.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';
import { oktaUserColumns, oktaUserRow, writeOktaUsersArtifact } from './export-fixtures.ts';

const variants = [
  '=1+1',
  '+1+1',
  '-1+1',
  '@SUM(A1)',
  '\tcmd',
  '\rcmd',
  '＝HYPERLINK("http://evil")',
  '＋1+1',
  '－1+1',
  '＠SUM(A1)',
  ' =1+1',
  '   +cmd|calc',
  '\u00a0=1+1',
  '\u3000=1+1',
  ' \t-1',
  '\n=1+1',
  ' ＝1+1',
];

let dir: string;
let store: Store;
let artifact: StoredArtifact;
const rowId = (index: number) => `00u-formula-${String(index).padStart(2, '0')}`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-formula-'));
  store = openStore(path.join(dir, 'data'));
  const extraRows = variants.map((login, index) => ({ ...oktaUserRow(index), id: rowId(index), login }));
  extraRows.push({ ...oktaUserRow(99), id: '00u-formula-plain', login: ' plain text' });
  artifact = getArtifact(store, (await writeOktaUsersArtifact(store, 0, { extraRows })).id);
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('formula injection', () => {
  it('CSV: every variant becomes text with a leading apostrophe; ordinary text stays as it was', async () => {
    const file = path.join(dir, 'users.csv');
    await exportArtifact(artifact, 'csv', file, { bom: false });
    const records = parse(readFileSync(file, 'utf8')) as string[][];
    const login = oktaUserColumns.indexOf('login');
    const byId = new Map(records.slice(1).map((record) => [record[0], record[login]]));
    variants.forEach((variant, index) => {
      expect(byId.get(rowId(index)), JSON.stringify(variant)).toBe(`'${variant}`);
    });
    expect(byId.get('00u-formula-plain')).toBe(' plain text');
  });

  it('XLSX: every variant is a text cell holding the value unchanged, never a formula', async () => {
    const file = path.join(dir, 'users.xlsx');
    await exportArtifact(artifact, 'xlsx', file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('okta.users')!;
    const login = oktaUserColumns.indexOf('login') + 1;
    const cells = new Map<string, ExcelJS.Cell>();
    sheet.eachRow((row, number) => {
      if (number > 1) cells.set(String(row.getCell(1).value), row.getCell(login));
    });
    variants.forEach((variant, index) => {
      const cell = cells.get(rowId(index))!;
      expect(cell.type, JSON.stringify(variant)).toBe(ExcelJS.ValueType.String);
      // An XML parser reads a bare CR as LF (XML's line-end normalization); the rest is byte for byte.
      expect(cell.value, JSON.stringify(variant)).toBe(variant.replace(/\r/g, '\n'));
      expect(cell.formula, JSON.stringify(variant)).toBeUndefined();
    });
  });
});
