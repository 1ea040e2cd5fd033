// One entry point for every export format, used by the CLI, bundles and (later) the UI. Every format streams
// the artifact's rows (memory stays flat) and writes its output only once the rows matched their SHA-256:
// a damaged artifact fails with ArtifactCorruptedError and leaves no file behind.
import type { StoredArtifact } from '../evidence/artifact-reader.ts';
import { VouchError } from '../errors.ts';
import type { ExportProgress } from './export-file.ts';
import type { PaperSize } from './paper-sizes.ts';

export const exportFormats = ['csv', 'xlsx', 'pdf', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export type { ExportProgress } from './export-file.ts';
export { paperSizes, type PaperSize } from './paper-sizes.ts';

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

/**
 * Writes the artifact to `outPath` in `format`; resolves with the rows written. Each format's writer is loaded
 * when it is first asked for: exceljs and pdfkit take longer to load than most commands take to run.
 */
export async function exportArtifact(
  artifact: StoredArtifact,
  format: ExportFormat,
  outPath: string,
  options: ExportOptions = {},
): Promise<number> {
  const { onProgress } = options;
  switch (format) {
    case 'csv': {
      const { exportArtifactCsv } = await import('./csv-export.ts');
      return exportArtifactCsv(artifact, outPath, { bom: options.bom ?? false, onProgress });
    }
    case 'xlsx': {
      const { exportArtifactXlsx } = await import('./xlsx-export.ts');
      return exportArtifactXlsx(artifact, outPath, { onProgress });
    }
    case 'pdf': {
      const { exportArtifactPdf } = await import('./pdf-export.ts');
      return exportArtifactPdf(artifact, outPath, { paper: options.paper ?? 'A4', onProgress });
    }
    case 'json': {
      const { exportArtifactJson } = await import('./json-export.ts');
      return exportArtifactJson(artifact, outPath, { onProgress });
    }
    default:
      throw new UnsupportedExportFormatError(format);
  }
}
