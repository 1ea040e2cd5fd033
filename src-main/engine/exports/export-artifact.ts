// One entry point for every export format, used by the CLI, bundles and (later) the UI.
import type { StoredArtifact } from '../evidence/artifact-reader.ts';
import { VouchError } from '../errors.ts';
import { exportArtifactCsv } from './csv-export.ts';

export const exportFormats = ['csv', 'xlsx', 'pdf', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportOptions {
  /** CSV only: start with a UTF-8 byte order mark for Excel. */
  bom?: boolean;
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
  switch (format) {
    case 'csv':
      return exportArtifactCsv(artifact, outPath, { bom: options.bom ?? false });
    default:
      throw new UnsupportedExportFormatError(format);
  }
}
