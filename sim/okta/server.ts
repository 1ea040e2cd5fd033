// The Okta simulator's HTTPS server: request pipeline (faults, concurrency, rate limits, auth, routing)
// in the order Okta's edge applies them, and the simulator handle tests and benchmarks drive.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConcurrencyGate } from '../shared/rate-limits.ts';
import { serializeBody } from '../shared/replies.ts';
import { requestUrl, resetConnection, startTlsServer } from '../shared/server.ts';
import { OktaHttpError, oktaErrors } from './errors.ts';
import { FaultState } from './faults.ts';
import type { OktaFaults } from './faults.ts';
import { generateOktaOrg } from './org-generator.ts';
import type { GeneratedOktaOrg } from './org-generator.ts';
import { OktaOrgIndex } from './org-index.ts';
import { OktaRateLimiter, rateBucketFor, rateLimitHeaders } from './rate-limits.ts';
import type { OktaRateBucket } from './rate-limits.ts';
import { oktaReplies } from './replies.ts';
import type { Reply } from './replies.ts';
import { userInListJson } from './representations.ts';
import { matchRoute } from './routes/index.ts';

export interface OktaSimOptions {
  seed?: number;
  users?: number;
  groups?: number;
  apps?: number;
  /** Okta's per-minute windows shrink to 60/timeScale seconds; one of 1,2,3,4,5,6,10,12,15,20,30,60. */
  timeScale?: number;
  /** Per-bucket limit overrides, keyed by bucket name (see OKTA_DEFAULT_RATE_LIMITS). */
  rateLimits?: Partial<Record<string, number>>;
  /** Org-wide in-flight /api requests before Okta answers 429. Default 15. */
  concurrencyLimit?: number;
  /** Base latency added to every response. */
  latencyMs?: number;
  faults?: OktaFaults;
  /** Default 0: an ephemeral port. */
  port?: number;
  deprovisionedFraction?: number;
  /** Share of people named in another script or with diacritics. Default 0.2. */
  unicodeNameShare?: number;
  suspendedFraction?: number;
  /** "Now" of the generated data (epoch ms); default 2025-06-01 so orgs are identical across days. */
  referenceTime?: number;
  /** Clock for rate-limit windows; tests pin it to make window boundaries deterministic. */
  clock?: () => number;
}

export interface OktaSimStats {
  /** Every request received, any path, including the ones that were reset. */
  requests: number;
  /** /api requests per rate-limit bucket. */
  requestsByBucket: Partial<Record<OktaRateBucket, number>>;
  /** 429s sent, for any reason (bucket, concurrency, storm). */
  tooManyRequests: number;
  /** Requests that arrived while their bucket had nothing left in the window: a client ignoring the headers. */
  requestsWhileExhausted: number;
  concurrencyRejections: number;
  maxConcurrency: number;
  serverErrorsSent: number;
  connectionsReset: number;
}

export interface OktaSimulator {
  /** `https://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT`, what a user types as the Okta domain. */
  host: string;
  /** Trust this CA to talk to the simulator. */
  caPem: string;
  /** A valid SSWS API token of the org's super admin (random per start). */
  token: string;
  org: GeneratedOktaOrg;
  /** Derived views over `org` (app users, admins, ...), as the routes see them. */
  orgIndex: OktaOrgIndex;
  stats(): OktaSimStats;
  resetStats(): void;
  /** Replaces all faults (`setFaults({})` clears them). */
  setFaults(faults: OktaFaults): void;
  close(): Promise<void>;
}

const NOT_FOUND_HTML =
  '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>' +
  '<p>The requested URL was not found on this server.</p></body></html>\n';

const EDGE_ERROR_HTML: Record<502 | 503, string> = {
  502: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>\n',
  503: '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>\n',
};

function emptyStats(): OktaSimStats {
  return {
    requests: 0,
    requestsByBucket: {},
    tooManyRequests: 0,
    requestsWhileExhausted: 0,
    concurrencyRejections: 0,
    maxConcurrency: 0,
    serverErrorsSent: 0,
    connectionsReset: 0,
  };
}

/** Okta API tokens are 42 characters starting with `00`. */
function newApiToken(): string {
  return '00' + randomBytes(40).toString('base64url').replace(/[-_]/g, 'x').slice(0, 40);
}

export async function startOktaSimulator(options: OktaSimOptions = {}): Promise<OktaSimulator> {
  // Okta's concurrency limit is org-wide: one key.
  const concurrency = new ConcurrencyGate(options.concurrencyLimit ?? 15);
  const latencyMs = options.latencyMs ?? 0;
  const clock = options.clock ?? Date.now;
  const limiter = new OktaRateLimiter({ timeScale: options.timeScale, limits: options.rateLimits, clock });
  const faults = new FaultState(options.faults);
  const org = generateOktaOrg({
    seed: options.seed,
    users: options.users,
    groups: options.groups,
    apps: options.apps,
    deprovisionedFraction: options.deprovisionedFraction,
    unicodeNameShare: options.unicodeNameShare,
    suspendedFraction: options.suspendedFraction,
    referenceTime: options.referenceTime,
  });
  const index = new OktaOrgIndex(org);
  // Serialize every user up front so that paging a large org costs the simulator string joins only:
  // benchmarks are meant to measure the client.
  for (const user of org.users) userInListJson(user, '');
  const token = newApiToken();
  let stats = emptyStats();
  let origin = '';
  const replies = oktaReplies();

  const tooManyRequests = (reply: Reply, headers: Record<string, string>): void => {
    stats.tooManyRequests++;
    reply.error(oktaErrors.rateLimited(), headers);
  };

  const injectedServerError = (
    reply: Reply,
    status: 500 | 502 | 503,
    headers: Record<string, string>,
  ): void => {
    stats.serverErrorsSent++;
    // 502/503 come from the edge in front of Okta: HTML, no Okta headers.
    if (status === 500) reply.error(oktaErrors.internal(), headers);
    else reply.html(status, EDGE_ERROR_HTML[status]);
  };

  const authenticate = (req: IncomingMessage): void => {
    const [scheme, credential] = req.headers.authorization?.split(' ', 2) ?? [];
    // No API credential at all: Okta treats the call as a browser call without a session.
    if (!scheme || !credential || (scheme !== 'SSWS' && scheme.toLowerCase() !== 'bearer')) {
      throw oktaErrors.invalidSession();
    }
    if (faults.faults.expiredToken || scheme !== 'SSWS' || credential !== token)
      throw oktaErrors.invalidToken();
  };

  /** Okta's order: concurrency, then the bucket, then auth and permissions, then the resource. */
  const handleApi = (req: IncomingMessage, res: ServerResponse, url: URL, reply: Reply): void => {
    const bucket = rateBucketFor(req.method ?? 'GET', url.pathname) ?? '/api/v1';
    stats.requestsByBucket[bucket] = (stats.requestsByBucket[bucket] ?? 0) + 1;
    if (!concurrency.enter('org')) {
      // Okta's concurrency 429s report 0/0 and a reset about a second ahead.
      stats.concurrencyRejections++;
      return tooManyRequests(
        reply,
        rateLimitHeaders({ limit: 0, remaining: 0, reset: Math.ceil(clock() / 1000) + 1 }),
      );
    }
    stats.maxConcurrency = Math.max(stats.maxConcurrency, concurrency.current('org'));
    res.once('close', () => concurrency.leave('org'));

    if (faults.faults.rateLimitStorm) {
      const reset = (limiter.windowStart() + 3 * limiter.windowMs) / 1000;
      return tooManyRequests(
        reply,
        rateLimitHeaders({ limit: limiter.limitOf(bucket), remaining: 0, reset }),
      );
    }
    const decision = limiter.take(bucket);
    const rateHeaders = rateLimitHeaders(decision);
    if (!decision.allowed) {
      stats.requestsWhileExhausted++;
      return tooManyRequests(reply, rateHeaders);
    }
    const injected = faults.takeServerError();
    if (injected) return injectedServerError(reply, injected, rateHeaders);
    try {
      authenticate(req);
      if (faults.isForbidden(url.pathname)) throw oktaErrors.forbidden();
      const match = matchRoute(url.pathname);
      if (!match) throw oktaErrors.notFound(url.pathname, 'Resource');
      if (req.method !== 'GET') throw oktaErrors.methodNotAllowed();
      const result = match.route.handle({
        url,
        origin,
        params: match.params,
        index,
        countSkew: faults.faults.countSkew ?? 0,
        now: clock(),
      });
      const body = serializeBody(result.body);
      reply.json(
        result.status ?? 200,
        body,
        result.links ? { ...rateHeaders, link: result.links } : rateHeaders,
      );
    } catch (error) {
      if (!(error instanceof OktaHttpError)) console.error('okta simulator: unexpected error', error);
      reply.error(error instanceof OktaHttpError ? error : oktaErrors.internal(), rateHeaders);
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    stats.requests++;
    if (faults.countRequestAndCheckReset()) {
      stats.connectionsReset++;
      resetConnection(req);
      return;
    }
    const url = requestUrl(req, origin);
    const reply = replies.reply(res, latencyMs + faults.extraDelayMs(url.pathname));
    if (faults.wrongDomain) return reply.html(404, NOT_FOUND_HTML);
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url, reply);
    if (url.pathname !== '/.well-known/okta-organization' || req.method !== 'GET')
      return reply.html(404, NOT_FOUND_HTML);
    const injected = faults.takeServerError();
    if (injected) return injectedServerError(reply, injected, {});
    reply.json(
      200,
      JSON.stringify({ id: org.orgId, pipeline: 'idx', _links: { organization: { href: origin } } }),
    );
  };

  const server = await startTlsServer(handle, { port: options.port, replies });
  const { host, caPem } = server;
  origin = server.origin;

  return {
    url: origin,
    host,
    caPem,
    token,
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
