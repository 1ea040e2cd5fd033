// Desktop delivery of a rendered export (main's side of DesktopFileDelivery): a save dialog, then the file is
// moved from the engine's private temporary directory to where the user chose. Main checks the request
// first: a plain file name, and a regular file inside a `vouch-export-*` directory of the system temp folder,
// so the engine process can never make main move an arbitrary file.
import { copyFile, lstat, realpath, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { VouchError } from '../engine/errors.ts';

export interface SaveExportDependencies {
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  /** The system temp folder (os.tmpdir()) the engine renders into. */
  tempRoot: string;
  /** Where the dialog starts (the Downloads folder). */
  defaultDir: string;
}

const filters: Readonly<Record<string, { name: string; extensions: string[] }>> = {
  '.csv': { name: 'CSV', extensions: ['csv'] },
  '.xlsx': { name: 'Excel workbook', extensions: ['xlsx'] },
  '.pdf': { name: 'PDF document', extensions: ['pdf'] },
  '.json': { name: 'JSON', extensions: ['json'] },
  '.zip': { name: 'Evidence bundle', extensions: ['zip'] },
};

export class ExportRequestRefusedError extends VouchError {
  constructor(problem: string) {
    super(
      'export_request_refused',
      `The desktop shell refused to save the export: ${problem}.`,
      'Try the export again. If it keeps happening, reinstall Vouch.',
    );
  }
}

export class ExportNotSavedError extends VouchError {
  constructor(fileName: string, destination: string, options?: ErrorOptions) {
    const code = (options?.cause as NodeJS.ErrnoException | undefined)?.code;
    super(
      'export_not_saved',
      `Vouch could not save ${fileName} to ${path.dirname(destination)}${code ? ` (${code})` : ''}.`,
      'Choose a folder you can write to, with enough free space, and export again.',
      options,
    );
  }
}

/** Resolves with the path the file was saved to, or null when the user cancelled. */
export async function saveExportedFile(
  request: { tempFilePath: string; fileName: string },
  deps: SaveExportDependencies,
): Promise<string | null> {
  const source = await checkedSource(request, deps.tempRoot);
  const extension = path.extname(request.fileName).toLowerCase();
  const filter = filters[extension];
  const choice = await deps.showSaveDialog({
    title: 'Save export',
    defaultPath: path.join(deps.defaultDir, request.fileName),
    filters: filter ? [filter] : [],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (choice.canceled || !choice.filePath) return null;
  const destination = choice.filePath;
  try {
    await moveFile(source, destination);
  } catch (cause) {
    throw new ExportNotSavedError(request.fileName, destination, { cause });
  }
  return destination;
}

async function checkedSource(
  request: { tempFilePath: string; fileName: string },
  tempRoot: string,
): Promise<string> {
  const { fileName, tempFilePath } = request;
  if (fileName !== path.basename(fileName) || /[/\\\0]/.test(fileName) || fileName.startsWith('.')) {
    throw new ExportRequestRefusedError('the file name is not a plain name');
  }
  if (!path.isAbsolute(tempFilePath))
    throw new ExportRequestRefusedError('the rendered file has no absolute path');
  let real: string;
  let realTemp: string;
  try {
    real = await realpath(tempFilePath);
    realTemp = await realpath(tempRoot);
  } catch {
    throw new ExportRequestRefusedError('the rendered file does not exist');
  }
  const parent = path.dirname(real);
  if (path.dirname(parent) !== realTemp || !path.basename(parent).startsWith('vouch-export-')) {
    throw new ExportRequestRefusedError('the rendered file is not in a Vouch export folder');
  }
  if (!(await lstat(real)).isFile())
    throw new ExportRequestRefusedError('the rendered file is not a regular file');
  return real;
}

/** rename, or copy and delete when the destination is on another file system. */
async function moveFile(source: string, destination: string): Promise<void> {
  try {
    await rename(source, destination);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(source, destination);
    await unlink(source);
  }
}
