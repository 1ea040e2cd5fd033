// The GitHub simulator's HTTPS server: REST at `/` and `/api/v3/` (GitHub Enterprise Server's base URL),
// GraphQL at `/graphql` and `/api/graphql`. The pipeline applies what GitHub applies, in its order:
// authentication, secondary limits (concurrency, per-endpoint points), the primary rate limit, then the
// resource with the viewer's role and the token's scopes or permissions.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serializeBody } from '../shared/replies.ts';
import { readBody, requestUrl, resetConnection, startTlsServer } from '../shared/server.ts';
import { GitHubHttpError, githubErrors, utcStamp } from './errors.ts';
import { FaultState } from './faults.ts';
import type { GitHubFaults } from './faults.ts';
import { prepare } from './graphql/executor.ts';
import type { GraphQLResponse } from './graphql/executor.ts';
import { GITHUB_GRAPHQL_SCHEMA } from './graphql/github-schema.ts';
import { generateGitHubOrg } from './org-generator.ts';
import type { GitHubOrgOptions } from './org-generator.ts';
import { GitHubOrgIndex } from './org-index.ts';
import type { GeneratedGitHubOrg } from './org-types.ts';
import { PrimaryRateLimiter, SecondaryRateLimiter, rateLimitHeaders } from './rate-limits.ts';
import type { RateDecision, RateResource } from './rate-limits.ts';
import { githubReplies } from './replies.ts';
import type { Reply } from './replies.ts';
import { UserJsonCache } from './representations.ts';
import type { Bases } from './representations.ts';
import { matchRoute } from './routes/index.ts';
import type { Route } from './routes/route.ts';
import { TokenAccess, issueToken } from './tokens.ts';
import {
  authenticateApp,
  installationJson,
  installationNotFound,
  issueInstallationToken,
  notInstalled,
  prepareApps,
  type GitHubAppOptions,
} from './apps.ts';
import type { GitHubTokenOptions, TokenGrant } from './tokens.ts';

export interface GitHubSimOptions extends GitHubOrgOptions {
  /** The default token (`sim.token`). Default: a classic PAT of an owner with `admin:org, read:user, repo`. */
  token?: GitHubTokenOptions;
  /** More tokens by name (`sim.tokens[name]`), e.g. a member's fine-grained token. */
  tokens?: Record<string, GitHubTokenOptions>;
  /** GitHub Apps installed on the org: JWT-authenticated installation lookup and access tokens. */
  apps?: GitHubAppOptions[];
  /** Rate-limit windows shrink: an hour becomes 3600/timeScale seconds, a minute 60/timeScale. */
  timeScale?: number;
  /** Primary limits per user and resource (defaults: core 5000, graphql 5000 points, search 30). */
  rateLimits?: Partial<Record<RateResource, number>>;
  /** GitHub documents 403 or 429 for both kinds; default 403, what api.github.com mostly sends. */
  primaryRateLimitStatus?: 403 | 429;
  secondaryRateLimitStatus?: 403 | 429;
  /** Concurrent requests per user before a secondary limit. Default 100 (documented). */
  concurrencyLimit?: number;
  /** Points per endpoint per minute before a secondary limit. Defaults 900 (REST) and 2000 (GraphQL). */
  restPointsPerMinute?: number;
  graphqlPointsPerMinute?: number;
  /** Team member lists carry `role` and `inherited` (a feature GitHub enables per org). Default false. */
  teamMemberRoleFields?: boolean;
  /** Base latency added to every response. */
  latencyMs?: number;
  faults?: GitHubFaults;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Clock for rate-limit windows and token expiry; tests pin it. */
  clock?: () => number;
}

export interface GitHubSimStats {
  /** Every request received, including the ones that were reset. */
  requests: number;
  restRequests: number;
  graphqlRequests: number;
  /** Requests per OpenAPI operation path (`/orgs/{org}/members`) or `graphql`. */
  requestsByOperation: Record<string, number>;
  unauthorized: number;
  /** Primary rate-limit refusals (403/429 with `x-ratelimit-remaining: 0`, or GraphQL RATE_LIMITED). */
  primaryRateLimited: number;
  /** Secondary rate-limit refusals (403/429 with `retry-after`). */
  secondaryRateLimited: number;
  concurrencyRejections: number;
  maxConcurrency: number;
  serverErrorsSent: number;
  connectionsReset: number;
  /** GraphQL points charged. */
  graphqlCost: number;
}

export interface GitHubSimulator {
  /** `https://127.0.0.1:PORT`: REST at the root, like api.github.com. */
  url: string;
  /** `https://127.0.0.1:PORT/api/v3`: the same API the way GitHub Enterprise Server serves it. */
  baseUrl: string;
  /** `https://127.0.0.1:PORT/api/graphql` (also served at `/graphql`). */
  graphqlUrl: string;
  /** Trust this CA to talk to the simulator. */
  caPem: string;
  /** The default token (see `GitHubSimOptions.token`). */
  token: string;
  /** Every token by name; `default` is `token`. */
  tokens: Record<string, string>;
  tokenGrants: Record<string, TokenGrant>;
  /** Installation tokens issued so far to GitHub Apps (`apps`), oldest first. */
  installationTokens(): string[];
  /** The organization's login (what the connector is configured with). */
  orgLogin: string;
  org: GeneratedGitHubOrg;
  orgIndex: GitHubOrgIndex;
  stats(): GitHubSimStats;
  resetStats(): void;
  /** Replaces all faults (`setFaults({})` clears them). */
  setFaults(faults: GitHubFaults): void;
  close(): Promise<void>;
}

function emptyStats(): GitHubSimStats {
  return {
    requests: 0,
    restRequests: 0,
    graphqlRequests: 0,
    requestsByOperation: {},
    unauthorized: 0,
    primaryRateLimited: 0,
    secondaryRateLimited: 0,
    concurrencyRejections: 0,
    maxConcurrency: 0,
    serverErrorsSent: 0,
    connectionsReset: 0,
    graphqlCost: 0,
  };
}

const UNICORN_HTML =
  '<!DOCTYPE html>\n<html><head><title>Unicorn! &middot; GitHub</title></head><body>' +
  '<p><strong>No server is currently available to service your request.</strong></p>' +
  '<p>Sorry about that. Please try refreshing and contact us if the problem persists.</p></body></html>\n';

const NOT_FOUND_HTML =
  '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n';

const GRAPHQL_DOCS = 'https://docs.github.com/graphql';
const GRAPHQL_SECONDARY_DOCS =
  'https://docs.github.com/free-pro-team@latest/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#secondary-rate-limits';
const MAX_GRAPHQL_BODY = 1_000_000;

interface Caller {
  grant: TokenGrant | null;
  access: TokenAccess | null;
  /** Rate limits are per user (all of a user's tokens share them), or per IP when anonymous. */
  key: string;
}

export async function startGitHubSimulator(options: GitHubSimOptions = {}): Promise<GitHubSimulator> {
  const clock = options.clock ?? Date.now;
  const primary = new PrimaryRateLimiter({ timeScale: options.timeScale, limits: options.rateLimits, clock });
  const secondary = new SecondaryRateLimiter({
    timeScale: options.timeScale,
    concurrencyLimit: options.concurrencyLimit,
    restPointsPerMinute: options.restPointsPerMinute,
    graphqlPointsPerMinute: options.graphqlPointsPerMinute,
    clock,
  });
  const primaryStatus = options.primaryRateLimitStatus ?? 403;
  const secondaryStatus = options.secondaryRateLimitStatus ?? 403;
  const latencyMs = options.latencyMs ?? 0;
  const faults = new FaultState(options.faults);
  const org = generateGitHubOrg(options);
  const index = new GitHubOrgIndex(org);
  const users = new UserJsonCache(index);
  const started = clock();
  const grants: Record<string, TokenGrant> = {
    default: issueToken('default', options.token ?? {}, org, started),
  };
  for (const [name, spec] of Object.entries(options.tokens ?? {})) {
    if (name === 'default') throw new Error('the token named "default" is `token`');
    grants[name] = issueToken(name, spec, org, started);
  }
  const byValue = new Map(Object.values(grants).map((grant) => [grant.value, grant]));
  const apps = prepareApps(options.apps);
  const installationTokens: string[] = [];
  let stats = emptyStats();
  let origin = '';
  let inFlight = 0;
  const replies = githubReplies();

  const count = (operation: string) => {
    stats.requestsByOperation[operation] = (stats.requestsByOperation[operation] ?? 0) + 1;
  };

  /** A token GitHub does not know, or one expired or revoked: 401 on every path. */
  const authenticate = (req: IncomingMessage): Caller | 'bad' => {
    const header = req.headers.authorization;
    if (!header) return { grant: null, access: null, key: 'ip:127.0.0.1' };
    const [scheme = '', credential = ''] = header.trim().split(/\s+/, 2);
    let value = credential;
    if (scheme.toLowerCase() === 'basic')
      value = Buffer.from(credential, 'base64').toString('utf8').split(':')[1] ?? '';
    else if (scheme.toLowerCase() !== 'token' && scheme.toLowerCase() !== 'bearer') return 'bad';
    const grant = byValue.get(value);
    const f = faults.faults;
    if (
      !grant ||
      f.expiredToken ||
      f.revokedTokens?.includes(grant.name) ||
      (grant.expiresAt !== null && clock() >= grant.expiresAt)
    ) {
      return 'bad';
    }
    return { grant, access: new TokenAccess(grant, f.missingScopes), key: `user:${grant.userId}` };
  };

  const tokenHeaders = (caller: Caller, route?: Route): Record<string, string> => {
    const headers: Record<string, string> = {};
    const { grant, access } = caller;
    if (!grant || !access) return headers;
    if (grant.kind === 'classic') {
      headers['x-oauth-scopes'] = access.scopes.join(', ');
      if (route) headers['x-accepted-oauth-scopes'] = route.acceptedScopes;
    } else if (route) {
      headers['x-accepted-github-permissions'] = route.acceptedPermissions;
    }
    if (grant.expiresAt !== null && !grant.installation)
      headers['github-authentication-token-expiration'] = utcStamp(grant.expiresAt);
    return headers;
  };

  const secondaryLimited = (reply: Reply, graphql: boolean): void => {
    stats.secondaryRateLimited++;
    const error = githubErrors.secondaryRateLimit(
      reply.requestId,
      graphql ? GRAPHQL_SECONDARY_DOCS : undefined,
    );
    reply.json(secondaryStatus, JSON.stringify({ ...error.body(), status: String(secondaryStatus) }), {
      'retry-after': String(secondary.retryAfterSeconds),
    });
  };

  const injectedServerError = (
    reply: Reply,
    status: 500 | 502 | 503 | 504,
    headers: Record<string, string>,
  ): void => {
    stats.serverErrorsSent++;
    if (status === 503) return reply.html(503, UNICORN_HTML);
    reply.json(status, JSON.stringify({ message: 'Server Error' }), headers);
  };

  /** Faults and gates shared by REST and GraphQL; returns the caller, or undefined once answered. */
  const admit = (
    req: IncomingMessage,
    res: ServerResponse,
    reply: Reply,
    graphql: boolean,
  ): Caller | undefined => {
    const caller = authenticate(req);
    if (caller === 'bad') {
      stats.unauthorized++;
      reply.error(
        githubErrors.badCredentials(graphql ? GRAPHQL_DOCS : undefined),
        rateLimitHeaders(primary.peek('ip:127.0.0.1', 'core', true)),
      );
      return undefined;
    }
    if (!secondary.enter(caller.key)) {
      stats.concurrencyRejections++;
      secondaryLimited(reply, graphql);
      return undefined;
    }
    inFlight++;
    stats.maxConcurrency = Math.max(stats.maxConcurrency, inFlight);
    res.once('close', () => {
      inFlight--;
      secondary.leave(caller.key);
    });
    if (faults.storm) {
      secondaryLimited(reply, graphql);
      return undefined;
    }
    return caller;
  };

  /** The app routes, authenticated by the app's JWT instead of a token; true when answered. */
  const handleApp = (req: IncomingMessage, path: string, bases: Bases, reply: Reply): boolean => {
    const tokens = /^\/app\/installations\/([^/]+)\/access_tokens$/.exec(path);
    const lookup = /^\/orgs\/([^/]+)\/installation$/.exec(path);
    if (!(tokens && req.method === 'POST') && !(lookup && req.method === 'GET')) return false;
    count(tokens ? '/app/installations/{installation_id}/access_tokens' : '/orgs/{org}/installation');
    try {
      const app = authenticateApp(req.headers.authorization, apps, clock());
      if (lookup) {
        if (decodeURIComponent(lookup[1] as string).toLowerCase() !== org.org.login.toLowerCase())
          throw notInstalled();
        reply.json(200, JSON.stringify(installationJson(app, org, bases.api, bases.web, started)));
        return true;
      }
      if (String(app.installationId) !== tokens?.[1]) throw installationNotFound();
      const grant = issueInstallationToken(app, org, clock());
      byValue.set(grant.value, grant);
      installationTokens.push(grant.value);
      reply.json(
        201,
        JSON.stringify({
          token: grant.value,
          expires_at: new Date(grant.expiresAt as number).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          permissions: app.permissions,
          repository_selection: app.repositorySelection ?? 'all',
        }),
      );
    } catch (error) {
      if (error instanceof GitHubHttpError && error.status === 401) stats.unauthorized++;
      reply.error(error instanceof GitHubHttpError ? error : githubErrors.serverError());
    }
    return true;
  };

  const handleRest = (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    path: string,
    bases: Bases,
    reply: Reply,
  ): void => {
    stats.restRequests++;
    if (handleApp(req, path, bases, reply)) return;
    const caller = admit(req, res, reply, false);
    if (!caller) return;
    const match = req.method === 'GET' || req.method === 'HEAD' ? matchRoute(path) : undefined;
    const route = match?.route;
    count(route?.operation ?? 'unknown');
    if (!secondary.spendPoint(caller.key, route?.operation ?? path, false))
      return secondaryLimited(reply, false);
    const anonymous = caller.grant === null;
    primary.exhausted = faults.faults.primaryRateLimitExhausted ?? false;
    const decision: RateDecision = route?.free
      ? primary.peek(caller.key, 'core', anonymous)
      : primary.take(caller.key, 'core', anonymous);
    const headers = { ...tokenHeaders(caller, route), ...rateLimitHeaders(decision) };
    if (!decision.allowed && !route?.free) {
      stats.primaryRateLimited++;
      const error = githubErrors.primaryRateLimit(caller.grant?.userId ?? null, reply.requestId, clock());
      return reply.json(
        primaryStatus,
        JSON.stringify({ ...error.body(), status: String(primaryStatus) }),
        headers,
      );
    }
    const injected = faults.takeServerError();
    if (injected) return injectedServerError(reply, injected, headers);
    try {
      if (!match || !route) throw githubErrors.notFound();
      if (route.orgScoped && faults.faults.orgNotFound) throw githubErrors.notFound(route.docs);
      if (route.orgScoped && faults.faults.samlNotAuthorized && caller.grant?.kind === 'classic') {
        throw githubErrors.samlEnforcement(org.org.login, origin);
      }
      if (faults.isForbidden(path)) {
        throw caller.grant?.kind === 'fine-grained'
          ? githubErrors.notAccessibleByPat(route.docs, route.acceptedPermissions)
          : githubErrors.mustHaveAdminRights(route.docs);
      }
      const result = route.handle({
        url,
        bases,
        params: match.params,
        index,
        users,
        viewer: { userId: caller.grant?.userId ?? null, access: caller.access },
        teamMemberRoleFields: options.teamMemberRoleFields ?? false,
        rateStatus: () => ({
          core: primary.peek(caller.key, 'core', anonymous),
          graphql: primary.peek(caller.key, 'graphql', anonymous),
          search: primary.peek(caller.key, 'search', anonymous),
        }),
      });
      reply.json(
        result.status ?? 200,
        serializeBody(result.body),
        result.link ? { ...headers, link: result.link } : headers,
      );
    } catch (error) {
      if (!(error instanceof GitHubHttpError)) console.error('github simulator: unexpected error', error);
      reply.error(error instanceof GitHubHttpError ? error : githubErrors.serverError(), headers);
    }
  };

  const handleGraphql = (
    req: IncomingMessage,
    res: ServerResponse,
    text: string,
    bases: Bases,
    reply: Reply,
  ): void => {
    stats.graphqlRequests++;
    count('graphql');
    if (req.method !== 'POST') return reply.error(githubErrors.notFound(GRAPHQL_DOCS));
    if (!req.headers.authorization) {
      stats.unauthorized++;
      return reply.error(
        new GitHubHttpError(
          401,
          'This endpoint requires you to be authenticated.',
          'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql',
        ),
      );
    }
    const caller = admit(req, res, reply, true);
    if (!caller || !caller.grant || !caller.access) return;
    if (!secondary.spendPoint(caller.key, 'graphql', true)) return secondaryLimited(reply, true);
    const headers = tokenHeaders(caller);
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
      if (typeof body !== 'object' || body === null) throw new Error('not an object');
    } catch {
      return reply.error(new GitHubHttpError(400, 'Problems parsing JSON', GRAPHQL_DOCS), headers);
    }
    primary.exhausted = faults.faults.primaryRateLimitExhausted ?? false;
    if (typeof body.query !== 'string') {
      const decision = primary.take(caller.key, 'graphql', false);
      return reply.json(
        200,
        JSON.stringify({
          errors: [{ message: 'A query attribute must be specified and must be a string.' }],
        }),
        { ...headers, ...rateLimitHeaders(decision) },
      );
    }
    const variables =
      typeof body.variables === 'object' && body.variables !== null
        ? (body.variables as Record<string, unknown>)
        : {};
    const access = caller.access;
    const prepared = prepare(
      GITHUB_GRAPHQL_SCHEMA,
      body.query,
      variables,
      typeof body.operationName === 'string' ? body.operationName : undefined,
      { classic: access.classic, has: (scope) => access.hasScope(scope), granted: access.scopes },
    );
    const decision = primary.take(caller.key, 'graphql', false, prepared.cost);
    const rateHeaders = { ...headers, ...rateLimitHeaders(decision) };
    if (!decision.allowed) {
      // GraphQL answers primary-limit exhaustion with 200 and a RATE_LIMITED error.
      stats.primaryRateLimited++;
      return reply.json(
        200,
        JSON.stringify({
          errors: [
            {
              type: 'RATE_LIMITED',
              message: `API rate limit already exceeded for user ID ${caller.grant.userId}.`,
            },
          ],
        }),
        rateHeaders,
      );
    }
    stats.graphqlCost += prepared.cost;
    const injected = faults.takeServerError();
    if (injected === 500) {
      // What GitHub's GraphQL sends on an internal timeout (@octokit/plugin-retry retries on this text).
      stats.serverErrorsSent++;
      const message = `Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include \`${reply.requestId}\` when reporting this issue.`;
      return reply.json(200, JSON.stringify({ data: null, errors: [{ message }] }), rateHeaders);
    }
    if (injected) return injectedServerError(reply, injected, rateHeaders);
    if (faults.faults.samlNotAuthorized && caller.grant.kind === 'classic') {
      return reply.error(githubErrors.samlEnforcement(org.org.login, origin), rateHeaders);
    }
    let response: GraphQLResponse;
    if (prepared.errors) response = prepared.errors;
    else {
      response = prepared.execute({
        index,
        bases,
        viewerId: caller.grant.userId,
        access,
        orgNotFound: faults.faults.orgNotFound ?? false,
        countSkew: faults.faults.countSkew ?? 0,
        cost: prepared.cost,
        nodeCount: prepared.nodeCount,
        rate: decision,
      });
    }
    reply.json(200, JSON.stringify(response), rateHeaders);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    stats.requests++;
    if (faults.countRequestAndCheckReset()) {
      stats.connectionsReset++;
      resetConnection(req);
      return;
    }
    const url = requestUrl(req, origin);
    let path = url.pathname;
    let prefix = '';
    if (path === '/api/v3' || path.startsWith('/api/v3/')) {
      prefix = '/api/v3';
      path = path.slice(prefix.length) || '/';
    }
    const graphql = url.pathname === '/graphql' || url.pathname === '/api/graphql';
    const bases: Bases = { api: origin + prefix, web: origin };
    const reply = replies.reply(res, latencyMs + faults.extraDelayMs(path));
    // Some other web server at this address: its 404 page for every path.
    if (faults.faults.wrongDomain) return reply.html(404, NOT_FOUND_HTML);
    if (!graphql) return handleRest(req, res, url, path, bases, reply);
    void readBody(req, MAX_GRAPHQL_BODY).then(
      (body) => {
        if (body === undefined)
          return reply.error(new GitHubHttpError(413, 'Payload too large', GRAPHQL_DOCS));
        handleGraphql(req, res, body.toString('utf8'), bases, reply);
      },
      () => resetConnection(req),
    );
  };

  const server = await startTlsServer(handle, { port: options.port, replies });
  const { caPem } = server;
  origin = server.origin;

  return {
    url: origin,
    baseUrl: `${origin}/api/v3`,
    graphqlUrl: `${origin}/api/graphql`,
    caPem,
    token: (grants.default as TokenGrant).value,
    tokens: Object.fromEntries(Object.entries(grants).map(([name, grant]) => [name, grant.value])),
    tokenGrants: grants,
    installationTokens: () => [...installationTokens],
    orgLogin: org.org.login,
    org,
    orgIndex: index,
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    setFaults: (next) => faults.set(next),
    close: () => server.close(),
  };
}
