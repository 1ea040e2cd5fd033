// One authenticated Okta SDK client for a test or a sync, wired to our transport.
import { Client } from '@okta/okta-sdk-nodejs';
import { setMaxListeners } from 'node:events';
import type https from 'node:https';
import { createHttpsAgent, proxyFromEnvironment } from '../http-agent.ts';
import type { ConnectorContext } from '../types.ts';
import { parseOktaDomain } from './okta-domain.ts';
import { OktaRateLimiter } from './okta-rate-limiter.ts';
import { OktaRequestExecutor, type RetryPolicy } from './okta-request-executor.ts';

export interface OktaSession {
  client: Client;
  orgUrl: string;
  agent: https.Agent;
  close(): void;
}

export interface OktaTuning {
  /** Requests in flight at once across all buckets; Okta's per-org concurrency limits start at 15. */
  maxInFlight: number;
  resetMarginMs: number;
}

export const defaultOktaTuning: OktaTuning = { maxInFlight: 12, resetMarginMs: 25 };

export class OktaConfigurationError extends Error {}

export function openOktaSession(
  ctx: ConnectorContext,
  policy: RetryPolicy,
  tuning = defaultOktaTuning,
): OktaSession {
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
  const client = new Client({
    orgUrl: domain.orgUrl,
    token,
    requestExecutor: new OktaRequestExecutor(agent, limiter, policy, ctx.signal, domain.orgUrl),
    // The SDK's default middleware caches every GET in memory: wrong for a 100k-user sync.
    cacheMiddleware: null,
  });
  return { client, orgUrl: domain.orgUrl, agent, close: () => agent.destroy() };
}
