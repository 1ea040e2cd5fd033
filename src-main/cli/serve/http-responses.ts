// Response helpers shared by the routes of `vouch serve`: security headers on everything, JSON and small HTML
// pages, and a JSON body reader with a size limit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from '../../../src-shared/api.ts';

export const contentSecurityPolicy =
  "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
  "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

export function sendApiError(res: ServerResponse, status: number, error: ApiError): void {
  sendJson(res, status, { ok: false, error });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small self-contained page (no scripts, inline style allowed by the CSP). */
export function sendPage(res: ServerResponse, status: number, title: string, paragraphs: string[]): void {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}' +
    'code{background:#eee;padding:0 .25rem;border-radius:3px}</style></head><body>' +
    `<h1>${escapeHtml(title)}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</body></html>`;
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

export class RequestBodyError extends Error {
  constructor(
    readonly status: number,
    readonly apiError: ApiError,
  ) {
    super(apiError.message);
  }
}

/** The request's JSON body (`{}` when empty), at most `limit` bytes. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new RequestBodyError(415, {
      code: 'unsupported_media_type',
      message: 'API calls must send a JSON body (Content-Type: application/json).',
      nextStep: null,
    });
  }
  const tooLarge = new RequestBodyError(413, {
    code: 'request_too_large',
    message: `The request is larger than ${Math.round(limit / 1024)} KB.`,
    nextStep: 'Send less data at once (a CA file should be a few KB).',
  });
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    throw tooLarge;
  }
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // Keep reading (and dropping) the rest, so the 413 can still be written on this connection.
      req.off('data', onData);
      req.resume();
      reject(tooLarge);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestBodyError(400, {
      code: 'invalid_json',
      message: 'The request body is not valid JSON.',
      nextStep: null,
    });
  }
}
