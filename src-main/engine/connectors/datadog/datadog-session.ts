// The transport of a Datadog test or sync: the official client (@datadog/datadog-api-client) configured
// with the source's base URL and both keys explicitly (never DD_* from the environment), over a fetch bound
// to an undici dispatcher with the custom CA and HTTPS_PROXY. The fetch paces itself by X-RateLimit-*:
// when a rate-limit name is spent it waits for its reset before the next request, and a 429 or 5xx is
// retried after X-RateLimit-Reset (or a backoff); the client's own retry stays off so the wait is ours.
import { setMaxListeners } from 'node:events';
import tls from 'node:tls';
import { client, logger } from '@datadog/datadog-api-client';
import { Agent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { sleep } from '../concurrency.ts';
import { proxyFromEnvironment } from '../http-agent.ts';
import { datasetPageCounter } from '../page-counter.ts';
import type { ConnectorContext } from '../types.ts';
import { parseDatadogTarget } from './datadog-config.ts';

export interface DatadogPolicy {
  /** Retries of a 5xx or connection failure. */
  retries: number;
  retryBaseMs: number;
  /** 429s waited out per request. */
  maxRateLimitWaits: number;
  /** A reset further away than this is not waited for: the dataset ends rate_limited. */
  maxRateLimitWaitSeconds: number;
  requestTimeoutMs: number;
}

export const syncPolicy: DatadogPolicy = {
  retries: 3,
  retryBaseMs: 500,
  maxRateLimitWaits: 5,
  maxRateLimitWaitSeconds: 120,
  requestTimeoutMs: 60_000,
};

/** Test Connection answers in seconds: one retry, no long waits. */
export const testPolicy: DatadogPolicy = {
  retries: 1,
  retryBaseMs: 300,
  maxRateLimitWaits: 1,
  maxRateLimitWaitSeconds: 10,
  requestTimeoutMs: 20_000,
};

export class DatadogConfigurationError extends Error {}

export interface DatadogSession {
  configuration: client.Configuration;
  baseUrl: string;
  site: string;
  close(): Promise<void>;
}

// The client logs failed requests at error level to the console; Vouch reports them itself.
logger.setLevel('silent');

function createDispatcher(caPem: string | null, proxyUrl: string | null, timeoutMs: number): Dispatcher {
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

/** `/api/v2/roles/ID/users` → `/api/v2/roles/users`: one pacing key per endpoint family. */
function pacingKey(url: string): string {
  const parts = new URL(url).pathname.split('/');
  return parts.filter((_, i) => i < 4 || i % 2 === 1).join('/');
}

function headerNumber(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function openDatadogSession(ctx: ConnectorContext, policy: DatadogPolicy): DatadogSession {
  const target = parseDatadogTarget(ctx.config);
  if (!target.ok) throw new DatadogConfigurationError(target.problem);
  const apiKey = (ctx.secrets.apiKey ?? '').trim();
  const appKey = (ctx.secrets.appKey ?? '').trim();
  if (!apiKey) throw new DatadogConfigurationError('No API key is stored for this source.');
  if (!appKey) throw new DatadogConfigurationError('No application key is stored for this source.');
  const dispatcher = createDispatcher(
    ctx.caPem,
    ctx.proxyUrl ?? proxyFromEnvironment(target.host),
    policy.requestTimeoutMs,
  );
  setMaxListeners(256, ctx.signal);
  const origin = new URL(target.baseUrl).origin;
  /** Epoch ms before which a spent rate-limit family sends nothing more. */
  const blockedUntil = new Map<string, number>();

  const pacedFetch = async (url: string, init: Record<string, unknown>): Promise<Response> => {
    // The keys go along with every request: never to another origin.
    if (new URL(url).origin !== origin) throw new Error(`Refusing a request off ${origin}.`);
    const key = pacingKey(url);
    let rateWaits = 0;
    for (let attempt = 0; ; attempt++) {
      const wait = (blockedUntil.get(key) ?? 0) - Date.now();
      if (wait > 0) await sleep(wait, ctx.signal);
      let response: Response;
      try {
        response = (await undiciFetch(url, {
          ...(init as Parameters<typeof undiciFetch>[1]),
          dispatcher,
          signal: ctx.signal,
        })) as unknown as Response;
      } catch (error) {
        if (ctx.signal.aborted || attempt >= policy.retries) throw error;
        await sleep(policy.retryBaseMs * 2 ** attempt, ctx.signal);
        continue;
      }
      const remaining = headerNumber(response.headers, 'x-ratelimit-remaining');
      const reset = headerNumber(response.headers, 'x-ratelimit-reset');
      if (reset !== null && (remaining === 0 || response.status === 429))
        blockedUntil.set(key, Date.now() + reset * 1000);
      if (response.status === 429) {
        const seconds = reset ?? 1;
        if (rateWaits < policy.maxRateLimitWaits && seconds <= policy.maxRateLimitWaitSeconds) {
          rateWaits++;
          await response.arrayBuffer();
          continue;
        }
        return response;
      }
      if (response.status >= 500 && attempt < policy.retries) {
        await response.arrayBuffer();
        await sleep(policy.retryBaseMs * 2 ** attempt, ctx.signal);
        continue;
      }
      if (response.ok) {
        const counter = datasetPageCounter.getStore();
        if (counter) counter.pages++;
      }
      return response;
    }
  };

  const configuration = client.createConfiguration({
    baseServer: new client.BaseServerConfiguration(target.baseUrl, {}),
    authMethods: { apiKeyAuth: apiKey, appKeyAuth: appKey },
    fetch: pacedFetch,
    enableRetry: false,
    // Datadog compresses on request; undici's fetch decodes it.
    httpConfig: { compress: true },
  });
  return {
    configuration,
    baseUrl: target.baseUrl,
    site: target.site,
    close: () => dispatcher.close(),
  };
}
