// A small HTTPS client for tests and benchmarks of the simulator itself: trusts the simulator's CA,
// sends the SSWS token, keeps connections alive. Connectors use the official Okta SDK instead.
import { Agent, fetch } from 'undici';
import type { OktaSimulator } from './server.ts';

export interface SimResponse {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
  /** The parsed body; throws when the body is not JSON. */
  json<T = unknown>(): T;
  /** Values of the `Link` header by relation (`self`, `next`). */
  links: Record<string, string>;
}

export interface RequestOptions {
  /** Default: the org's token; null sends no Authorization header. */
  token?: string | null;
  /** A raw Authorization header, overriding `token`. */
  authorization?: string;
  method?: string;
}

export interface SimClient {
  /** GET a path (or an absolute URL, as found in Link headers). */
  get(pathOrUrl: string, options?: RequestOptions): Promise<SimResponse>;
  close(): Promise<void>;
}

export function parseLinkHeader(value: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  for (const match of (value ?? '').matchAll(/<([^>]*)>\s*;\s*rel="([^"]+)"/g)) {
    links[match[2] as string] = match[1] as string;
  }
  return links;
}

export function simClient(sim: Pick<OktaSimulator, 'url' | 'caPem' | 'token'>): SimClient {
  const agent = new Agent({ connect: { ca: sim.caPem } });
  return {
    async get(pathOrUrl, options = {}) {
      const headers: Record<string, string> = { accept: 'application/json' };
      const token = options.token === undefined ? sim.token : options.token;
      if (options.authorization !== undefined) headers.authorization = options.authorization;
      else if (token !== null) headers.authorization = `SSWS ${token}`;
      const url = pathOrUrl.startsWith('https://') ? pathOrUrl : sim.url + pathOrUrl;
      const response = await fetch(url, { dispatcher: agent, headers, method: options.method ?? 'GET' });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        text,
        json: <T>() => JSON.parse(text) as T,
        links: parseLinkHeader(response.headers.get('link')),
      };
    },
    close: () => agent.close(),
  };
}
