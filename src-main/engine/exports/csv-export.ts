// CSV export of an artifact: RFC 4180 via csv-stringify (CRLF line ends, quoting where needed), text cells
// neutralized against formula injection, written to a temporary file that only becomes the output once the
// artifact's hash has been verified.
import { createWriteStream } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { readArtifactRows, type StoredArtifact } from '../evidence/artifact-reader.ts';
import {
  abandonStream,
  finishStream,
  progressInterval,
  trackFailures,
  writeChunk,
  writeExportFile,
  type ExportProgress,
} from './export-file.ts';

/**
 * Spreadsheets execute cells starting with these (OWASP's CSV-injection list), including the full-width
 * forms ＝ ＋ － ＠ that Excel and LibreOffice read as their ASCII counterparts; a leading apostrophe makes
 * them text.
 */
const formulaTriggers = new Set(['=', '+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20']);
/** Whitespace a spreadsheet skips before it decides a cell is a formula (" =1+1" still evaluates). */
const leadingWhitespace = /^[\s\u3000]+/u;

/** True when a spreadsheet would evaluate this text as a formula. */
export function isFormulaLike(text: string): boolean {
  if (text.length === 0) return false;
  if (formulaTriggers.has(text[0] as string)) return true;
  const rest = text.replace(leadingWhitespace, '');
  return rest.length > 0 && rest.length < text.length && formulaTriggers.has(rest[0] as string);
}

/**
 * A cell as CSV text. Text that a spreadsheet would evaluate as a formula gets a leading apostrophe; numbers
 * and booleans are data, never formulas, so a negative number stays a number.
 */
export function neutralizeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return isFormulaLike(text) ? `'${text}` : text;
}

export interface CsvOptions {
  /** A UTF-8 byte order mark, so Excel detects the encoding. */
  bom: boolean;
  onProgress?: ExportProgress;
}

/** Rows stringified and written together. */
const batchSize = 1_000;

export function exportArtifactCsv(
  artifact: StoredArtifact,
  outPath: string,
  options: CsvOptions,
): Promise<number> {
  const columns = artifact.provenance.columns;
  // csv-stringify quotes a bare CR or LF only when asked to (RFC 4180 wants every line break quoted).
  const stringifyRows = (records: string[][]) =>
    stringify(records, { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
  return writeExportFile(outPath, async (tempPath) => {
    const file = trackFailures(createWriteStream(tempPath));
    let rows = 0;
    try {
      // Column names come from connectors (account attributes): they are neutralized like any other text.
      const header = (options.bom ? '\ufeff' : '') + stringifyRows([columns.map(neutralizeCell)]);
      await writeChunk(file, header);
      let batch: string[][] = [];
      for await (const row of readArtifactRows(artifact)) {
        batch.push(columns.map((column) => neutralizeCell(row[column])));
        rows++;
        if (batch.length === batchSize) {
          await writeChunk(file, stringifyRows(batch));
          batch = [];
        }
        if (rows % progressInterval === 0) options.onProgress?.(rows);
      }
      if (batch.length > 0) await writeChunk(file, stringifyRows(batch));
      await finishStream(file);
      options.onProgress?.(rows);
      return rows;
    } catch (error) {
      await abandonStream(file);
      throw error;
    }
  });
}
