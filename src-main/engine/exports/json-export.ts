// JSON export of an artifact: { "artifactId", "provenance", "rows": [...] }, streamed row by row (one row per
// line, so the file reads well and diffs well), written to a temporary file until the hash has been verified.
import { createWriteStream } from 'node:fs';
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

export interface JsonOptions {
  onProgress?: ExportProgress;
}

/** Rows are gathered into chunks of about this many characters before they are written. */
const chunkSize = 64 * 1024;

function indent(json: string, spaces: number): string {
  return json.replaceAll('\n', `\n${' '.repeat(spaces)}`);
}

export function exportArtifactJson(
  artifact: StoredArtifact,
  outPath: string,
  options: JsonOptions = {},
): Promise<number> {
  return writeExportFile(outPath, async (tempPath) => {
    const file = trackFailures(createWriteStream(tempPath));
    let rows = 0;
    try {
      const opening =
        `{\n  "artifactId": ${JSON.stringify(artifact.id)},\n` +
        `  "provenance": ${indent(JSON.stringify(artifact.provenance, null, 2), 2)},\n` +
        `  "rows": [`;
      let chunk = opening;
      for await (const row of readArtifactRows(artifact)) {
        chunk += `${rows === 0 ? '\n' : ',\n'}    ${JSON.stringify(row)}`;
        rows++;
        if (chunk.length >= chunkSize) {
          await writeChunk(file, chunk);
          chunk = '';
        }
        if (rows % progressInterval === 0) options.onProgress?.(rows);
      }
      chunk += rows === 0 ? ']\n}\n' : '\n  ]\n}\n';
      await writeChunk(file, chunk);
      await finishStream(file);
      options.onProgress?.(rows);
      return rows;
    } catch (error) {
      await abandonStream(file);
      throw error;
    }
  });
}
