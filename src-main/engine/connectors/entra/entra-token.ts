// Access tokens for Microsoft Graph by the client-credentials grant, through @azure/msal-node. MSAL calls
// the global fetch by default, which knows neither the source's custom CA nor its proxy: it gets our own
// INetworkModule over undici with the connector's dispatcher. The authority's metadata is given up front
// (no discovery request), which also lets an unknown tenant surface as the token endpoint's AADSTS90002
// rather than MSAL's generic endpoints_resolution_error.
import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import { sleep } from '../concurrency.ts';
import type { EntraCredential, EntraTarget } from './entra-config.ts';

// Microsoft Graph's hosts in the public and national clouds are their own resource URIs. Any other Graph
// origin (a simulator, a private endpoint) is asked for by Graph's application ID, valid in every cloud.
const graphHosts = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
]);
const graphAppId = '00000003-0000-0000-c000-000000000000';

export function graphScope(graphUrl: string): string {
  const host = new URL(graphUrl).host;
  return graphHosts.has(host) ? `https://${host}/.default` : `${graphAppId}/.default`;
}

/** The authority answered something that is not an OAuth endpoint (an HTML page, a proxy's error). */
export class NotAnAuthorityError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(
      `${new URL(url).origin} answered HTTP ${status} without an OAuth body: it is not an Entra authority.`,
    );
  }
}

/** The claims of an app-only Graph token Vouch reads. */
export interface TokenClaims {
  /** Application permissions admin-consented to the app; absent from the token when there are none. */
  roles: string[];
  appDisplayName: string | null;
  tenantId: string | null;
}

export function decodeClaims(accessToken: string): TokenClaims {
  const payload = accessToken.split('.')[1] ?? '';
  let claims: Record<string, unknown> = {};
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    // Graph tokens are JWTs today; an opaque token just tells us nothing about its permissions.
  }
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r) => typeof r === 'string') : [];
  return {
    roles,
    appDisplayName: typeof claims.app_displayname === 'string' ? claims.app_displayname : null,
    tenantId: typeof claims.tid === 'string' ? claims.tid : null,
  };
}

function networkClient(dispatcher: Dispatcher, lastFailure: { error: unknown }): INetworkModule {
  const send = async <T>(
    url: string,
    method: 'GET' | 'POST',
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> => {
    try {
      const response = await undiciFetch(url, {
        dispatcher,
        method,
        headers: options?.headers,
        body: method === 'POST' ? (options?.body ?? '') : undefined,
      });
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new NotAnAuthorityError(response.status, url);
      }
      return { headers: Object.fromEntries(response.headers), body: body as T, status: response.status };
    } catch (error) {
      // MSAL wraps network failures in its own error; keep ours to classify (DNS, TLS, refused, ...).
      lastFailure.error = error;
      throw error;
    }
  };
  return {
    sendGetRequestAsync: (url, options) => send(url, 'GET', options),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}

/** A failure of the token request, with the network error behind it when MSAL hid one. */
export class TokenRequestError extends Error {
  constructor(
    readonly error: unknown,
    readonly networkCause: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

const transientNetwork = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

function isTransientTokenFailure(failure: TokenRequestError): boolean {
  const e = failure.error as { errorCode?: string; status?: number; errorMessage?: string };
  // MSAL reports the authority's 5xx as a ServerError whose code is the AADSTS number (90033: transient).
  if (['server_error', 'temporarily_unavailable', '90033'].includes(String(e.errorCode))) return true;
  if (typeof e.status === 'number' && e.status >= 500) return true;
  for (let c: unknown = failure.networkCause, depth = 0; c && depth < 5; depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && transientNetwork.has(code)) return true;
    c = (c as { cause?: unknown }).cause;
  }
  return false;
}

export class EntraTokenSource {
  private app: ConfidentialClientApplication;
  private readonly lastFailure: { error: unknown } = { error: null };
  private current: { accessToken: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly target: EntraTarget,
    private readonly credential: EntraCredential,
    private readonly dispatcher: Dispatcher,
    private readonly signal: AbortSignal,
    private readonly retry: { retries: number; baseMs: number },
  ) {
    this.app = this.createApp();
  }

  private createApp(): ConfidentialClientApplication {
    const authority = `${this.target.authorityUrl}/${this.target.tenant}`;
    return new ConfidentialClientApplication({
      auth: {
        clientId: this.target.clientId,
        authority,
        knownAuthorities: [new URL(this.target.authorityUrl).host],
        authorityMetadata: JSON.stringify({
          token_endpoint: `${authority}/oauth2/v2.0/token`,
          issuer: `${authority}/v2.0`,
          authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
          jwks_uri: `${authority}/discovery/v2.0/keys`,
        }),
        ...(this.credential.kind === 'secret'
          ? { clientSecret: this.credential.secret }
          : {
              clientCertificate: {
                thumbprintSha256: this.credential.thumbprintSha256,
                privateKey: this.credential.privateKeyPem,
                x5c: this.credential.certificatePem,
              },
            }),
      },
      system: {
        networkClient: networkClient(this.dispatcher, this.lastFailure),
        // MSAL's own log would carry correlation ids and URLs, never needed here; secrets are never logged.
        loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => {} },
      },
    });
  }

  /** A valid access token; a new one when the last expires within five minutes or `refresh` is asked. */
  async token(refresh = false): Promise<string> {
    if (!refresh && this.current && this.current.expiresAt - Date.now() > 5 * 60_000)
      return this.current.accessToken;
    // Concurrent datasets share one token request.
    this.pending ??= this.acquire(refresh).finally(() => (this.pending = null));
    return this.pending;
  }

  private async acquire(refresh: boolean): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.acquireOnce(refresh);
      } catch (error) {
        // The authority's own transient failures (server_error, temporarily_unavailable, a dropped
        // connection) are retried with backoff; everything else is the credential's or the configuration's.
        if (attempt >= this.retry.retries || !isTransientTokenFailure(error as TokenRequestError))
          throw error;
        await sleep(this.retry.baseMs * 2 ** attempt, this.signal);
        // MSAL remembers a 5xx/429 and replays it from its cache without asking again for a minute or
        // more (its ThrottlingUtils); we pace retries ourselves, so a fresh instance asks the authority.
        this.app = this.createApp();
      }
    }
  }

  private async acquireOnce(refresh: boolean): Promise<string> {
    this.lastFailure.error = null;
    try {
      const result = await this.app.acquireTokenByClientCredential({
        scopes: [graphScope(this.target.graphUrl)],
        skipCache: refresh,
      });
      if (!result?.accessToken) throw new Error('The authority answered without an access token.');
      this.current = {
        accessToken: result.accessToken,
        expiresAt: result.expiresOn?.getTime() ?? Date.now() + 30 * 60_000,
      };
      return result.accessToken;
    } catch (error) {
      throw new TokenRequestError(error, this.lastFailure.error);
    }
  }
}
