// One Google Workspace session for a test or a sync: access tokens by domain-wide delegation (the read-only
// scopes in one assertion, the non-read-only token scope in its own, so that its absence loses only its
// dataset), and the official Admin SDK client (@googleapis/admin) pointed at the configured API URL,
// whose HTTP goes through undici with the source's custom CA and HTTPS_PROXY. Every call is retried here,
// not by gaxios: rate limits (429, or 403 with a rate-limit reason) back off exponentially, 5xx and
// dropped connections are retried, an expired token is renewed once.
import tls from 'node:tls';
import type { admin_directory_v1 } from '@googleapis/admin';
import { Agent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { sleep } from '../concurrency.ts';
import { proxyFromEnvironment } from '../http-agent.ts';
import { datasetPageCounter } from '../page-counter.ts';
import type { ConnectorContext } from '../types.ts';
import {
  parseGoogleTarget,
  parseServiceAccountKey,
  type GoogleTarget,
  type ServiceAccountKey,
} from './google-config.ts';
import { TRANSIENT_CODES, networkCode } from './google-network.ts';
import { TokenExchangeError, exchangeAssertion, type AccessToken } from './google-token.ts';

export const SCOPES = {
  users: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  groups: 'https://www.googleapis.com/auth/admin.directory.group.readonly',
  members: 'https://www.googleapis.com/auth/admin.directory.group.member.readonly',
  roles: 'https://www.googleapis.com/auth/admin.directory.rolemanagement.readonly',
  security: 'https://www.googleapis.com/auth/admin.directory.user.security',
} as const;

export const READ_ONLY_SCOPES = [SCOPES.users, SCOPES.groups, SCOPES.members, SCOPES.roles] as const;

export type ScopeSet = 'readonly' | 'security';
const scopesOf: Record<ScopeSet, readonly string[]> = {
  readonly: READ_ONLY_SCOPES,
  security: [SCOPES.security],
};

export interface GooglePolicy {
  /** Retries of one request after a 5xx or a dropped connection. */
  retries: number;
  /** Base of the exponential backoff (base, 2×base, 4×base... plus jitter). */
  retryBaseMs: number;
  /** Rate-limit refusals tolerated for one request before it is reported as rate limited. */
  maxRateLimitWaits: number;
  /** Longest single wait. */
  maxWaitMs: number;
  requestTimeoutMs: number;
  /** Requests in flight for the per-user token listing. */
  fanOut: number;
}

export const syncPolicy: GooglePolicy = {
  retries: 4,
  retryBaseMs: 1000,
  maxRateLimitWaits: 8,
  maxWaitMs: 64_000,
  requestTimeoutMs: 60_000,
  fanOut: 8,
};

export const testPolicy: GooglePolicy = {
  retries: 1,
  retryBaseMs: 500,
  maxRateLimitWaits: 1,
  maxWaitMs: 5_000,
  requestTimeoutMs: 15_000,
  fanOut: 4,
};

/** A Directory API error, with Google's first `errors[].reason`. */
export class GoogleApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string | null,
    readonly googleMessage: string,
    readonly what: string,
    readonly htmlBody: boolean,
  ) {
    super(`HTTP ${status}${reason ? ` ${reason}` : ''}: ${googleMessage}`);
  }
}

/** Still refused for a rate limit after the allowed waits. */
export class GoogleRateLimitedError extends GoogleApiError {}

/** A request to another origin than the configured API: refused, the token would go with it. */
export class ForeignOriginError extends Error {}

export class GoogleConfigurationError extends Error {}

export const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);

export interface GoogleSession {
  target: GoogleTarget;
  key: ServiceAccountKey;
  policy: GooglePolicy;
  signal: AbortSignal;
  /** Runs one Directory call with the token of `scopes`, retrying as the policy says; returns the body. */
  call<T>(
    scopes: ScopeSet,
    what: string,
    request: (api: admin_directory_v1.Admin) => Promise<{ data: T }>,
  ): Promise<T>;
  /** An access token for a scope set (cached until close to expiry). */
  token(scopes: ScopeSet): Promise<AccessToken>;
  /** One uncached exchange for exactly these scopes (to learn which ones delegation grants). */
  exchange(scopes: readonly string[]): Promise<AccessToken>;
  close(): Promise<void>;
}

function createDispatcher(caPem: string | null, proxyUrl: string | null, timeoutMs: number): Dispatcher {
  // Extra CAs are added to, not substituted for, the public roots (the token URI may be another host).
  const ca = caPem ? [...tls.rootCertificates, caPem] : undefined;
  const timeouts = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connectTimeout: timeoutMs };
  if (proxyUrl) {
    return new ProxyAgent({
      uri: proxyUrl,
      ...timeouts,
      ...(ca ? { requestTls: { ca }, proxyTls: { ca } } : {}),
    });
  }
  // One secure context built up front: passing `ca` would parse ~150 root certificates per connection.
  const secureContext = ca ? tls.createSecureContext({ ca }) : undefined;
  return new Agent({
    ...timeouts,
    connections: 16,
    ...(secureContext ? { connect: { secureContext } } : {}),
  });
}

interface GaxiosLike {
  status?: number;
  code?: string | number;
  response?: { status?: number; data?: unknown; headers?: { get?(name: string): string | null } };
}

const googleErrorSchemaless = (data: unknown): { reason: string | null; message: string } | null => {
  if (typeof data !== 'object' || data === null) return null;
  const error = (data as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { message?: unknown; errors?: Array<{ reason?: unknown }> };
  const reason =
    Array.isArray(e.errors) && typeof e.errors[0]?.reason === 'string' ? e.errors[0].reason : null;
  return { reason, message: typeof e.message === 'string' ? e.message : '' };
};

/** The Directory API error in a gaxios failure, or null for a network-level failure. */
export function toApiError(error: unknown, what: string): GoogleApiError | null {
  if (error instanceof GoogleApiError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as GaxiosLike;
  const status = e.response?.status ?? (typeof e.status === 'number' ? e.status : undefined);
  if (status === undefined) return null;
  const parsed = googleErrorSchemaless(e.response?.data);
  const html = typeof e.response?.data === 'string' && /<html|<!doctype/i.test(e.response.data);
  return new GoogleApiError(status, parsed?.reason ?? null, parsed?.message ?? `HTTP ${status}`, what, html);
}

function retryAfterMs(error: unknown): number | null {
  const header = (error as GaxiosLike).response?.headers?.get?.('retry-after');
  const seconds = header ? Number(header) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

export function isRateLimit(error: GoogleApiError): boolean {
  return (
    error.status === 429 ||
    (error.status === 403 && error.reason !== null && RATE_LIMIT_REASONS.has(error.reason))
  );
}

function backoff(policy: GooglePolicy, attempt: number): number {
  // Google's recommended exponential backoff: 2^n units plus up to one unit of jitter, capped.
  return Math.min(policy.maxWaitMs, policy.retryBaseMs * 2 ** attempt + Math.random() * policy.retryBaseMs);
}

export async function openGoogleSession(ctx: ConnectorContext, policy: GooglePolicy): Promise<GoogleSession> {
  const target = parseGoogleTarget(ctx.config);
  if (!target.ok) throw new GoogleConfigurationError(target.problem);
  const key = parseServiceAccountKey(ctx.secrets.serviceAccountKey);
  if (!key.ok) throw new GoogleConfigurationError(key.problem);
  const apiOrigin = new URL(target.value.apiUrl).origin;
  const proxyUrl = ctx.proxyUrl ?? proxyFromEnvironment(new URL(apiOrigin).host);
  const dispatcher = createDispatcher(ctx.caPem, proxyUrl, policy.requestTimeoutMs);
  const onAbort = () => void dispatcher.destroy(ctx.signal.reason as Error);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const { admin } = await import('@googleapis/admin');
  const { OAuth2Client } = await import('google-auth-library');

  // The token endpoint's 5xx and dropped connections are retried like the API's; its refusals are not.
  const exchange = async (scopes: readonly string[]): Promise<AccessToken> => {
    for (let failures = 0; ; failures++) {
      try {
        return await exchangeAssertion(key.value, target.value.adminEmail, scopes, dispatcher, ctx.signal);
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        const code = error instanceof TokenExchangeError ? null : networkCode(error);
        const transient =
          error instanceof TokenExchangeError
            ? error.status >= 500
            : code !== null && TRANSIENT_CODES.has(code);
        if (!transient || failures >= policy.retries) throw error;
        await sleep(backoff(policy, failures), ctx.signal);
      }
    }
  };
  const tokens = new Map<ScopeSet, Promise<AccessToken>>();
  const token = async (scopes: ScopeSet): Promise<AccessToken> => {
    let pending = tokens.get(scopes);
    if (pending) {
      const current = await pending.catch(() => null);
      if (current && current.expiresAt - Date.now() > 60_000) return current;
    }
    pending = exchange(scopesOf[scopes]);
    tokens.set(scopes, pending);
    return pending;
  };

  // gaxios's fetch: undici with our dispatcher, only to the API origin, counting pages for provenance.
  const fetchImplementation = (input: unknown, init?: Record<string, unknown>) => {
    const url = new URL(String(input instanceof URL ? input.href : input));
    if (url.origin !== apiOrigin)
      throw new ForeignOriginError(`refused a request to ${url.origin} (the API is ${apiOrigin})`);
    const counter = datasetPageCounter.getStore();
    if (counter) counter.pages++;
    // No per-request signal: tens of thousands of requests would each hang a listener on the sync's
    // signal (undici keeps them until the body is collected). An abort destroys the dispatcher instead.
    return undiciFetch(url, {
      ...(init as object),
      dispatcher,
      signal: undefined,
      redirect: 'error',
    } as never);
  };
  const apis = new Map<ScopeSet, admin_directory_v1.Admin>();
  const api = (scopes: ScopeSet): admin_directory_v1.Admin => {
    let client = apis.get(scopes);
    if (!client) {
      const auth = new OAuth2Client({
        transporterOptions: { fetchImplementation: fetchImplementation as never },
      });
      auth.refreshHandler = async () => {
        const fresh = await token(scopes);
        return { access_token: fresh.token, expiry_date: fresh.expiresAt };
      };
      client = admin({ version: 'directory_v1', auth, rootUrl: `${target.value.apiUrl}/` });
      apis.set(scopes, client);
    }
    return client;
  };

  const call = async <T>(
    scopes: ScopeSet,
    what: string,
    request: (api: admin_directory_v1.Admin) => Promise<{ data: T }>,
  ): Promise<T> => {
    let failures = 0;
    let rateLimits = 0;
    let renewed = false;
    for (;;) {
      ctx.signal.throwIfAborted();
      try {
        return (await request(api(scopes))).data;
      } catch (error) {
        if (ctx.signal.aborted || error instanceof ForeignOriginError) throw error;
        // Token exchange failures are the credential's, never retried here.
        if (error instanceof TokenExchangeError) throw error;
        const apiError = toApiError(error, what);
        if (apiError && isRateLimit(apiError)) {
          if (rateLimits >= policy.maxRateLimitWaits)
            throw new GoogleRateLimitedError(
              apiError.status,
              apiError.reason,
              apiError.googleMessage,
              what,
              false,
            );
          await sleep(
            Math.min(policy.maxWaitMs, retryAfterMs(error) ?? backoff(policy, rateLimits)),
            ctx.signal,
          );
          rateLimits++;
          continue;
        }
        if (apiError?.status === 401 && !renewed) {
          renewed = true;
          // The token was revoked or expired early: a fresh exchange and a client that has not cached it.
          tokens.delete(scopes);
          apis.delete(scopes);
          continue;
        }
        const code = apiError ? null : networkCode(error);
        const transient = apiError ? apiError.status >= 500 : code !== null && TRANSIENT_CODES.has(code);
        if (transient && failures < policy.retries) {
          await sleep(backoff(policy, failures), ctx.signal);
          failures++;
          continue;
        }
        throw apiError ?? error;
      }
    }
  };

  return {
    target: target.value,
    key: key.value,
    policy,
    signal: ctx.signal,
    call,
    token,
    exchange: (scopes) =>
      exchangeAssertion(key.value, target.value.adminEmail, scopes, dispatcher, ctx.signal),
    close: async () => {
      ctx.signal.removeEventListener('abort', onAbort);
      if (!ctx.signal.aborted) await dispatcher.close();
    },
  };
}
