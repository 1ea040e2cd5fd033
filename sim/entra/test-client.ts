// A small HTTPS client for tests and benchmarks of the simulator itself: trusts the simulator's CA, gets
// tokens by the client-credentials grant, follows `@odata.nextLink`. Connectors use their own client.
import { Agent, fetch } from 'undici';
import type { EntraSimulator } from './server.ts';

export interface SimResponse {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
  /** The parsed body; throws when the body is not JSON. */
  json<T = unknown>(): T;
}

export interface TokenRequest {
  tenant?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  /** Extra or replacement form fields (client_assertion...). */
  form?: Record<string, string>;
}

export interface GraphGetOptions {
  /** Default: a token from `token()`; null sends no Authorization header. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface EntraSimClient {
  /** POSTs the client-credentials grant (defaults: the simulator's tenant, client and current secret). */
  requestToken(request?: TokenRequest): Promise<SimResponse>;
  /** A fresh access token for the default client (cached until `forgetToken`). */
  token(): Promise<string>;
  forgetToken(): void;
  /** GET a Graph path (`/v1.0/users`) or an absolute URL (a nextLink). */
  get(pathOrUrl: string, options?: GraphGetOptions): Promise<SimResponse>;
  /** Follows nextLinks from `path`, returning every page's body. */
  pages<T = Record<string, unknown>>(
    path: string,
    options?: GraphGetOptions,
  ): Promise<Array<{ value: T[]; [k: string]: unknown }>>;
  close(): Promise<void>;
}

async function wrap(response: Awaited<ReturnType<typeof fetch>>): Promise<SimResponse> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}

export function entraSimClient(
  sim: Pick<EntraSimulator, 'url' | 'caPem' | 'tenantId' | 'clientId' | 'clientSecret'>,
): EntraSimClient {
  const agent = new Agent({ connect: { ca: sim.caPem } });
  let cached: string | undefined;
  const client: EntraSimClient = {
    async requestToken(request = {}) {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: request.clientId ?? sim.clientId,
        scope: request.scope ?? 'https://graph.microsoft.com/.default',
      });
      if (request.form === undefined || !('client_assertion' in request.form))
        form.set('client_secret', request.clientSecret ?? sim.clientSecret);
      for (const [name, value] of Object.entries(request.form ?? {})) form.set(name, value);
      const tenant = encodeURIComponent(request.tenant ?? sim.tenantId);
      return wrap(
        await fetch(`${sim.url}/${tenant}/oauth2/v2.0/token`, {
          dispatcher: agent,
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        }),
      );
    },
    async token() {
      if (cached === undefined) {
        const response = await client.requestToken();
        if (response.status !== 200)
          throw new Error(`token request failed: ${response.status} ${response.text}`);
        cached = response.json<{ access_token: string }>().access_token;
      }
      return cached;
    },
    forgetToken() {
      cached = undefined;
    },
    async get(pathOrUrl, options = {}) {
      const headers: Record<string, string> = { accept: 'application/json', ...(options.headers ?? {}) };
      const token = options.token === undefined ? await client.token() : options.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      const url = pathOrUrl.startsWith('https://') ? pathOrUrl : sim.url + pathOrUrl;
      return wrap(await fetch(url, { dispatcher: agent, headers }));
    },
    async pages(path, options = {}) {
      const out = [];
      let next: string | undefined = path;
      while (next !== undefined) {
        const response = await client.get(next, options);
        if (response.status !== 200) throw new Error(`GET ${next}: ${response.status} ${response.text}`);
        const body = response.json<{ value: never[]; '@odata.nextLink'?: string }>();
        out.push(body);
        next = body['@odata.nextLink'];
      }
      return out;
    },
    close: () => agent.close(),
  };
  return client;
}
