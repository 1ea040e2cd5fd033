// A small HTTPS client for tests and benchmarks of the simulator itself: signs the JWT-bearer assertion
// with a key file, exchanges it at the token URI, follows nextPageToken. Connectors use their own client.
import { createPrivateKey, sign } from 'node:crypto';
import { Agent, fetch } from 'undici';
import { JWT_BEARER } from './service-account.ts';
import type { ServiceAccountKeyFile } from './service-account.ts';

export interface SimResponse {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
  json<T = unknown>(): T;
}

export interface AssertionOptions {
  keyFile: ServiceAccountKeyFile;
  scopes: string[];
  subject?: string;
  audience?: string;
  nowSeconds?: number;
  lifetimeSeconds?: number;
}

export function signAssertion(options: AssertionOptions): string {
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: options.keyFile.private_key_id };
  const claims = {
    iss: options.keyFile.client_email,
    ...(options.subject === undefined ? {} : { sub: options.subject }),
    scope: options.scopes.join(' '),
    aud: options.audience ?? options.keyFile.token_uri,
    iat: now,
    exp: now + (options.lifetimeSeconds ?? 3600),
  };
  const encode = (part: unknown): string => Buffer.from(JSON.stringify(part)).toString('base64url');
  const input = `${encode(header)}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(input), createPrivateKey(options.keyFile.private_key));
  return `${input}.${signature.toString('base64url')}`;
}

export interface GoogleSimClient {
  requestToken(options: AssertionOptions, form?: Record<string, string>): Promise<SimResponse>;
  /** An access token for these scopes as `subject` (throws on a refused exchange). */
  token(options: AssertionOptions): Promise<string>;
  get(pathOrUrl: string, token: string | null): Promise<SimResponse>;
  /** Every page of a list, following nextPageToken. */
  pages<T = Record<string, unknown>>(path: string, token: string): Promise<T[]>;
  close(): Promise<void>;
}

async function wrap(response: Awaited<ReturnType<typeof fetch>>): Promise<SimResponse> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}

export function googleSimClient(sim: { url: string; caPem: string; tokenUri: string }): GoogleSimClient {
  const dispatcher = new Agent({ connect: { ca: sim.caPem } });
  const client: GoogleSimClient = {
    async requestToken(options, form = {}) {
      const body = new URLSearchParams({
        grant_type: JWT_BEARER,
        assertion: signAssertion(options),
        ...form,
      });
      return wrap(await fetch(sim.tokenUri, { method: 'POST', body, dispatcher }));
    },
    async token(options) {
      const response = await client.requestToken(options);
      if (response.status !== 200)
        throw new Error(`token exchange failed: ${response.status} ${response.text}`);
      return response.json<{ access_token: string }>().access_token;
    },
    async get(pathOrUrl, token) {
      const url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${sim.url}${pathOrUrl}`;
      const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
      return wrap(await fetch(url, { headers, dispatcher }));
    },
    async pages<T>(path: string, token: string) {
      const out: T[] = [];
      let next: string | undefined;
      do {
        const url = new URL(`${sim.url}${path}`);
        if (next) url.searchParams.set('pageToken', next);
        const response = await client.get(url.toString(), token);
        if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${response.text}`);
        const body = response.json<T & { nextPageToken?: string }>();
        out.push(body);
        next = body.nextPageToken;
      } while (next);
      return out;
    },
    close: () => dispatcher.close(),
  };
  return client;
}
