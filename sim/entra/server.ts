// The Entra simulator's HTTPS server. One origin serves both hosts a connector talks to, so it is both the
// authority (`/{tenant}/oauth2/v2.0/token`, OpenID metadata, keys) and Microsoft Graph (`/v1.0/...`).
// Graph's pipeline: injected faults, authentication, throttling per app, permissions, then the resource.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, requestUrl, resetConnection, startTlsServer } from '../shared/server.ts';
import { DEFAULT_GRANTED_PERMISSIONS } from './catalog.ts';
import { EstsError, GraphHttpError, estsErrors, graphErrors } from './errors.ts';
import { EntraFaultState } from './faults.ts';
import type { EntraFaults } from './faults.ts';
import { GraphThrottle, defaultBudget, requestCost } from './rate-limits.ts';
import { GRAPH_JSON, estsReplies, graphReplies } from './replies.ts';
import type { Reply } from './replies.ts';
import { matchGraphRoute } from './routes/index.ts';
import type { CountedCollection, GraphRequest } from './routes/route.ts';
import { EntraTenantIndex } from './tenant-index.ts';
import { generateEntraTenant } from './tenant-generator.ts';
import type { EntraTenantOptions, GeneratedEntraTenant } from './tenant-generator.ts';
import { DAY } from './tenant-primitives.ts';
import {
  checkTokenRequest,
  createClientCertificate,
  issueAccessToken,
  signingJwks,
  tenantMatches,
  verifyAccessToken,
} from './tokens.ts';
import type { ClientCertificate } from './tokens.ts';

export interface EntraSimOptions extends Omit<EntraTenantOptions, 'clientSecretEndDateTime'> {
  /** Epoch ms at which the connector's current secret expires. Default: 180 days after start. */
  clientSecretExpiresAt?: number;
  /** Register a certificate on the connector's app too (`sim.clientCertificate`). Default false. */
  clientCertificate?: boolean | { expiresAt?: number };
  /** The tenant has Entra ID P1/P2 (sign-in activity, registration report). Default true. */
  premium?: boolean;
  /** Access token lifetime in seconds. Default 3599, as Entra issues them. */
  tokenLifetimeSeconds?: number;
  /** Resource units per app per 10-second window. Default by tenant size (3500/5000/8000). */
  throttleBudget?: number;
  /** The 10-second throttling window shrinks to 10/timeScale seconds (1 to 10). */
  timeScale?: number;
  latencyMs?: number;
  faults?: EntraFaults;
  port?: number;
  /** Clock for token lifetimes, secret expiry and throttling windows. */
  clock?: () => number;
}

export interface EntraSimStats {
  requests: number;
  tokenRequests: number;
  tokensIssued: number;
  graphRequests: number;
  /** Graph requests by route template (`/v1.0/users`...). */
  graphRequestsByRoute: Record<string, number>;
  /** 429 and 503 answers with Retry-After, for any reason. */
  throttled: number;
  /** Requests from an app that arrived before the Retry-After it was last given had elapsed. */
  requestsBeforeRetryAfter: number;
  serverErrorsSent: number;
  connectionsReset: number;
}

export interface EntraSimulator {
  /** `https://127.0.0.1:PORT`: both the authority URL and the Graph URL. */
  url: string;
  authorityUrl: string;
  graphUrl: string;
  caPem: string;
  tenantId: string;
  /** The tenant's initial domain, also accepted as `{tenant}`. */
  tenantDomain: string;
  clientId: string;
  /** The connector's current secret value. */
  clientSecret: string;
  /** The secret's id (keyId): what users paste by mistake (AADSTS7000215). */
  clientSecretId: string;
  /** An older secret of the same app that has expired (AADSTS7000222). */
  expiredClientSecret: string;
  /** The token endpoint URL for this tenant. */
  tokenEndpoint: string;
  clientCertificate: { certificatePem: string; privateKeyPem: string; thumbprint: string } | undefined;
  tenant: GeneratedEntraTenant;
  index: EntraTenantIndex;
  stats(): EntraSimStats;
  resetStats(): void;
  /** Replaces all faults (`setFaults({})` clears them). */
  setFaults(faults: EntraFaults): void;
  close(): Promise<void>;
}

function emptyStats(): EntraSimStats {
  return {
    requests: 0,
    tokenRequests: 0,
    tokensIssued: 0,
    graphRequests: 0,
    graphRequestsByRoute: {},
    throttled: 0,
    requestsBeforeRetryAfter: 0,
    serverErrorsSent: 0,
    connectionsReset: 0,
  };
}

const NOT_FOUND_HTML =
  '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>' +
  '<p>The requested URL was not found on this server.</p></body></html>\n';

const MAX_TOKEN_BODY = 64 * 1024;

export async function startEntraSimulator(options: EntraSimOptions = {}): Promise<EntraSimulator> {
  const clock = options.clock ?? Date.now;
  const startedAt = clock();
  const tenant = generateEntraTenant({
    ...options,
    grantedPermissions: options.grantedPermissions ?? DEFAULT_GRANTED_PERMISSIONS,
    clientSecretEndDateTime: options.clientSecretExpiresAt ?? startedAt + 180 * DAY,
  });
  const index = new EntraTenantIndex(tenant);
  let certificate: ClientCertificate | undefined;
  if (options.clientCertificate) {
    const expiresAt =
      typeof options.clientCertificate === 'object' ? options.clientCertificate.expiresAt : undefined;
    certificate = createClientCertificate(
      randomUUID(),
      startedAt - 30 * DAY,
      expiresAt ?? startedAt + 365 * DAY,
    );
    tenant.applications
      .find((a) => a.id === tenant.client.applicationId)
      ?.keyCredentials.push(certificate.keyCredential);
  }
  const faults = new EntraFaultState(options.faults);
  const throttle = new GraphThrottle(
    options.throttleBudget ?? defaultBudget(tenant.users.length),
    options.timeScale ?? 1,
    clock,
  );
  const lifetime = options.tokenLifetimeSeconds ?? 3599;
  if (!Number.isInteger(lifetime) || lifetime < 1)
    throw new Error('tokenLifetimeSeconds must be a positive integer');
  const latencyMs = options.latencyMs ?? 0;
  const premium = options.premium ?? true;
  const graph = graphReplies();
  const ests = estsReplies();
  const retryAfterUntil = new Map<string, number>();
  let stats = emptyStats();
  let origin = '';

  const tokenEndpointFor = (segment: string): string => `${origin}/${segment}/oauth2/v2.0/token`;

  const handleToken = async (req: IncomingMessage, reply: Reply, segment: string): Promise<void> => {
    stats.tokenRequests++;
    try {
      const injected = faults.takeServerError();
      if (injected) {
        stats.serverErrorsSent++;
        if (injected === 503) throw estsErrors.temporarilyUnavailable();
        const error = estsErrors.internal();
        throw injected === 500
          ? error
          : new EstsError(injected, error.error, error.aadsts, error.description);
      }
      if (req.method !== 'POST') {
        throw new EstsError(
          405,
          'invalid_request',
          900561,
          'The endpoint only accepts POST, OPTIONS requests. Received a GET request.',
        );
      }
      const body = await readBody(req, MAX_TOKEN_BODY);
      if (body === undefined) throw estsErrors.missingParameter('grant_type');
      const form = new URLSearchParams(body.toString('utf8'));
      // client_secret_basic: the credentials in an Authorization header instead of the body.
      const [scheme, encoded] = (req.headers.authorization ?? '').split(' ', 2);
      if (scheme?.toLowerCase() === 'basic' && encoded) {
        const decoded = Buffer.from(encoded, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0 && !form.has('client_id'))
          form.set('client_id', decodeURIComponent(decoded.slice(0, colon)));
        if (colon > 0 && !form.has('client_secret'))
          form.set('client_secret', decodeURIComponent(decoded.slice(colon + 1)));
      }
      const method = checkTokenRequest(form, {
        tenant,
        client: tenant.client,
        tenantSegment: segment,
        tokenEndpoint: tokenEndpointFor(segment),
        certificate,
        nowMs: clock(),
        secretsExpired: faults.faults.secretExpired ?? false,
      });
      const revoked = new Set(faults.faults.revokedPermissions ?? []);
      const granted = tenant.client.grantedPermissions.filter((p) => !revoked.has(p));
      stats.tokensIssued++;
      reply.json(200, issueAccessToken(tenant, tenant.client, granted, clock(), lifetime, method));
    } catch (error) {
      if (!(error instanceof EstsError)) console.error('entra simulator: unexpected token error', error);
      const answer = error instanceof EstsError ? error : estsErrors.internal();
      answer.now = clock();
      reply.error(answer);
    }
  };

  const graphError = (reply: Reply, error: GraphHttpError, clientRequestId: string | undefined): void => {
    error.requestId = reply.requestId;
    error.clientRequestId = clientRequestId ?? reply.requestId;
    error.now = clock();
    if (error.status === 429 || error.status === 503) stats.throttled++;
    reply.error(error, { 'client-request-id': error.clientRequestId });
  };

  const authenticate = (req: IncomingMessage): { appId: string; roles: Set<string> } => {
    const header = req.headers.authorization ?? '';
    const [scheme, token] = header.split(' ', 2);
    if (!token || scheme?.toLowerCase() !== 'bearer') throw graphErrors.noToken();
    const check = verifyAccessToken(token, tenant.tenantId, clock());
    if (!check.ok) {
      if (check.reason === 'malformed') throw graphErrors.malformedToken();
      if (check.reason === 'expired') throw graphErrors.expiredToken();
      throw graphErrors.invalidToken(
        check.reason === 'audience'
          ? 'Invalid audience.'
          : check.reason === 'issuer'
            ? 'Invalid issuer.'
            : 'Invalid signature.',
      );
    }
    if (faults.faults.expiredToken) throw graphErrors.expiredToken();
    return { appId: check.claims.appid, roles: new Set(check.claims.roles ?? []) };
  };

  const handleGraph = (req: IncomingMessage, url: URL, reply: Reply): void => {
    stats.graphRequests++;
    const clientRequestId =
      typeof req.headers['client-request-id'] === 'string' ? req.headers['client-request-id'] : undefined;
    const echo = { 'client-request-id': clientRequestId ?? reply.requestId };
    try {
      const injected = faults.takeServerError();
      if (injected) {
        stats.serverErrorsSent++;
        throw injected === 500
          ? graphErrors.internal()
          : injected === 502
            ? graphErrors.badGateway()
            : injected === 503
              ? graphErrors.serviceUnavailable(1)
              : graphErrors.gatewayTimeout();
      }
      const throttled = faults.takeThrottle();
      if (throttled) {
        throw throttled.status === 429
          ? graphErrors.tooManyRequests(throttled.retryAfterSeconds)
          : graphErrors.serviceUnavailable(throttled.retryAfterSeconds);
      }
      const caller = authenticate(req);
      const now = clock();
      if ((retryAfterUntil.get(caller.appId) ?? 0) > now) stats.requestsBeforeRetryAfter++;
      const match = matchGraphRoute(url.pathname);
      const refuse = (error: GraphHttpError): never => {
        const seconds = Number(error.headers['retry-after'] ?? 0);
        retryAfterUntil.set(caller.appId, now + seconds * 1000);
        throw error;
      };
      if (faults.faults.rateLimitStorm) refuse(graphErrors.tooManyRequests(10));
      const isCollection =
        match !== undefined && !match.route.path.endsWith('/:id') && !match.route.path.endsWith('$count');
      const decision = throttle.take(caller.appId, requestCost(url, isCollection));
      if (!decision.allowed) refuse(graphErrors.tooManyRequests(decision.retryAfterSeconds));
      if (faults.isForbidden(url.pathname)) throw graphErrors.insufficientPrivileges();
      if (!match) {
        const segment = url.pathname.split('/').filter(Boolean).slice(1).join('/') || 'v1.0';
        throw graphErrors.segmentNotFound(segment);
      }
      if (req.method !== 'GET') throw graphErrors.methodNotAllowed();
      stats.graphRequestsByRoute[match.route.path] = (stats.graphRequestsByRoute[match.route.path] ?? 0) + 1;
      const consistency = req.headers.consistencylevel;
      const request: GraphRequest = {
        url,
        origin,
        params: match.params,
        index,
        consistencyLevel: Array.isArray(consistency) ? consistency[0] : consistency,
        granted: caller.roles,
        premium: premium && !faults.faults.noPremiumLicense,
        countDrift: (collection: CountedCollection) => faults.faults.countDrift?.[collection] ?? 0,
      };
      const result = match.route.handle(request);
      const text = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
      reply.json(result.status ?? 200, text, {
        ...echo,
        'content-type': result.contentType ?? GRAPH_JSON,
        'x-ms-resource-unit': String(decision.cost),
      });
    } catch (error) {
      if (!(error instanceof GraphHttpError)) console.error('entra simulator: unexpected error', error);
      graphError(reply, error instanceof GraphHttpError ? error : graphErrors.internal(), clientRequestId);
    }
  };

  const openIdConfiguration = (segment: string): Record<string, unknown> => {
    const base = `${origin}/${tenant.tenantId}`;
    return {
      token_endpoint: tokenEndpointFor(segment),
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${origin}/${segment}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${origin}/${segment}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${origin}/${segment}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${origin}/${segment}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'ver'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: new URL(origin).host,
    };
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    stats.requests++;
    if (faults.countRequestAndCheckReset()) {
      stats.connectionsReset++;
      resetConnection(req);
      return;
    }
    const url = requestUrl(req, origin);
    const delay = latencyMs + faults.extraDelayMs(url.pathname);
    if (faults.faults.wrongDomain) return graph.reply(res, delay).html(404, NOT_FOUND_HTML);
    if (url.pathname === '/v1.0' || url.pathname.startsWith('/v1.0/')) {
      return handleGraph(req, url, graph.reply(res, delay));
    }
    const segments = url.pathname.split('/');
    const segment = segments[1] ?? '';
    const rest = segments.slice(2).join('/');
    const reply = ests.reply(res, delay);
    if (rest === 'oauth2/v2.0/token') {
      void handleToken(req, reply, decodeURIComponent(segment));
      return;
    }
    if (req.method === 'GET' && rest === 'v2.0/.well-known/openid-configuration') {
      if (!tenantMatches(tenant, segment)) {
        return reply.json(400, JSON.stringify(estsErrors.tenantNotFound(segment).body()));
      }
      return reply.json(200, JSON.stringify(openIdConfiguration(segment)));
    }
    if (req.method === 'GET' && rest === 'discovery/v2.0/keys')
      return reply.json(200, JSON.stringify(signingJwks()));
    if (req.method === 'GET' && url.pathname === '/common/discovery/instance') {
      // MSAL's instance discovery: this host is its own cloud, with no aliases.
      const host = new URL(origin).host;
      return reply.json(
        200,
        JSON.stringify({
          tenant_discovery_endpoint: `${origin}/${tenant.tenantId}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        }),
      );
    }
    return reply.html(404, NOT_FOUND_HTML);
  };

  const server = await startTlsServer(handle, { port: options.port, replies: graph });
  origin = server.origin;
  const currentSecret = tenant.client.secrets[0] as { keyId: string; value: string };
  const expiredSecret = tenant.client.secrets[1] as { keyId: string; value: string };

  return {
    url: origin,
    authorityUrl: origin,
    graphUrl: origin,
    caPem: server.caPem,
    tenantId: tenant.tenantId,
    tenantDomain: tenant.initialDomain,
    clientId: tenant.client.appId,
    clientSecret: currentSecret.value,
    clientSecretId: currentSecret.keyId,
    expiredClientSecret: expiredSecret.value,
    tokenEndpoint: tokenEndpointFor(tenant.tenantId),
    clientCertificate: certificate && {
      certificatePem: certificate.certificatePem,
      privateKeyPem: certificate.privateKeyPem,
      thumbprint: Buffer.from(certificate.x5t, 'base64url').toString('hex').toUpperCase(),
    },
    tenant,
    index,
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    setFaults: (next) => faults.set(next),
    close: async () => {
      ests.cancelAll();
      await server.close();
    },
  };
}
