// The transport of an Okta sync: the official SDK's Http (auth header, error bodies as OktaApiError, no
// cache) on our request executor (custom CA, proxy, pacing per rate-limit bucket, retries, page counts),
// without the SDK's Client: loading the Client loads every generated API and model (~1.7 s of CPU per lane
// start), and a sync reads raw pages parsed with its own zod schemas (okta-mappers.ts).
import { setMaxListeners } from 'node:events';
import type https from 'node:https';
import { createRequire } from 'node:module';
import os from 'node:os';
import type { Http as SdkHttp } from '@okta/okta-sdk-nodejs/src/types/http.d.ts';
import { createHttpsAgent, proxyFromEnvironment } from '../http-agent.ts';
import type { ConnectorContext } from '../types.ts';
import { parseOktaDomain } from './okta-domain.ts';
import { OktaRateLimiter } from './okta-rate-limiter.ts';
import { OktaRequestExecutor, type RetryPolicy } from './okta-request-executor.ts';

export interface OktaTuning {
  /** Requests in flight at once across all buckets; Okta's per-org concurrency limits start at 15. */
  maxInFlight: number;
  resetMarginMs: number;
}

export const defaultOktaTuning: OktaTuning = { maxInFlight: 12, resetMarginMs: 25 };

export class OktaConfigurationError extends Error {}

/** What raw-page reads need of the SDK: its Http. */
export type OktaHttp = Pick<SdkHttp, 'http'>;

export interface OktaTransport {
  orgUrl: string;
  token: string;
  agent: https.Agent;
  executor: OktaRequestExecutor;
}

export function openOktaTransport(
  ctx: ConnectorContext,
  policy: RetryPolicy,
  tuning: OktaTuning,
): OktaTransport {
  const domain = parseOktaDomain(ctx.config.domain ?? '');
  if (!domain.ok) throw new OktaConfigurationError(domain.problem);
  const token = ctx.secrets.apiToken;
  if (!token) throw new OktaConfigurationError('No API token is stored for this source.');
  const agent = createHttpsAgent({
    caPem: ctx.caPem,
    proxyUrl: ctx.proxyUrl ?? proxyFromEnvironment(domain.host),
    maxSockets: tuning.maxInFlight,
  });
  // Every paced request waiting for its bucket listens on the same signal.
  setMaxListeners(256, ctx.signal);
  const limiter = new OktaRateLimiter({
    maxInFlight: tuning.maxInFlight,
    resetMarginMs: tuning.resetMarginMs,
  });
  const executor = new OktaRequestExecutor(agent, limiter, policy, ctx.signal, domain.orgUrl);
  return { orgUrl: domain.orgUrl, token, agent, executor };
}

const sdkRequire = createRequire(createRequire(import.meta.url).resolve('@okta/okta-sdk-nodejs'));

export interface OktaHttpSession {
  http: OktaHttp;
  orgUrl: string;
  close(): void;
}

export function openOktaHttpSession(
  ctx: ConnectorContext,
  policy: RetryPolicy,
  tuning: OktaTuning = defaultOktaTuning,
): OktaHttpSession {
  const transport = openOktaTransport(ctx, policy, tuning);
  const { Http } = sdkRequire('./http.js') as { Http: typeof SdkHttp };
  const { version } = sdkRequire('../package.json') as { version: string };
  // As the SDK's Client sets it up for an API token; the SDK's default cache would keep every GET in memory.
  const http = new Http({
    requestExecutor: transport.executor,
    oauth: undefined as never,
    cacheMiddleware: null,
  });
  http.defaultHeaders.Authorization = `SSWS ${transport.token}`;
  http.defaultHeaders['User-Agent'] =
    `okta-sdk-nodejs/${version} node/${process.versions.node} ${os.platform()}/${os.release()}`;
  return { http, orgUrl: transport.orgUrl, close: () => transport.agent.destroy() };
}
