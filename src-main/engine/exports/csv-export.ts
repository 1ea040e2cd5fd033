// CSV export of an artifact: RFC 4180 via csv-stringify, cells neutralized against formula injection,
// written to a temporary file that only becomes the output once the artifact's hash has been verified.
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import { readArtifactRows, type StoredArtifact } from '../evidence/artifact-reader.ts';

/** Spreadsheets execute cells starting with these; a leading apostrophe makes them text. */
const formulaTriggers = new Set(['=', '+', '-', '@', '\t', '\r']);

export function neutralizeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > 0 && formulaTriggers.has(text[0] as string) ? `'${text}` : text;
}

export interface CsvOptions {
  /** A UTF-8 byte order mark, so Excel detects the encoding. */
  bom: boolean;
}

export async function exportArtifactCsv(
  artifact: StoredArtifact,
  outPath: string,
  options: CsvOptions,
): Promise<number> {
  const tempPath = `${outPath}.partial`;
  const columns = artifact.provenance.columns;
  const csv = stringify({ header: true, columns, bom: options.bom, record_delimiter: 'windows' });
  const file = createWriteStream(tempPath);
  csv.pipe(file);
  let rows = 0;
  try {
    for await (const row of readArtifactRows(artifact)) {
      const cells = columns.map((column) => neutralizeCell(row[column]));
      if (!csv.write(cells)) await once(csv, 'drain');
      rows++;
    }
    csv.end();
    await once(file, 'close');
    renameSync(tempPath, outPath);
    return rows;
  } catch (error) {
    csv.destroy();
    file.destroy();
    rmSync(tempPath, { force: true });
    throw error;
  }
}
