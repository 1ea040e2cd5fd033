// The GitLab simulator's HTTPS server: REST v4 at `/api/v4`, as gitlab.com and self-managed instances
// serve it. The pipeline follows GitLab's order: Rack::Attack's rate limit, authentication (Doorkeeper),
// the token's scope, then the resource with the caller's visibility.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ReplyScheduler, serializeBody } from '../shared/replies.ts';
import { requestUrl, resetConnection, startTlsServer } from '../shared/server.ts';
import {
  BAD_GATEWAY_HTML,
  GitLabHttpError,
  OTHER_SERVER_404_HTML,
  UNAVAILABLE_HTML,
  gitlabErrors,
} from './errors.ts';
import { FaultState } from './faults.ts';
import type { GitLabFaults } from './faults.ts';
import { generateGitLabInstance } from './instance-generator.ts';
import type { GitLabInstanceOptions } from './instance-generator.ts';
import { GitLabInstanceIndex } from './instance-index.ts';
import type { GeneratedGitLabInstance, UserRecord } from './instance-types.ts';
import { AuthenticatedApiLimiter, DEFAULT_REQUESTS_PER_MINUTE } from './rate-limits.ts';
import { matchRoute } from './routes.ts';
import { issueToken, scopeAllows } from './tokens.ts';
import type { GitLabTokenOptions, TokenGrant } from './tokens.ts';

export interface GitLabSimOptions extends GitLabInstanceOptions {
  /** The default token (`sim.token`): an administrator's `read_api` token unless said otherwise. */
  token?: GitLabTokenOptions;
  /** More tokens by name (`sim.tokens[name]`). */
  tokens?: Record<string, GitLabTokenOptions>;
  /** Authenticated API requests per user per minute. Default 2000 (gitlab.com). */
  requestsPerMinute?: number;
  /** The minute shrinks to 60/timeScale seconds. */
  timeScale?: number;
  latencyMs?: number;
  faults?: GitLabFaults;
  port?: number;
  clock?: () => number;
}

export interface GitLabSimStats {
  requests: number;
  requestsByOperation: Record<string, number>;
  unauthorized: number;
  rateLimited: number;
  serverErrorsSent: number;
  connectionsReset: number;
  maxConcurrency: number;
}

export interface GitLabSimulator {
  /** `https://127.0.0.1:PORT`: the instance's base URL (what `--base-url` takes). */
  url: string;
  /** `https://127.0.0.1:PORT/api/v4` */
  apiUrl: string;
  caPem: string;
  token: string;
  tokens: Record<string, string>;
  tokenGrants: Record<string, TokenGrant>;
  /** Full path of the top-level group (what `--group` takes). */
  groupPath: string;
  instance: GeneratedGitLabInstance;
  index: GitLabInstanceIndex;
  stats(): GitLabSimStats;
  resetStats(): void;
  setFaults(faults: GitLabFaults): void;
  close(): Promise<void>;
}

const emptyStats = (): GitLabSimStats => ({
  requests: 0,
  requestsByOperation: {},
  unauthorized: 0,
  rateLimited: 0,
  serverErrorsSent: 0,
  connectionsReset: 0,
  maxConcurrency: 0,
});

function gitlabReplies(): ReplyScheduler {
  return new ReplyScheduler({
    newRequestId: () => randomUUID().replace(/-/g, '').slice(0, 26).toUpperCase(),
    jsonHeaders: (requestId) => ({
      'content-type': 'application/json',
      'cache-control': 'max-age=0, private, must-revalidate',
      vary: 'Origin, Accept-Encoding',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'x-gitlab-meta': JSON.stringify({ correlation_id: requestId.toLowerCase(), version: '1' }),
      'x-request-id': requestId,
      'x-runtime': '0.042',
    }),
    htmlHeaders: (requestId) => ({ 'content-type': 'text/html; charset=utf-8', 'x-request-id': requestId }),
  });
}

function tokenOf(req: IncomingMessage): string | undefined {
  const privateToken = req.headers['private-token'];
  if (typeof privateToken === 'string') return privateToken.trim();
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  return match?.[1];
}

export async function startGitLabSimulator(options: GitLabSimOptions = {}): Promise<GitLabSimulator> {
  const clock = options.clock ?? Date.now;
  const instance = generateGitLabInstance(options);
  const index = new GitLabInstanceIndex(instance);
  const faults = new FaultState(options.faults);
  const limiter = new AuthenticatedApiLimiter(
    options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE,
    options.timeScale ?? 1,
    clock,
  );
  const started = clock();
  const grants: Record<string, TokenGrant> = {
    default: issueToken('default', options.token ?? {}, instance, started),
  };
  for (const [name, spec] of Object.entries(options.tokens ?? {})) {
    if (name === 'default') throw new Error('the token named "default" is `token`');
    grants[name] = issueToken(name, spec, instance, started);
  }
  const byValue = new Map(Object.values(grants).map((g) => [g.value, g]));
  const replies = gitlabReplies();
  let stats = emptyStats();
  let origin = '';
  let inFlight = 0;

  const authenticate = (req: IncomingMessage): { grant: TokenGrant; user: UserRecord } => {
    const value = tokenOf(req);
    const grant = value === undefined ? undefined : byValue.get(value);
    if (!grant) throw gitlabErrors.unauthorized();
    if (grant.revoked || faults.faults.revokedTokens?.includes(grant.name)) throw gitlabErrors.revokedToken();
    if (faults.faults.expiredToken || (grant.expiresAt !== null && clock() >= grant.expiresAt))
      throw gitlabErrors.expiredToken();
    const user = index.usersById.get(grant.userId) as UserRecord;
    // A blocked or deactivated user's tokens stop working.
    if (user.state !== 'active') throw gitlabErrors.forbidden();
    return { grant, user };
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    stats.requests++;
    if (faults.countRequestAndCheckReset()) {
      stats.connectionsReset++;
      resetConnection(req);
      return;
    }
    inFlight++;
    stats.maxConcurrency = Math.max(stats.maxConcurrency, inFlight);
    res.once('close', () => inFlight--);
    const url = requestUrl(req, origin);
    const path = url.pathname.startsWith('/api/v4/') ? url.pathname.slice('/api/v4'.length) : null;
    const reply = replies.reply(res, (options.latencyMs ?? 0) + faults.extraDelayMs(path ?? url.pathname));
    if (faults.faults.wrongDomain) return reply.html(404, OTHER_SERVER_404_HTML);
    // Outside the API: the web application's own 404 page.
    if (path === null) return reply.html(404, OTHER_SERVER_404_HTML);
    const match = req.method === 'GET' || req.method === 'HEAD' ? matchRoute(path) : undefined;
    const operation = match?.route.operation ?? 'unknown';
    stats.requestsByOperation[operation] = (stats.requestsByOperation[operation] ?? 0) + 1;
    const key = `token:${tokenOf(req) ?? 'anonymous'}`;
    const decision = faults.faults.rateLimitStorm ? limiter.exhausted() : limiter.take(key);
    if (!decision.allowed) {
      stats.rateLimited++;
      const headers = faults.faults.rateLimitHeadersMissing ? {} : limiter.headers(decision, true);
      res.once('close', () => {});
      return replies.reply(res, 0).json(429, 'Retry later\n', { ...headers, 'content-type': 'text/plain' });
    }
    const rateHeaders = limiter.headers(decision, false);
    const injected = faults.takeServerError();
    if (injected) {
      stats.serverErrorsSent++;
      if (injected === 502) return reply.html(502, BAD_GATEWAY_HTML);
      if (injected === 503) return reply.html(503, UNAVAILABLE_HTML);
      return reply.error(gitlabErrors.serverError(), rateHeaders);
    }
    try {
      const { grant, user } = authenticate(req);
      if (!scopeAllows(grant.scopes, path) || faults.isForbidden(path)) {
        throw gitlabErrors.insufficientScope('api read_api');
      }
      if (!match) throw gitlabErrors.notFound();
      grant.lastUsedAt = clock();
      const result = match.route.handle({
        url,
        params: match.params,
        index,
        bases: { web: origin },
        caller: user,
        token: grant,
        omitTotals: faults.faults.omitTotals ?? false,
        countSkew: faults.faults.countSkew ?? 0,
        groupNotFound: faults.faults.groupNotFound ?? false,
      });
      reply.json(200, serializeBody(result.body), { ...rateHeaders, ...(result.headers ?? {}) });
    } catch (error) {
      if (!(error instanceof GitLabHttpError)) console.error('gitlab simulator: unexpected error', error);
      if (error instanceof GitLabHttpError && error.status === 401) stats.unauthorized++;
      reply.error(error instanceof GitLabHttpError ? error : gitlabErrors.serverError(), rateHeaders);
    }
  };

  const server = await startTlsServer(handle, { port: options.port, replies });
  origin = server.origin;
  const top = index.groupsById.get(instance.topGroupId);
  return {
    url: origin,
    apiUrl: `${origin}/api/v4`,
    caPem: server.caPem,
    token: (grants.default as TokenGrant).value,
    tokens: Object.fromEntries(Object.entries(grants).map(([name, g]) => [name, g.value])),
    tokenGrants: grants,
    groupPath: top?.fullPath ?? '',
    instance,
    index,
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    setFaults: (next) => faults.set(next),
    close: () => server.close(),
  };
}
