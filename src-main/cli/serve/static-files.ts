// Serves the renderer build (dist/renderer) to the browser: files by path, index.html for any other
// extension-less path (client-side routes), never anything outside the build directory.
import { createReadStream, existsSync, realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { escapeHtml, sendPage } from './http-responses.ts';
import { contentTypeFor } from '../../../src-shared/content-types.ts';

export class StaticFiles {
  readonly #root: string;

  constructor(root: string) {
    this.#root = path.resolve(root);
  }

  /** Whether the build is there at all (index.html). */
  get built(): boolean {
    return existsSync(path.join(this.#root, 'index.html'));
  }

  async serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return sendPage(res, 400, 'Bad request', ['The address is not valid.']);
    }
    if (decoded.includes('\0')) return sendPage(res, 400, 'Bad request', ['The address is not valid.']);
    const file = await this.#resolve(decoded);
    if (file) return this.#send(req, res, file, decoded.startsWith('/assets/'));
    if (path.posix.extname(decoded) !== '')
      return sendPage(res, 404, 'Not found', ['There is no such file.']);
    const index = path.join(this.#root, 'index.html');
    if (!this.built) {
      return sendPage(res, 503, 'The Vouch interface is not built', [
        'This copy of Vouch has no browser interface yet. In the Vouch source directory, run ' +
          '<code>npm run build:renderer</code>, then reload this page.',
        `(Looked for ${escapeHtml(index)}.)`,
      ]);
    }
    return this.#send(req, res, index, false);
  }

  /** The file under the root for this URL path, or null (missing, a directory, or outside the root). */
  async #resolve(urlPath: string): Promise<string | null> {
    if (urlPath.endsWith('/')) return null;
    const candidate = path.resolve(this.#root, `.${path.posix.normalize(`/${urlPath}`)}`);
    if (!this.#inside(candidate)) return null;
    try {
      if (!(await stat(candidate)).isFile()) return null;
      // A symlink in the build must not lead outside it either.
      return this.#inside(realpathSync(candidate), realpathSync(this.#root)) ? candidate : null;
    } catch {
      return null;
    }
  }

  #inside(candidate: string, root = this.#root): boolean {
    return candidate.startsWith(`${root}${path.sep}`);
  }

  async #send(req: IncomingMessage, res: ServerResponse, file: string, immutable: boolean): Promise<void> {
    const { size } = await stat(file);
    res.writeHead(200, {
      'Content-Type': contentTypeFor(path.extname(file)),
      'Content-Length': size,
      // Vite names assets by content hash; index.html must be revalidated to pick up a new build.
      'Cache-Control': immutable ? 'private, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}
