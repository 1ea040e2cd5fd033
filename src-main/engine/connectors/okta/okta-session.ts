// One authenticated Okta SDK client for a connection test, wired to our transport (okta-http-session.ts).
import { Client } from '@okta/okta-sdk-nodejs';
import type https from 'node:https';
import { type RetryPolicy } from './okta-request-executor.ts';
import { defaultOktaTuning, openOktaTransport } from './okta-http-session.ts';

export { defaultOktaTuning, OktaConfigurationError, type OktaTuning } from './okta-http-session.ts';

export interface OktaSession {
  client: Client;
  orgUrl: string;
  agent: https.Agent;
  close(): void;
}

export function openOktaSession(
  ctx: Parameters<typeof openOktaTransport>[0],
  policy: RetryPolicy,
  tuning = defaultOktaTuning,
): OktaSession {
  const { orgUrl, token, agent, executor } = openOktaTransport(ctx, policy, tuning);
  const client = new Client({
    orgUrl,
    token,
    requestExecutor: executor,
    // The SDK's default middleware caches every GET in memory: wrong for a 100k-user sync.
    cacheMiddleware: null,
  });
  return { client, orgUrl, agent, close: () => agent.destroy() };
}
