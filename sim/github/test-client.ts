// A small HTTPS client for tests and benchmarks of the simulator itself: trusts the simulator's CA, sends
// `Authorization: token ...`, keeps connections alive. Connectors use Octokit instead.
import { Agent, fetch } from 'undici';
import type { GitHubSimulator } from './server.ts';

export interface SimResponse {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
  /** The parsed body; throws when the body is not JSON. */
  json<T = unknown>(): T;
  /** URLs of the `Link` header by relation (`next`, `last`, `prev`, `first`). */
  links: Record<string, string>;
}

export interface RequestOptions {
  /** Default: the simulator's default token; null sends no Authorization header. */
  token?: string | null;
  /** A raw Authorization header, overriding `token`. */
  authorization?: string;
  method?: string;
  body?: string;
}

export interface SimClient {
  /** GET a path (or an absolute URL, as found in Link headers). */
  get(pathOrUrl: string, options?: RequestOptions): Promise<SimResponse>;
  /** POST a GraphQL query to `/graphql` (or `path`). */
  graphql(
    query: string,
    variables?: Record<string, unknown>,
    options?: RequestOptions & { path?: string },
  ): Promise<SimResponse>;
  close(): Promise<void>;
}

export function parseLinkHeader(value: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  for (const match of (value ?? '').matchAll(/<([^>]*)>\s*;\s*rel="([^"]+)"/g)) {
    links[match[2] as string] = match[1] as string;
  }
  return links;
}

export function simClient(sim: Pick<GitHubSimulator, 'url' | 'caPem' | 'token'>): SimClient {
  const agent = new Agent({ connect: { ca: sim.caPem } });
  const send = async (pathOrUrl: string, options: RequestOptions = {}): Promise<SimResponse> => {
    const headers: Record<string, string> = {
      accept: 'application/vnd.github+json',
      'user-agent': 'vouch-sim-test',
    };
    const token = options.token === undefined ? sim.token : options.token;
    if (options.authorization !== undefined) headers.authorization = options.authorization;
    else if (token !== null) headers.authorization = `token ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const url = pathOrUrl.startsWith('https://') ? pathOrUrl : sim.url + pathOrUrl;
    const response = await fetch(url, {
      dispatcher: agent,
      headers,
      method: options.method ?? 'GET',
      body: options.body,
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: <T>() => JSON.parse(text) as T,
      links: parseLinkHeader(response.headers.get('link')),
    };
  };
  return {
    get: send,
    graphql: (query, variables = {}, options = {}) =>
      send(options.path ?? '/graphql', {
        ...options,
        method: 'POST',
        body: JSON.stringify({ query, variables }),
      }),
    close: () => agent.close(),
  };
}
