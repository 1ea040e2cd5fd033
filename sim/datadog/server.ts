// The Datadog simulator's HTTPS server: the request pipeline (faults, keys, scoped-key permissions, rate
// limits, routing) and the handle tests and benchmarks drive.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ReplyScheduler, serializeBody, type Reply } from '../shared/replies.ts';
import { requestUrl, resetConnection, startTlsServer } from '../shared/server.ts';
import { DatadogHttpError, datadogErrors } from './errors.ts';
import { FaultState, type DatadogFaults } from './faults.ts';
import { generateDatadogOrg, type DatadogOrgOptions } from './org-generator.ts';
import type { GeneratedDatadogOrg } from './org-types.ts';
import { DatadogRateLimiter, rateBucketFor, type DatadogRateBucket } from './rate-limits.ts';
import { userJson } from './representations.ts';
import { matchRoute } from './routes.ts';

export interface DatadogSimOptions extends DatadogOrgOptions {
  /** Periods (60 s) shrink to 60/timeScale seconds. */
  timeScale?: number;
  rateLimits?: Partial<Record<string, number>>;
  latencyMs?: number;
  faults?: DatadogFaults;
  port?: number;
  /**
   * The application key is scoped to these permissions (default: unscoped, acting with every permission
   * of its owner, an admin).
   */
  appKeyScopes?: string[];
  clock?: () => number;
}

export interface DatadogSimStats {
  requests: number;
  requestsByBucket: Partial<Record<DatadogRateBucket, number>>;
  tooManyRequests: number;
  requestsWhileExhausted: number;
  serverErrorsSent: number;
  connectionsReset: number;
  forbidden: number;
}

export interface DatadogSimulator {
  url: string;
  host: string;
  caPem: string;
  /** DD-API-KEY: 32 hex characters. */
  apiKey: string;
  /** DD-APPLICATION-KEY: 40 hex characters. */
  appKey: string;
  org: GeneratedDatadogOrg;
  stats(): DatadogSimStats;
  resetStats(): void;
  setFaults(faults: DatadogFaults): void;
  /** Changes the application key's scopes (null: unscoped). */
  setAppKeyScopes(scopes: string[] | null): void;
  close(): Promise<void>;
}

const NOT_FOUND_HTML =
  '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n';
const EDGE_HTML: Record<502 | 503, string> = {
  502: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>\n',
  503: '<html><head><title>503 Service Unavailable</title></head><body><center><h1>503 Service Unavailable</h1></center></body></html>\n',
};

function emptyStats(): DatadogSimStats {
  return {
    requests: 0,
    requestsByBucket: {},
    tooManyRequests: 0,
    requestsWhileExhausted: 0,
    serverErrorsSent: 0,
    connectionsReset: 0,
    forbidden: 0,
  };
}

function datadogReplies(): ReplyScheduler {
  return new ReplyScheduler({
    newRequestId: () => randomBytes(16).toString('hex'),
    jsonHeaders: () => ({
      'content-type': 'application/json',
      'cache-control': 'no-cache',
      pragma: 'no-cache',
      'x-content-type-options': 'nosniff',
      'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
    }),
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function startDatadogSimulator(options: DatadogSimOptions = {}): Promise<DatadogSimulator> {
  const org = generateDatadogOrg(options);
  const roleUserCounts = new Map<string, number>();
  for (const user of org.users) {
    userJson(user, org);
    for (const id of user.roleIds) roleUserCounts.set(id, (roleUserCounts.get(id) ?? 0) + 1);
  }
  const apiKey = randomBytes(16).toString('hex');
  const appKey = randomBytes(20).toString('hex');
  const faults = new FaultState(options.faults);
  const limiter = new DatadogRateLimiter({
    timeScale: options.timeScale,
    limits: options.rateLimits,
    clock: options.clock,
  });
  let scopes: Set<string> | null = options.appKeyScopes ? new Set(options.appKeyScopes) : null;
  const latencyMs = options.latencyMs ?? 0;
  const replies = datadogReplies();
  let stats = emptyStats();
  let origin = '';

  const refuse = (reply: Reply, error: DatadogHttpError, headers: Record<string, string> = {}) => {
    if (error.status === 403) stats.forbidden++;
    reply.error(error, headers);
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
    if (faults.wrongDomain || !url.pathname.startsWith('/api/')) return reply.html(404, NOT_FOUND_HTML);
    const bucket = rateBucketFor(url.pathname);
    stats.requestsByBucket[bucket] = (stats.requestsByBucket[bucket] ?? 0) + 1;
    if (faults.faults.rateLimitStorm) {
      const storm = limiter.storm(bucket);
      stats.tooManyRequests++;
      return reply.error(datadogErrors.rateLimited(storm.limit, storm.periodSeconds), storm.headers);
    }
    const injected = faults.takeServerError();
    if (injected) {
      stats.serverErrorsSent++;
      if (injected === 500) return reply.error(datadogErrors.internal());
      return reply.html(injected, EDGE_HTML[injected]);
    }
    const match = matchRoute(url.pathname);
    const keysRefused = faults.faults.expiredToken || faults.faults.otherSite;
    // Datadog checks the API key first: without a valid one, every path (even an unknown one) is a 403.
    if (keysRefused || header(req, 'dd-api-key') !== apiKey) return refuse(reply, datadogErrors.forbidden());
    if (!match) return reply.error(datadogErrors.notFound());
    if (
      match.route.needsAppKey &&
      (faults.faults.revokedAppKey || header(req, 'dd-application-key') !== appKey)
    )
      return refuse(reply, datadogErrors.forbidden());
    const permission = match.route.permission;
    if (faults.isForbidden(url.pathname) || (permission && scopes && !scopes.has(permission)))
      return refuse(reply, datadogErrors.forbidden());
    const decision = limiter.take(bucket);
    if (!decision.allowed) {
      stats.tooManyRequests++;
      stats.requestsWhileExhausted++;
      return reply.error(datadogErrors.rateLimited(decision.limit, decision.periodSeconds), decision.headers);
    }
    if (req.method !== 'GET') return reply.error(datadogErrors.methodNotAllowed(), decision.headers);
    try {
      const body = match.route.handle({
        url,
        params: match.params,
        org,
        roleUserCounts,
        faults: faults.faults,
      });
      reply.json(200, serializeBody(body), decision.headers);
    } catch (error) {
      if (!(error instanceof DatadogHttpError)) console.error('datadog simulator: unexpected error', error);
      reply.error(error instanceof DatadogHttpError ? error : datadogErrors.internal(), decision.headers);
    }
  };

  const server = await startTlsServer(handle, { port: options.port, replies });
  origin = server.origin;
  return {
    url: server.origin,
    host: server.host,
    caPem: server.caPem,
    apiKey,
    appKey,
    org,
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    setFaults: (next) => faults.set(next),
    setAppKeyScopes: (next) => {
      scopes = next ? new Set(next) : null;
    },
    close: () => server.close(),
  };
}
