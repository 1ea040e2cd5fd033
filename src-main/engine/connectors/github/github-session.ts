// One authenticated GitHub client for a test or a sync: @octokit/rest with the throttling plugin (waits on
// primary and secondary rate limits, within bounds) and the retry plugin (5xx, dropped connections),
// over undici with the source's custom CA and HTTPS_PROXY, counting pages per dataset for provenance.
import { randomUUID } from 'node:crypto';
import tls from 'node:tls';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { Agent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { vouchVersion } from '../../version.ts';
import { proxyFromEnvironment } from '../http-agent.ts';
import { datasetPageCounter } from '../page-counter.ts';
import type { ConnectorContext } from '../types.ts';
import { GitHubAppAuth, GitHubAppStepError, githubCredential } from './github-app-auth.ts';
import { parseGitHubTarget, type GitHubTarget } from './github-config.ts';

export const GitHubClient = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof GitHubClient>;

export interface GitHubPolicy {
  /** Retries of one request after a 5xx or a dropped connection (the retry plugin). */
  retries: number;
  /** Milliseconds per unit of the retry plugin's quadratic backoff (1, 4, 9, ... units). */
  retryBaseMs: number;
  /** Rate-limit waits tolerated for one request before it is reported as rate limited. */
  maxRateLimitWaits: number;
  /** A limit whose reset is further away than this is reported at once instead of waited out. */
  maxRateLimitWaitSeconds: number;
  /** Per request: until the response headers, and between body chunks. */
  requestTimeoutMs: number;
}

export const syncPolicy: GitHubPolicy = {
  retries: 4,
  retryBaseMs: 500,
  maxRateLimitWaits: 6,
  // GitHub's primary window is an hour; a sync may wait a quarter of it, not more.
  maxRateLimitWaitSeconds: 15 * 60,
  requestTimeoutMs: 60_000,
};

/** Connection tests answer within seconds: fewer retries, short waits. */
export const testPolicy: GitHubPolicy = {
  retries: 1,
  retryBaseMs: 250,
  maxRateLimitWaits: 1,
  maxRateLimitWaitSeconds: 5,
  requestTimeoutMs: 15_000,
};

export class GitHubConfigurationError extends Error {}

/** Neither or both of a token and GitHub App credentials, or an unusable private key. */
export class GitHubCredentialError extends GitHubConfigurationError {}

/** A request to another origin than the configured API: refused, the token would go with it. */
export class ForeignOriginError extends Error {}

export interface GitHubSession {
  client: GitHubClient;
  target: GitHubTarget;
  policy: GitHubPolicy;
  signal: AbortSignal;
  /** Set when the source authenticates as a GitHub App installation instead of with a token. */
  app: GitHubAppAuth | null;
  close(): Promise<void>;
}

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function createDispatcher(caPem: string | null, proxyUrl: string | null, timeoutMs: number): Dispatcher {
  // Extra CAs are added to, not substituted for, the public roots (a proxy or a redirect may need those).
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

export function openGitHubSession(ctx: ConnectorContext, policy: GitHubPolicy): GitHubSession {
  const target = parseGitHubTarget(ctx.config);
  if (!target.ok) throw new GitHubConfigurationError(target.problem);
  const credential = githubCredential(ctx.config, ctx.secrets);
  if (!credential.ok) throw new GitHubCredentialError(credential.problem);
  const token = credential.credential.kind === 'token' ? credential.credential.token : undefined;
  const dispatcher = createDispatcher(
    ctx.caPem,
    ctx.proxyUrl ?? proxyFromEnvironment(target.host),
    policy.requestTimeoutMs,
  );
  const apiOrigin = new URL(target.baseUrl).origin;
  const fetchThroughDispatcher = (url: string | URL, init?: RequestInit): Promise<Response> => {
    // Pagination follows the Link URLs GitHub sends; never follow one off the API: the token goes along.
    if (new URL(String(url)).origin !== apiOrigin) {
      return Promise.reject(
        new ForeignOriginError(
          `GitHub pointed a request at ${new URL(String(url)).origin}, not ${apiOrigin}.`,
        ),
      );
    }
    return undiciFetch(String(url), {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    }) as unknown as Promise<Response>;
  };
  const waitOrGiveUp = (retryAfter: number, retryCount: number): boolean =>
    retryCount < policy.maxRateLimitWaits && retryAfter <= policy.maxRateLimitWaitSeconds;
  const client = new GitHubClient({
    ...(token ? { auth: token } : {}),
    baseUrl: target.baseUrl,
    userAgent: `vouch/${vouchVersion}`,
    log: quiet,
    request: { fetch: fetchThroughDispatcher, signal: ctx.signal },
    retry: { retries: policy.retries, retryAfterBaseValue: policy.retryBaseMs },
    throttle: {
      // Each session paces itself; sessions of other sources must not queue behind it.
      id: randomUUID(),
      onRateLimit: (retryAfter, _options, _octokit, retryCount) => waitOrGiveUp(retryAfter, retryCount),
      onSecondaryRateLimit: (retryAfter, _options, _octokit, retryCount) =>
        waitOrGiveUp(retryAfter, retryCount),
    },
  });
  let app: GitHubAppAuth | null = null;
  if (credential.credential.kind === 'app') {
    const { appId, key, installationId } = credential.credential;
    app = new GitHubAppAuth(appId, key, installationId, target.org, (route, params) =>
      client.request(route as never, params as never),
    );
    const appAuth = app;
    // Every request but the app's own (which carry its JWT) goes with the current installation token.
    client.hook.before('request', async (options) => {
      const headers = options.headers as Record<string, string | undefined>;
      if (headers.authorization) return;
      try {
        headers.authorization = `token ${await appAuth.token()}`;
      } catch (error) {
        throw error instanceof GitHubAppStepError ? error.error : error;
      }
    });
  }
  client.hook.after('request', (_response, options) => {
    if (/\/app\/installations\/|\/installation$/.test(String(options.url))) return;
    const counter = datasetPageCounter.getStore();
    if (counter) counter.pages++;
  });
  return {
    client,
    target,
    policy,
    signal: ctx.signal,
    app,
    close: () => dispatcher.close(),
  };
}
