// Serves the renderer build (dist/renderer) at app://vouch/. Every request path is checked before it touches
// the disk: decoded segment by segment, no dot segments (plain or percent-encoded), no separators or NULs
// hidden inside a segment, no drive letters; the resolved file, symlinks followed, must lie inside the root.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { appHost, appScheme } from './app-origin.ts';
import { securityHeaders } from './content-security-policy.ts';
import { contentTypeFor } from '../../src-shared/content-types.ts';

/** A `..` segment anywhere in the raw URL, spelled with dots, %2e, or a mix, ended by a separator or the end. */
const dotDotSegment = /(?:^|[/\\]|%2f|%5c)(?:\.|%2e){2}(?:[/\\?#]|%2f|%5c|$)/i;

/**
 * The file under `rootDir` that an app:// URL names, or null when the URL is not ours or its path is not
 * a plain relative path. Lexical only; the handler also checks where symlinks lead.
 */
export function resolveAppAssetPath(rootDir: string, rawUrl: string): string | null {
  if (dotDotSegment.test(rawUrl)) return null;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${appScheme}:` || url.hostname.toLowerCase() !== appHost) return null;
  if (url.port !== '' || url.username !== '' || url.password !== '') return null;

  const pathname = url.pathname === '' || url.pathname === '/' ? '/index.html' : url.pathname;
  if (!pathname.startsWith('/')) return null;
  const segments: string[] = [];
  for (const rawSegment of pathname.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return null; // malformed percent-encoding
    }
    if (!isPlainSegment(segment)) return null;
    segments.push(segment);
  }

  const root = path.resolve(rootDir);
  const candidate = path.resolve(root, ...segments);
  return isInside(root, candidate) ? candidate : null;
}

function isPlainSegment(segment: string): boolean {
  if (segment === '' || segment === '.' || segment === '..') return false;
  // Separators or NUL smuggled in by percent-encoding; ':' would make a Windows drive or stream name.
  if (/[/\\\0:]/.test(segment)) return false;
  // Windows ignores trailing dots and spaces, so `...` or `.. ` could still mean the parent there.
  if (/^[. ]+$/.test(segment)) return false;
  return true;
}

function isInside(root: string, candidate: string): boolean {
  return candidate !== root && candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

export interface AppProtocolOptions {
  rootDir: string;
  log?: (line: string) => void;
}

/** The handler for `protocol.handle('app', ...)`. */
export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  const log = options.log ?? (() => {});
  const root = path.resolve(options.rootDir);

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plainResponse(405, 'Method Not Allowed');
    const lexical = resolveAppAssetPath(root, request.url);
    if (lexical === null) {
      log(`app protocol: refused ${truncate(request.url)}`);
      return plainResponse(404, 'Not Found');
    }
    const file = await existingFileInside(root, lexical);
    if (file === null) return plainResponse(404, 'Not Found');
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, {
      status: 200,
      headers: {
        ...securityHeaders,
        'Content-Type': contentTypeFor(path.extname(file)),
        'Cache-Control': 'no-cache',
      },
    });
  };
}

/** The real path of a regular file inside the root, or null (missing, a directory, or a symlink out). */
async function existingFileInside(root: string, lexical: string): Promise<string | null> {
  try {
    const realRoot = await realpath(root);
    const real = await realpath(lexical);
    if (!isInside(realRoot, real)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

function plainResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

function truncate(value: string): string {
  return value.length > 200 ? `${value.slice(0, 200)}…` : value;
}
