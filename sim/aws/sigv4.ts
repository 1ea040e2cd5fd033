// AWS Signature Version 4, verified the way AWS does: rebuild the canonical request from what arrived,
// sign it with the secret the access key id names, and compare. Written out here (not borrowed from the
// SDK) so that the simulator checks the SDK rather than agreeing with it by construction.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface SignedRequestParts {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

/** The Authorization header's parts, or null when it is missing or not SigV4. */
export function parseAuthorization(req: IncomingMessage): SignedRequestParts | null {
  const header = req.headers.authorization;
  const amzDate = req.headers['x-amz-date'];
  if (typeof header !== 'string' || typeof amzDate !== 'string') return null;
  const m = AUTH.exec(header);
  if (!m) return null;
  return {
    accessKeyId: m[1] as string,
    date: m[2] as string,
    region: m[3] as string,
    service: m[4] as string,
    signedHeaders: (m[5] as string).split(';'),
    signature: m[6] as string,
    amzDate,
  };
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalQuery(url: URL): string {
  return [...url.searchParams.entries()]
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Whether the request's signature is the one `secret` gives. */
export function signatureMatches(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  parts: SignedRequestParts,
  secret: string,
): boolean {
  const headers = parts.signedHeaders.map((name) => {
    const raw = req.headers[name];
    const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
    return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
  });
  const canonical = [
    req.method ?? 'POST',
    url.pathname
      .split('/')
      .map((s) => encode(decodeURIComponent(s)))
      .join('/') || '/',
    canonicalQuery(url),
    headers.join(''),
    parts.signedHeaders.join(';'),
    sha256(body),
  ].join('\n');
  const scope = `${parts.date}/${parts.region}/${parts.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', parts.amzDate, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${secret}`, parts.date);
  key = hmac(key, parts.region);
  key = hmac(key, parts.service);
  key = hmac(key, 'aws4_request');
  const expected = createHmac('sha256', key).update(toSign).digest();
  const given = Buffer.from(parts.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
