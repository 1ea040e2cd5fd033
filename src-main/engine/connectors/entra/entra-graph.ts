// One Microsoft Graph session for a test or a sync: the Graph client (request building, error parsing into
// GraphError) over our own transport middleware, which sends through undici with the source's custom CA
// and HTTPS_PROXY, attaches the token, honours 429/503/504 Retry-After (exponential backoff without it),
// retries dropped connections and 500/502 a few times, refuses to send the token off the Graph origin,
// and counts pages for the dataset running in the current async context.
import tls from 'node:tls';
import { Client, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { Agent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { z } from 'zod';
import { sleep } from '../concurrency.ts';
import { proxyFromEnvironment } from '../http-agent.ts';
import { datasetPageCounter } from '../page-counter.ts';
import type { ConnectorContext } from '../types.ts';
import { entraCredential, parseEntraTarget, type EntraCredential, type EntraTarget } from './entra-config.ts';
import { EntraTokenSource } from './entra-token.ts';

export interface EntraPolicy {
  /** Waits on 429/503/504 tolerated for one request before its answer is reported as rate limited. */
  maxThrottleWaits: number;
  /** A Retry-After longer than this is reported at once instead of waited out. */
  maxRetryAfterSeconds: number;
  /** Retries of one request after a dropped connection or a 500/502. */
  retries: number;
  retryBaseMs: number;
  requestTimeoutMs: number;
}

export const syncPolicy: EntraPolicy = {
  maxThrottleWaits: 20,
  maxRetryAfterSeconds: 300,
  retries: 4,
  retryBaseMs: 500,
  requestTimeoutMs: 60_000,
};

/** Connection tests answer within seconds. */
export const testPolicy: EntraPolicy = {
  maxThrottleWaits: 2,
  maxRetryAfterSeconds: 5,
  retries: 1,
  retryBaseMs: 250,
  requestTimeoutMs: 15_000,
};

export class EntraConfigurationError extends Error {}

/** A request (a nextLink) aimed at another origin than the configured Graph: refused, the token would go. */
export class ForeignOriginError extends Error {}

/** A Graph page as every collection sends it. */
const pageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.count': z.number().int().optional(),
});

export interface ListQuery {
  select?: readonly string[];
  top?: number;
  /** Ask for `@odata.count` (needs ConsistencyLevel: eventual, which is then sent on every page). */
  count?: boolean;
  filter?: string;
  expand?: string;
}

function createDispatcher(caPem: string | null, proxyUrl: string | null, timeoutMs: number): Dispatcher {
  // Extra CAs are added to, not substituted for, the public roots (the authority and Graph may differ).
  const ca = caPem ? [...tls.rootCertificates, caPem] : undefined;
  const timeouts = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connectTimeout: timeoutMs };
  if (proxyUrl) {
    return new ProxyAgent({
      uri: proxyUrl,
      ...timeouts,
      ...(ca ? { requestTls: { ca }, proxyTls: { ca } } : {}),
    });
  }
  return new Agent({ ...timeouts, keepAliveTimeout: 10_000, ...(ca ? { connect: { ca } } : {}) });
}

const transientCodes = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

function isTransient(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && transientCodes.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Seconds from Retry-After (delta-seconds or an HTTP date); null when absent or unreadable. */
function retryAfterSeconds(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000);
}

class GraphTransport implements Middleware {
  constructor(
    private readonly origin: string,
    private readonly tokens: EntraTokenSource,
    private readonly dispatcher: Dispatcher,
    private readonly policy: EntraPolicy,
    private readonly signal: AbortSignal,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin !== this.origin) {
      throw new ForeignOriginError(`Graph pointed a request at ${new URL(url).origin}, not ${this.origin}.`);
    }
    const options = context.options ?? {};
    let throttleWaits = 0;
    let retries = 0;
    let refreshed = false;
    for (;;) {
      const headers = new Headers(options.headers as Record<string, string> | undefined);
      headers.set('Authorization', `Bearer ${await this.tokens.token(refreshed)}`);
      let response: Awaited<ReturnType<typeof undiciFetch>>;
      try {
        response = await undiciFetch(url, {
          method: options.method ?? 'GET',
          headers: Object.fromEntries(headers),
          body: options.body as string | undefined,
          dispatcher: this.dispatcher,
        });
      } catch (error) {
        if (isTransient(error) && retries < this.policy.retries && !this.signal.aborted) {
          await sleep(this.policy.retryBaseMs * 2 ** retries++, this.signal);
          continue;
        }
        throw error;
      }
      const status = response.status;
      if (status === 429 || status === 503 || status === 504) {
        const wait = retryAfterSeconds(response.headers.get('retry-after'));
        const seconds = wait ?? 2 ** throttleWaits;
        if (throttleWaits < this.policy.maxThrottleWaits && seconds <= this.policy.maxRetryAfterSeconds) {
          await response.body?.cancel();
          throttleWaits++;
          await sleep(seconds * 1000, this.signal);
          continue;
        }
      } else if ((status === 500 || status === 502) && retries < this.policy.retries) {
        await response.body?.cancel();
        await sleep(this.policy.retryBaseMs * 2 ** retries++, this.signal);
        continue;
      } else if (status === 401 && !refreshed) {
        // A token revoked or expired early (Graph: "Lifetime validation failed"): one fresh token, once.
        await response.body?.cancel();
        refreshed = true;
        continue;
      }
      if (response.ok) {
        const counter = datasetPageCounter.getStore();
        if (counter) counter.pages++;
      }
      context.response = response as unknown as Response;
      return;
    }
  }
}

export interface EntraSession {
  target: EntraTarget;
  credential: EntraCredential;
  tokens: EntraTokenSource;
  client: Client;
  policy: EntraPolicy;
  signal: AbortSignal;
  /** Every page of a collection, parsed, handed over page by page; returns `@odata.count` when asked. */
  list(path: string, query: ListQuery, onPage: (items: unknown[]) => Promise<void>): Promise<number | null>;
  /** A bare integer from a `/$count` path (ConsistencyLevel: eventual). */
  count(path: string): Promise<number>;
  close(): Promise<void>;
}

export function openEntraSession(ctx: ConnectorContext, policy: EntraPolicy): EntraSession {
  const target = parseEntraTarget(ctx.config);
  if (!target.ok) throw new EntraConfigurationError(target.problem);
  const credential = entraCredential(ctx.secrets);
  if (!credential.ok) throw new EntraConfigurationError(credential.problem);
  const dispatcher = createDispatcher(
    ctx.caPem,
    ctx.proxyUrl ?? proxyFromEnvironment(new URL(target.graphUrl).host),
    policy.requestTimeoutMs,
  );
  // Aborting destroys the dispatcher, which fails every request in flight: undici would otherwise keep one
  // abort listener per request on the caller's signal until each is garbage-collected (thousands per sync).
  const signal = ctx.signal;
  const abort = () => void dispatcher.destroy(signal.reason as Error).catch(() => {});
  signal.addEventListener('abort', abort, { once: true });
  const tokens = new EntraTokenSource(target, credential.credential, dispatcher, signal, {
    retries: policy.retries,
    baseMs: policy.retryBaseMs,
  });
  const client = Client.initWithMiddleware({
    baseUrl: target.graphUrl,
    defaultVersion: 'v1.0',
    middleware: new GraphTransport(target.graphUrl, tokens, dispatcher, policy, signal),
  });

  const list: EntraSession['list'] = async (path, query, onPage) => {
    let request = client.api(path);
    if (query.select) request = request.select([...query.select]);
    if (query.top) request = request.top(query.top);
    if (query.filter) request = request.filter(query.filter);
    if (query.expand) request = request.expand(query.expand);
    if (query.count) request = request.count(true).header('ConsistencyLevel', 'eventual');
    let page = pageSchema.parse(await request.get());
    const reported = page['@odata.count'] ?? null;
    for (;;) {
      await onPage(page.value);
      const next = page['@odata.nextLink'];
      if (!next) return reported;
      // The nextLink repeats the query, $count=true included, so it needs the header again.
      let nextRequest = client.api(next);
      if (query.count) nextRequest = nextRequest.header('ConsistencyLevel', 'eventual');
      page = pageSchema.parse(await nextRequest.get());
    }
  };

  const count: EntraSession['count'] = async (path) => {
    const body: unknown = await client.api(path).header('ConsistencyLevel', 'eventual').get();
    return z.coerce
      .number()
      .int()
      .nonnegative()
      .parse(typeof body === 'string' ? body.trim() : body);
  };

  return {
    target,
    credential: credential.credential,
    tokens,
    client,
    policy,
    signal,
    list,
    count,
    close: () => {
      signal.removeEventListener('abort', abort);
      return signal.aborted ? Promise.resolve() : dispatcher.close();
    },
  };
}
