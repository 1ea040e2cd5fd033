// One entry point for every export format, used by the CLI, bundles and (later) the UI. Every format streams
// the artifact's rows (memory stays flat) and writes its output only once the rows matched their SHA-256:
// a damaged artifact fails with ArtifactCorruptedError and leaves no file behind.
import type { StoredArtifact } from '../evidence/artifact-reader.ts';
import { VouchError } from '../errors.ts';
import { exportArtifactCsv } from './csv-export.ts';
import type { ExportProgress } from './export-file.ts';
import { exportArtifactJson } from './json-export.ts';
import { exportArtifactPdf, type PaperSize } from './pdf-export.ts';
import { exportArtifactXlsx } from './xlsx-export.ts';

export const exportFormats = ['csv', 'xlsx', 'pdf', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export type { ExportProgress } from './export-file.ts';
export type { PaperSize } from './pdf-export.ts';
export { paperSizes } from './pdf-export.ts';

export interface ExportOptions {
  /** CSV only: start with a UTF-8 byte order mark for Excel. */
  bom?: boolean;
  /** PDF only: the paper the report is laid out for (default A4). */
  paper?: PaperSize;
  /** Rows written so far, every few thousand rows and once at the end. */
  onProgress?: ExportProgress;
}

export class UnsupportedExportFormatError extends VouchError {
  constructor(format: string) {
    super(
      'unsupported_export_format',
      `Unknown export format "${format}".`,
      `Use one of: ${exportFormats.join(', ')}.`,
    );
  }
}

export function isExportFormat(format: string): format is ExportFormat {
  return (exportFormats as readonly string[]).includes(format);
}

/** Writes the artifact to `outPath` in `format`; resolves with the rows written. */
export async function exportArtifact(
  artifact: StoredArtifact,
  format: ExportFormat,
  outPath: string,
  options: ExportOptions = {},
): Promise<number> {
  const { onProgress } = options;
  switch (format) {
    case 'csv':
      return exportArtifactCsv(artifact, outPath, { bom: options.bom ?? false, onProgress });
    case 'xlsx':
      return exportArtifactXlsx(artifact, outPath, { onProgress });
    case 'pdf':
      return exportArtifactPdf(artifact, outPath, { paper: options.paper ?? 'A4', onProgress });
    case 'json':
      return exportArtifactJson(artifact, outPath, { onProgress });
    default:
      throw new UnsupportedExportFormatError(format);
  }
}
