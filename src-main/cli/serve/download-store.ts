// Browser mode's FileDelivery: a rendered export is moved into a private directory and offered once at
// /download/<random id>. The first request takes it (a second gets 404); unclaimed files go after 10 minutes.
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { copyFile, rename, stat, unlink } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { FileDelivery } from '../../engine/api/file-delivery.ts';

interface PendingDownload {
  filePath: string;
  fileName: string;
  timer: NodeJS.Timeout;
}

const contentTypes: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.zip': 'application/zip',
};

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export class DownloadStore implements FileDelivery {
  readonly #dir: string;
  readonly #pending = new Map<string, PendingDownload>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    parentDir = os.tmpdir(),
  ) {
    this.#dir = mkdtempSync(path.join(parentDir, 'vouch-downloads-'));
  }

  async deliver(tempFilePath: string, fileName: string): Promise<{ downloadUrl: string; savedTo: null }> {
    const id = randomBytes(18).toString('base64url');
    const filePath = path.join(this.#dir, id);
    try {
      await rename(tempFilePath, filePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await copyFile(tempFilePath, filePath);
    }
    const timer = setTimeout(() => this.#discard(id), this.ttlMs);
    timer.unref();
    this.#pending.set(id, { filePath, fileName, timer });
    return { downloadUrl: `/download/${id}`, savedTo: null };
  }

  /** Streams the file once and deletes it; false when the id is unknown, taken or expired. */
  async serve(id: string, res: ServerResponse): Promise<boolean> {
    const entry = this.#pending.get(id);
    if (!entry) return false;
    this.#pending.delete(id);
    clearTimeout(entry.timer);
    const remove = () => void unlink(entry.filePath).catch(() => {});
    let size: number;
    try {
      size = (await stat(entry.filePath)).size;
    } catch {
      remove();
      return false;
    }
    res.writeHead(200, {
      'Content-Type': contentTypes[path.extname(entry.fileName).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': size,
      'Content-Disposition': contentDisposition(entry.fileName),
      'Cache-Control': 'no-store',
    });
    const file = createReadStream(entry.filePath);
    file.on('error', () => res.destroy());
    res.on('close', () => {
      file.destroy();
      remove();
    });
    file.pipe(res);
    return true;
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  close(): void {
    for (const entry of this.#pending.values()) clearTimeout(entry.timer);
    this.#pending.clear();
    rmSync(this.#dir, { recursive: true, force: true });
  }

  #discard(id: string): void {
    const entry = this.#pending.get(id);
    if (!entry) return;
    this.#pending.delete(id);
    void unlink(entry.filePath).catch(() => {});
  }
}
