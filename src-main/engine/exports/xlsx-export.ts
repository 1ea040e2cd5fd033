// XLSX export of an artifact through exceljs's streaming writer (rows are committed as they are read, so
// memory stays flat): a typed, filterable data sheet named after the dataset and a "Provenance" sheet. Strings
// are always written as text cells, so "=1+1" in the data stays a string and never becomes a formula.
import { createWriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Row as ExcelRow, Style, Worksheet } from 'exceljs';
import { readArtifactRows, type StoredArtifact } from '../evidence/artifact-reader.ts';
import { vouchVersion } from '../version.ts';
import {
  abandonStream,
  progressInterval,
  rethrowFailure,
  trackFailures,
  waitForDrain,
  writeExportFile,
  type ExportProgress,
} from './export-file.ts';
import {
  datasetTitle,
  parseTimestamp,
  peekRows,
  populationStatus,
  provenanceEntries,
} from './export-values.ts';

export interface XlsxOptions {
  onProgress?: ExportProgress;
  /** Data rows per sheet before the rows continue on another sheet; Excel's limit unless a test lowers it. */
  rowsPerSheet?: number;
}

/** Excel holds 1,048,576 rows per sheet, one of them our header. */
const excelMaxDataRows = 1_048_575;
/** Excel refuses cells longer than this. */
const excelMaxCellLength = 32_767;
const truncationMarker = ' … [shortened to fit Excel; the CSV and JSON exports hold the full value]';
/** Rows looked at to size the columns. */
const widthSampleSize = 200;
const minColumnWidth = 8;
const maxColumnWidth = 60;

// Shared style objects: exceljs recognizes a style it has seen by identity, which keeps per-cell cost low.
const plainStyle: Partial<Style> = {};
const dateTimeStyle: Partial<Style> = { numFmt: 'yyyy-mm-dd hh:mm:ss' };
const dateTimeMillisStyle: Partial<Style> = { numFmt: 'yyyy-mm-dd hh:mm:ss.000' };
const dateStyle: Partial<Style> = { numFmt: 'yyyy-mm-dd' };
const headerStyle: Partial<Style> = {
  font: { name: 'Calibri', size: 11, bold: true, color: { argb: 'FFFFFFFF' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3A5F' } },
  alignment: { vertical: 'middle' },
  border: { bottom: { style: 'thin', color: { argb: 'FF0F1F33' } } },
};
const labelStyle: Partial<Style> = {
  font: { name: 'Calibri', size: 11, bold: true },
  alignment: { vertical: 'top' },
};
const valueStyle: Partial<Style> = { alignment: { vertical: 'top', wrapText: true } };
const countStyle: Partial<Style> = { numFmt: '#,##0', alignment: { vertical: 'top', horizontal: 'left' } };
const titleStyle: Partial<Style> = { font: { name: 'Calibri', bold: true, size: 14 } };
const completeStyle: Partial<Style> = {
  font: { name: 'Calibri', size: 11, bold: true, color: { argb: 'FF1B5E20' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE3F2E5' } },
  alignment: { vertical: 'top', wrapText: true },
};
const partialStyle: Partial<Style> = {
  font: { name: 'Calibri', size: 11, bold: true, color: { argb: 'FF8A1C1C' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE2E1' } },
  alignment: { vertical: 'top', wrapText: true },
};

type CellValue = string | number | boolean | Date | null;

interface TypedCell {
  value: CellValue;
  style: Partial<Style>;
}

interface SheetStats {
  shortenedCells: number;
  /** Cells with characters XML 1.0 cannot hold (exceljs leaves them out). */
  controlCharacterCells: number;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const xmlInvalidCharacters = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/** A row value as an Excel cell: numbers, booleans and zoned ISO timestamps keep their type, the rest is text. */
function toCell(value: unknown, stats: SheetStats): TypedCell {
  if (value === null || value === undefined) return { value: null, style: plainStyle };
  if (typeof value === 'number') {
    return { value: Number.isFinite(value) ? value : String(value), style: plainStyle };
  }
  if (typeof value === 'boolean') return { value, style: plainStyle };
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const timestamp = parseTimestamp(text);
  if (timestamp) {
    const style = !timestamp.hasTime
      ? dateStyle
      : timestamp.date.getUTCMilliseconds() === 0
        ? dateTimeStyle
        : dateTimeMillisStyle;
    return { value: timestamp.date, style };
  }
  if (xmlInvalidCharacters.test(text)) stats.controlCharacterCells++;
  if (text.length > excelMaxCellLength) {
    stats.shortenedCells++;
    return {
      value: text.slice(0, excelMaxCellLength - truncationMarker.length) + truncationMarker,
      style: plainStyle,
    };
  }
  return { value: text, style: plainStyle };
}

/** Characters wide a value shows as, for the column width estimate. */
function displayLength(cell: TypedCell): number {
  if (cell.value === null) return 0;
  if (cell.value instanceof Date)
    return cell.style === dateStyle ? 10 : cell.style === dateTimeStyle ? 19 : 23;
  const text = String(cell.value);
  const lineBreak = text.indexOf('\n');
  return lineBreak === -1 ? text.length : lineBreak;
}

export function columnLetters(columnNumber: number): string {
  let letters = '';
  for (let n = columnNumber; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], not "Provenance" (ours). */
export function sheetNameFor(dataset: string, part = 1): string {
  const suffix = part > 1 ? ` (${part})` : '';
  let name = dataset.replace(/[:\\/?*[\]]/g, '_').replace(/^'+|'+$/g, '') || 'Rows';
  if (name.toLowerCase() === 'provenance') name = 'Rows';
  return name.slice(0, 31 - suffix.length) + suffix;
}

function writeRow(sheet: Worksheet, cells: readonly TypedCell[]): ExcelRow {
  const row = sheet.addRow(cells.map((cell) => cell.value));
  cells.forEach((cell, index) => {
    if (cell.value !== null) row.getCell(index + 1).style = cell.style;
  });
  row.commit();
  return row;
}

export function exportArtifactXlsx(
  artifact: StoredArtifact,
  outPath: string,
  options: XlsxOptions = {},
): Promise<number> {
  const { provenance } = artifact;
  const columns = provenance.columns;
  const rowsPerSheet = Math.min(options.rowsPerSheet ?? excelMaxDataRows, excelMaxDataRows);
  return writeExportFile(outPath, async (tempPath) => {
    const file = trackFailures(createWriteStream(tempPath));
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: file,
      useStyles: true,
      useSharedStrings: false,
    });
    workbook.creator = `Vouch ${vouchVersion}`;
    workbook.title = `${datasetTitle(provenance.dataset)} — ${artifact.id}`;
    workbook.subject = `${provenance.source.name}: ${provenance.dataset}`;
    workbook.keywords = `SHA-256 ${provenance.sha256}`;
    const status = populationStatus(provenance);
    workbook.description = `${status.headline}: ${status.detail}`;
    workbook.created = new Date();
    workbook.modified = workbook.created;

    let rows = 0;
    const stats: SheetStats = { shortenedCells: 0, controlCharacterCells: 0 };
    const sheetNames: string[] = [];
    try {
      const { sample, rows: allRows } = await peekRows(readArtifactRows(artifact), widthSampleSize);
      const widths = columns.map((column) => Math.max(column.length + 3, minColumnWidth));
      for (const row of sample) {
        columns.forEach((column, index) => {
          const length =
            displayLength(toCell(row[column], { shortenedCells: 0, controlCharacterCells: 0 })) + 2;
          if (length > (widths[index] as number)) widths[index] = length;
        });
      }

      let rowsInSheet = 0;
      const finishSheet = (current: Worksheet) => {
        if (columns.length > 0) {
          current.autoFilter = `A1:${columnLetters(columns.length)}${rowsInSheet + 1}`;
        }
        current.commit();
      };
      const startSheet = (): Worksheet => {
        const name = sheetNameFor(provenance.dataset, sheetNames.length + 1);
        sheetNames.push(name);
        const next = workbook.addWorksheet(name, {
          views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
        });
        next.columns = columns.map((column, index) => ({
          key: column,
          width: Math.min(widths[index] as number, maxColumnWidth),
        }));
        writeRow(
          next,
          columns.map((column) => ({ value: column, style: headerStyle })),
        ).height = 20;
        rowsInSheet = 0;
        return next;
      };

      let sheet = startSheet();
      for await (const row of allRows) {
        if (rowsInSheet === rowsPerSheet) {
          finishSheet(sheet);
          sheet = startSheet();
        }
        writeRow(
          sheet,
          columns.map((column) => toCell(row[column], stats)),
        );
        rows++;
        rowsInSheet++;
        if (rows % progressInterval === 0) {
          options.onProgress?.(rows);
          // exceljs never pushes back; the file stream does, through the zip it is piped from.
          await waitForDrain(file);
        }
      }
      finishSheet(sheet);

      writeProvenanceSheet(workbook.addWorksheet('Provenance'), artifact, {
        ...stats,
        rows,
        sheetNames,
      });
      const closed = new Promise<void>((resolve) => file.once('close', resolve));
      await workbook.commit();
      await closed;
      rethrowFailure(file);
      options.onProgress?.(rows);
      return rows;
    } catch (error) {
      // The zip may still be writing into the file: silence it before tearing the file down.
      const { zip } = workbook as unknown as {
        zip: { on(event: 'error', listener: () => void): void; abort(): void };
      };
      zip.on('error', () => undefined);
      zip.abort();
      await abandonStream(file);
      throw error;
    }
  });
}

interface ExportFacts extends SheetStats {
  rows: number;
  sheetNames: string[];
}

/** Rows of 15 points a wrapped value needs in a column about `width` characters wide. */
function wrappedLines(text: string, width = 95): number {
  return text.split('\n').reduce((lines, line) => lines + Math.max(1, Math.ceil(line.length / width)), 0);
}

function writeProvenanceSheet(sheet: Worksheet, artifact: StoredArtifact, facts: ExportFacts): void {
  const { provenance } = artifact;
  sheet.columns = [{ width: 32 }, { width: 100 }];
  const add = (label: string, value: CellValue, style: Partial<Style> = valueStyle) => {
    const row = writeRow(sheet, [
      { value: label, style: labelStyle },
      { value, style },
    ]);
    const lines = typeof value === 'string' ? wrappedLines(value) : 1;
    if (lines > 1) row.height = 15 * lines;
  };
  const statusStyle = provenance.complete ? completeStyle : partialStyle;
  const status = populationStatus(provenance);

  writeRow(sheet, [{ value: datasetTitle(provenance.dataset), style: titleStyle }]).height = 22;
  add('Status', `${status.headline}: ${status.detail}`, statusStyle);
  writeRow(sheet, []);
  for (const entry of provenanceEntries(artifact)) {
    const highlighted = entry.key === 'complete' || entry.key === 'partialReason';
    add(entry.label, entry.value, highlighted ? statusStyle : valueStyle);
  }
  writeRow(sheet, []);
  writeRow(sheet, [{ value: 'This export', style: titleStyle }]).height = 22;
  add('Rows exported', facts.rows, countStyle);
  add(facts.sheetNames.length > 1 ? 'Data sheets' : 'Data sheet', facts.sheetNames.join(', '));
  if (facts.sheetNames.length > 1) {
    add(
      'Why several sheets',
      `Excel holds at most ${excelMaxDataRows.toLocaleString('en-US')} rows per sheet.`,
    );
  }
  add(
    'Values',
    'Numbers and true/false are typed cells. ISO 8601 timestamps with a time zone are Excel date-times in UTC ' +
      '(Excel keeps no time zone); everything else is text exactly as collected, never a formula.',
  );
  if (facts.shortenedCells > 0) {
    add(
      'Shortened cells',
      `${facts.shortenedCells.toLocaleString('en-US')} cell(s) exceeded Excel's ` +
        `${excelMaxCellLength.toLocaleString('en-US')}-character limit and end with "${truncationMarker.trim()}".`,
    );
  }
  if (facts.controlCharacterCells > 0) {
    add(
      'Control characters',
      `${facts.controlCharacterCells.toLocaleString('en-US')} cell(s) held control characters that an XLSX file ` +
        'cannot store; they were left out. The CSV and JSON exports keep them.',
    );
  }
  add('Verified', 'Every row was read back and matched the SHA-256 above before this file was written.');
  add('Exported', `${new Date().toISOString()} with Vouch ${vouchVersion}`);
  sheet.commit();
}
