// The Google Workspace simulator's HTTPS server. One origin is both hosts a connector talks to: the OAuth
// token endpoint (`/token`, the key file's `token_uri`) and the Admin SDK (`/admin/directory/v1/...`).
// The token endpoint checks the JWT-bearer assertion against the service account's public key and the
// scopes a super admin authorised for its client id under domain-wide delegation; the Directory pipeline:
// injected faults, access token, rate limits per user per project, scope, the subject's admin privilege,
// then the resource.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ReplyScheduler } from '../shared/replies.ts';
import type { Reply } from '../shared/replies.ts';
import { RateWindows, scaledWindowMs } from '../shared/rate-limits.ts';
import { readBody, requestUrl, resetConnection, startTlsServer } from '../shared/server.ts';
import { DEFAULT_DELEGATED_SCOPES } from './catalog.ts';
import { GoogleDomainIndex } from './domain-index.ts';
import { generateGoogleDomain } from './domain-generator.ts';
import type { GeneratedGoogleDomain, GoogleDomainOptions } from './domain-generator.ts';
import { DirectoryError, OAuthError, directoryErrors, oauthErrors } from './errors.ts';
import { GoogleFaultState } from './faults.ts';
import type { GoogleFaults } from './faults.ts';
import { matchDirectoryRoute, scopesAllowing } from './routes.ts';
import { JWT_BEARER, checkAssertion, createServiceAccount } from './service-account.ts';
import type { ServiceAccount, ServiceAccountKeyFile } from './service-account.ts';

export interface GoogleSimOptions extends GoogleDomainOptions {
  /** Scopes authorised for the service account's client id under domain-wide delegation. */
  delegatedScopes?: string[];
  /** Queries per minute per user per project (Google's default is 2,400). */
  queriesPerMinutePerUser?: number;
  /** The minute window shrinks to 60/timeScale seconds (1 to 60). */
  timeScale?: number;
  /** Access token lifetime in seconds. Default 3599, as Google issues them. */
  tokenLifetimeSeconds?: number;
  latencyMs?: number;
  faults?: GoogleFaults;
  port?: number;
  clock?: () => number;
}

export interface GoogleSimStats {
  requests: number;
  tokenRequests: number;
  tokensIssued: number;
  /** Scopes of every token request, in order (one entry per request). */
  tokenScopes: string[][];
  directoryRequests: number;
  /** Directory requests by route template. */
  directoryRequestsByRoute: Record<string, number>;
  /** Rate-limit refusals (403 userRateLimitExceeded/quotaExceeded, 429 rateLimitExceeded). */
  throttled: number;
  serverErrorsSent: number;
  connectionsReset: number;
}

export interface GoogleSimulator {
  url: string;
  /** The token endpoint (the key file's token_uri). */
  tokenUri: string;
  caPem: string;
  /** The service account key file, as JSON text (what a user uploads). */
  keyFileJson: string;
  keyFile: ServiceAccountKeyFile;
  /** A key of the same account deleted in the console. */
  deletedKeyFileJson: string;
  serviceAccount: ServiceAccount;
  adminEmail: string;
  customerId: string;
  domain: GeneratedGoogleDomain;
  index: GoogleDomainIndex;
  /** Replaces the scopes authorised under domain-wide delegation. */
  setDelegatedScopes(scopes: string[]): void;
  stats(): GoogleSimStats;
  resetStats(): void;
  setFaults(faults: GoogleFaults): void;
  close(): Promise<void>;
}

interface IssuedToken {
  subject: string | null;
  scopes: Set<string>;
  expiresAt: number;
  caller: string;
}

function emptyStats(): GoogleSimStats {
  return {
    requests: 0,
    tokenRequests: 0,
    tokensIssued: 0,
    tokenScopes: [],
    directoryRequests: 0,
    directoryRequestsByRoute: {},
    throttled: 0,
    serverErrorsSent: 0,
    connectionsReset: 0,
  };
}

// What a Google front end answers for a path no service is behind.
const NOT_FOUND_HTML =
  '<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error 404 (Not Found)!!1</title>\n' +
  '  <p><b>404.</b> <ins>That’s an error.</ins>\n  <p>The requested URL was not found on this server.  <ins>That’s all we know.</ins>\n';
const OTHER_SERVER_HTML =
  '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n';

const MAX_TOKEN_BODY = 64 * 1024;

export function googleReplies(): ReplyScheduler {
  return new ReplyScheduler({
    newRequestId: () => randomBytes(8).toString('hex'),
    jsonHeaders: () => ({
      'content-type': 'application/json; charset=UTF-8',
      vary: 'Origin, X-Origin, Referer',
      server: 'ESF',
      'x-xss-protection': '0',
      'x-frame-options': 'SAMEORIGIN',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private',
    }),
    htmlHeaders: () => ({ 'content-type': 'text/html; charset=UTF-8' }),
  });
}

export async function startGoogleSimulator(options: GoogleSimOptions = {}): Promise<GoogleSimulator> {
  const clock = options.clock ?? Date.now;
  const domain = generateGoogleDomain(options);
  const index = new GoogleDomainIndex(domain);
  const faults = new GoogleFaultState(options.faults);
  let delegated = new Set(options.delegatedScopes ?? DEFAULT_DELEGATED_SCOPES);
  const perMinute = options.queriesPerMinutePerUser ?? 2400;
  const windows = new RateWindows({
    windowMs: scaledWindowMs(60_000, options.timeScale ?? 1),
    align: 'epoch',
    clock,
  });
  const lifetime = options.tokenLifetimeSeconds ?? 3599;
  const latencyMs = options.latencyMs ?? 0;
  const replies = googleReplies();
  const issued = new Map<string, IssuedToken>();
  let stats = emptyStats();
  let origin = '';
  // The key file names the token URI, which is only known once listening: a placeholder until then.
  let account: ServiceAccount = createServiceAccount('https://127.0.0.1/token');

  const handleToken = async (req: IncomingMessage, reply: Reply): Promise<void> => {
    stats.tokenRequests++;
    try {
      if (faults.takeServerError()) {
        stats.serverErrorsSent++;
        throw oauthErrors.serverError();
      }
      if (req.method !== 'POST') throw oauthErrors.invalidRequest('Invalid request method');
      const body = await readBody(req, MAX_TOKEN_BODY);
      const form = new URLSearchParams(body?.toString('utf8') ?? '');
      const grant = form.get('grant_type') ?? '';
      if (grant !== JWT_BEARER) throw oauthErrors.unsupportedGrant(grant);
      const assertion = form.get('assertion');
      if (!assertion) throw oauthErrors.invalidRequest('Missing required parameter: assertion');
      const check = checkAssertion(assertion, account, `${origin}/token`, clock());
      if (!check.ok) throw check.error;
      if (faults.faults.keyDeleted) throw oauthErrors.invalidSignature();
      const scopes = check.claims.scope.split(/\s+/).filter(Boolean);
      stats.tokenScopes.push(scopes);
      let subject: string | null = null;
      if (check.claims.sub !== undefined) {
        const user = index.user(check.claims.sub);
        if (!user) throw oauthErrors.invalidSubject();
        subject = user.id;
        // Domain-wide delegation: every requested scope must be authorised, or the whole exchange fails.
        const revoked = new Set(faults.faults.revokedScopes ?? []);
        if (!scopes.every((s) => delegated.has(s) && !revoked.has(s))) throw oauthErrors.unauthorizedClient();
      }
      const token = `ya29.c.${randomBytes(48).toString('base64url')}`;
      issued.set(token, {
        subject,
        scopes: new Set(scopes),
        expiresAt: clock() + lifetime * 1000,
        caller: `${account.clientEmail}/${subject ?? ''}`,
      });
      stats.tokensIssued++;
      reply.json(200, { access_token: token, expires_in: lifetime, token_type: 'Bearer' });
    } catch (error) {
      if (!(error instanceof OAuthError)) console.error('google simulator: unexpected token error', error);
      reply.error(error instanceof OAuthError ? error : oauthErrors.serverError());
    }
  };

  const authenticate = (req: IncomingMessage): IssuedToken => {
    const [scheme, token] = (req.headers.authorization ?? '').split(' ', 2);
    if (!token || scheme?.toLowerCase() !== 'bearer') throw directoryErrors.unauthenticated();
    const found = issued.get(token);
    if (!found || found.expiresAt <= clock() || faults.faults.expiredToken)
      throw directoryErrors.unauthenticated();
    return found;
  };

  const handleDirectory = (req: IncomingMessage, url: URL, reply: Reply): void => {
    stats.directoryRequests++;
    try {
      const injected = faults.takeServerError();
      if (injected) {
        stats.serverErrorsSent++;
        throw directoryErrors.backendError(injected);
      }
      const caller = authenticate(req);
      const throttled = faults.takeThrottle();
      if (throttled === 'rateLimitExceeded' || faults.faults.rateLimitStorm)
        throw directoryErrors.rateLimit();
      if (throttled === 'quotaExceeded') throw directoryErrors.quotaExceeded();
      if (throttled) throw directoryErrors.userRateLimit();
      if (!windows.take(caller.caller, perMinute).allowed) throw directoryErrors.userRateLimit();
      const match = matchDirectoryRoute(url.pathname);
      if (!match) {
        reply.html(404, NOT_FOUND_HTML);
        return;
      }
      if (req.method !== 'GET') throw directoryErrors.methodNotAllowed();
      stats.directoryRequestsByRoute[match.route.template] =
        (stats.directoryRequestsByRoute[match.route.template] ?? 0) + 1;
      if (!scopesAllowing(match.route.scope).some((s) => caller.scopes.has(s)))
        throw directoryErrors.insufficientScopes();
      const subject = caller.subject === null ? undefined : index.user(caller.subject);
      if (!subject?.isAdmin || subject.suspended || faults.faults.subjectNotAdmin)
        throw directoryErrors.notAuthorized();
      if (faults.isForbidden(url.pathname)) throw directoryErrors.notAuthorized();
      const body = match.route.handle({
        url,
        params: match.params,
        index,
        countSkew: faults.faults.countSkew ?? 0,
      });
      reply.json(200, body);
    } catch (error) {
      if (!(error instanceof DirectoryError)) console.error('google simulator: unexpected error', error);
      const answer = error instanceof DirectoryError ? error : directoryErrors.backendError(500);
      if (
        answer.reason.endsWith('RateLimitExceeded') ||
        answer.reason === 'rateLimitExceeded' ||
        answer.reason === 'quotaExceeded'
      )
        stats.throttled++;
      reply.error(answer);
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
    if (faults.faults.wrongDomain) return reply.html(404, OTHER_SERVER_HTML);
    if (url.pathname === '/token') {
      void handleToken(req, reply);
      return;
    }
    if (url.pathname.startsWith('/admin/directory/v1/')) return handleDirectory(req, url, reply);
    return reply.html(404, NOT_FOUND_HTML);
  };

  const server = await startTlsServer(handle, { port: options.port, replies });
  origin = server.origin;
  account = createServiceAccount(`${origin}/token`);

  return {
    url: origin,
    tokenUri: `${origin}/token`,
    caPem: server.caPem,
    keyFileJson: JSON.stringify(account.keyFile, null, 2),
    keyFile: account.keyFile,
    deletedKeyFileJson: JSON.stringify(account.deletedKeyFile, null, 2),
    serviceAccount: account,
    adminEmail: domain.adminEmail,
    customerId: domain.customerId,
    domain,
    index,
    setDelegatedScopes: (scopes) => {
      delegated = new Set(scopes);
    },
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    setFaults: (next) => faults.set(next),
    close: () => server.close(),
  };
}
