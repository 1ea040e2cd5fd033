// How a rendered export reaches the user: a one-time download link in browser mode, a save dialog on the
// desktop. Handlers render into a private temporary directory and remove it once deliver() resolves.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface FileDelivery {
  /**
   * Hands the file over to the user under `fileName`. The file at `tempFilePath` only exists until the
   * returned promise resolves: move or copy it before resolving. `downloadUrl` is set when the user fetches
   * the file later (browser mode), `savedTo` when it was written where the user chose; both null when the
   * user cancelled.
   */
  deliver(
    tempFilePath: string,
    fileName: string,
  ): Promise<{ downloadUrl: string | null; savedTo: string | null }>;
}

/** Runs `work` in a fresh directory only this user can read (mkdtemp: mode 0700), removed afterwards. */
export async function withPrivateTempDir<T>(
  parent: string | undefined,
  work: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(parent ?? os.tmpdir(), 'vouch-export-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A file name without path separators or characters that trouble shells and file systems. */
export function safeFileNamePart(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[.-]+/, '')
      .slice(0, 80) || 'export'
  );
}
