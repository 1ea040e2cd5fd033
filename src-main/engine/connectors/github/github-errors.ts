// Turns what GitHub (or the network) answered into a connection status class with what to do next. GitHub
// says a lot in headers: X-GitHub-SSO (the token is not authorized for the org's SAML SSO), X-OAuth-Scopes
// and X-Accepted-OAuth-Scopes (classic tokens), X-Accepted-GitHub-Permissions (fine-grained tokens),
// x-ratelimit-remaining/-reset (primary limit) and retry-after (secondary limit).
import { remedyForErrorClass, type ErrorClass } from '../../../../src-shared/connection-status.ts';
import { ForeignOriginError } from './github-session.ts';

export interface ClassifiedFailure {
  errorClass: ErrorClass;
  message: string;
  nextStep: string;
}

/** Where the user fixes things: token settings live on the web origin (github.com or the GHES host). */
export interface FailureContext {
  org: string;
  webUrl: string;
}

interface ErrorShape {
  name?: string;
  status?: number;
  message?: string;
  code?: string;
  cause?: unknown;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
  /** GraphqlResponseError */
  headers?: Record<string, string | undefined>;
  errors?: { type?: string; message?: string; path?: unknown[] }[];
  data?: unknown;
}

const unreachableCodes: Record<string, string> = {
  ENOTFOUND: 'the host name does not resolve (DNS)',
  EAI_AGAIN: 'DNS lookup timed out',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
  UND_ERR_HEADERS_TIMEOUT: 'GitHub did not answer in time',
  UND_ERR_BODY_TIMEOUT: 'the response stalled',
  UND_ERR_SOCKET: 'the connection was closed',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presented a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain contains an untrusted self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate could not be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate authority of the server is not trusted',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not match the host name',
};

/** The error and its causes, outermost first (octokit wraps fetch's TypeError, which wraps the socket's). */
function causes(error: unknown): ErrorShape[] {
  const chain: ErrorShape[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    chain.push(current as ErrorShape);
    current = (current as ErrorShape).cause;
  }
  return chain;
}

function header(e: ErrorShape, name: string): string | undefined {
  return e.response?.headers?.[name] ?? e.headers?.[name];
}

/** GitHub's own words: `message` of the error body, without the documentation URL octokit appends. */
function githubMessage(e: ErrorShape): string {
  const data = e.response?.data as { message?: unknown } | undefined;
  if (data && typeof data.message === 'string') return data.message;
  return (e.message ?? '').replace(/\s+-\s+https:\/\/\S+$/, '');
}

function utc(epochSeconds: number): string {
  return `${new Date(epochSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The least privilege among the scopes GitHub says it accepts, for the message. */
function neededScope(accepted: string | undefined): string | null {
  const scopes = (accepted ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (scopes.length === 0) return null;
  for (const preferred of ['read:org', 'repo', 'read:user', 'public_repo']) {
    if (scopes.includes(preferred)) return preferred;
  }
  return scopes[0] ?? null;
}

function tokenSettings(context: FailureContext): string {
  return `${context.webUrl}/settings/tokens`;
}

function classifyGraphql(e: ErrorShape, what: string, context: FailureContext): ClassifiedFailure | null {
  const errors = e.errors ?? (e.data as { errors?: ErrorShape['errors'] } | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return null;
  const types = new Set(errors.map((error) => error.type));
  const first = errors[0]?.message ?? '';
  if (types.has('RATE_LIMITED')) {
    const reset = Number(header(e, 'x-ratelimit-reset'));
    return {
      errorClass: 'rate_limited',
      message: `GitHub's GraphQL rate limit for this token is spent while reading ${what}${Number.isFinite(reset) && reset > 0 ? ` (it resets at ${utc(reset)})` : ''}.`,
      nextStep: remedyForErrorClass.rate_limited,
    };
  }
  if (types.has('INSUFFICIENT_SCOPES')) {
    const required = /following scopes: \[([^\]]*)\]/.exec(first)?.[1]?.replace(/'/g, '') ?? 'read:org';
    return {
      errorClass: 'missing_permissions',
      message: `The token lacks a scope GitHub requires to read ${what}: one of ${required}.`,
      nextStep: `Add the scope to the token at ${tokenSettings(context)} (or create one with read:org and repo), then Test Connection.`,
    };
  }
  if (types.has('FORBIDDEN')) {
    return {
      errorClass: 'missing_permissions',
      message: `GitHub refused the token access to ${what} ("${first}").`,
      nextStep:
        'Give the fine-grained token the organization permission Members (read), or use a classic token with read:org, then Test Connection.',
    };
  }
  if (types.has('NOT_FOUND')) {
    return {
      errorClass: 'missing_configuration',
      message: `GitHub found no organization "${context.org}" visible to this token while reading ${what} ("${first}").`,
      nextStep: `Check the organization's login, and that the token's user belongs to it (${context.webUrl}/${context.org}), then Test Connection.`,
    };
  }
  return {
    errorClass: 'missing_configuration',
    message: `GitHub's GraphQL API answered with an error while reading ${what}: ${first}`,
    nextStep: remedyForErrorClass.missing_configuration,
  };
}

export function classifyGitHubFailure(
  error: unknown,
  what: string,
  context: FailureContext,
): ClassifiedFailure {
  const chain = causes(error);
  const e = chain[0] ?? {};
  const foreign = chain.find((c) => c instanceof ForeignOriginError);
  if (foreign) {
    return {
      errorClass: 'missing_configuration',
      message: `Stopped reading ${what}: ${foreign.message ?? ''} The token is only ever sent to the configured API.`,
      nextStep: 'Check the base URL of the source (GitHub Enterprise Server: https://HOST/api/v3).',
    };
  }
  const graphql = classifyGraphql(e, what, context);
  if (graphql) return graphql;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const ghMessage = githubMessage(e);
  const networkCode = chain.map((c) => c.code).find((code) => code !== undefined && unreachableCodes[code]);
  if (networkCode) {
    const tlsProblem = /CERT|SIGNED|ISSUER/.test(networkCode);
    return {
      errorClass: 'unreachable',
      message: `Could not reach GitHub while reading ${what}: ${unreachableCodes[networkCode]} (${networkCode}).`,
      nextStep: tlsProblem
        ? "If a TLS-inspecting proxy sits in the path, or the GitHub Enterprise Server uses a private CA, add its certificate authority as the source's CA bundle, then Test Connection."
        : remedyForErrorClass.unreachable,
    };
  }
  if (status === 401) {
    const expiry = header(e, 'github-authentication-token-expiration');
    return {
      errorClass: 'failed_authentication',
      message: `GitHub rejected the token while reading ${what} (401 ${ghMessage || 'Bad credentials'}): it is wrong, revoked or expired${expiry ? ` (GitHub reports its expiry as ${expiry})` : ''}.`,
      nextStep: `Create a new personal access token at ${tokenSettings(context)} as the integration guide describes, then use Update Credentials.`,
    };
  }
  if ((status === 403 || status === 429) && header(e, 'x-github-sso')) {
    const url = /url=(\S+)/.exec(header(e, 'x-github-sso') ?? '')?.[1];
    return {
      errorClass: 'missing_permissions',
      message: `Organization ${context.org} enforces SAML single sign-on and the token is not authorized for it (GitHub: "${ghMessage}").`,
      nextStep: `Authorize the token for SSO${url ? ` at ${url}` : ''} (token settings → Configure SSO → Authorize next to ${context.org}), then Test Connection.`,
    };
  }
  if (
    (status === 403 || status === 429) &&
    (header(e, 'x-ratelimit-remaining') === '0' || /rate limit/i.test(ghMessage))
  ) {
    const secondary = /secondary rate limit/i.test(ghMessage);
    const reset = Number(header(e, 'x-ratelimit-reset'));
    return {
      errorClass: 'rate_limited',
      message: secondary
        ? `GitHub kept answering with its secondary rate limit while reading ${what}.`
        : `GitHub's rate limit for this token is spent while reading ${what}${Number.isFinite(reset) && reset > 0 ? ` (it resets at ${utc(reset)})` : ''}.`,
      nextStep: remedyForErrorClass.rate_limited,
    };
  }
  if (status === 403) {
    const granted = header(e, 'x-oauth-scopes');
    const permission = header(e, 'x-accepted-github-permissions');
    const scope = granted !== undefined ? neededScope(header(e, 'x-accepted-oauth-scopes')) : null;
    const need = permission
      ? ` It needs the fine-grained permission ${permission}.`
      : scope && granted !== undefined && !granted.split(',').some((s) => s.trim() === scope)
        ? ` It needs the ${scope} scope.`
        : '';
    return {
      errorClass: 'missing_permissions',
      message: `The token may not read ${what} (403 "${ghMessage}").${need}`,
      nextStep: permission
        ? `Give the fine-grained token ${permission} at ${tokenSettings(context)}, then Test Connection.`
        : `Use a token with read:org and repo of an organization owner, as the integration guide describes, then Test Connection.`,
    };
  }
  if (status === 404) {
    return {
      errorClass: 'missing_configuration',
      message: `GitHub answered 404 Not Found for ${what}: it does not exist, or the token cannot see it.`,
      nextStep: `Check the organization's login and the base URL, and that the token's user belongs to ${context.org}, then Test Connection.`,
    };
  }
  if (status === 422) {
    return {
      errorClass: 'missing_permissions',
      message: `GitHub refused the request for ${what} (422 "${ghMessage}").`,
      nextStep: 'Use the token of an organization owner, as the integration guide describes.',
    };
  }
  if (status !== undefined && status >= 500) {
    // Octokit reports a request that got no response at all (refused port, reset) as a 500 without one.
    const network = e.response === undefined;
    return {
      errorClass: 'unreachable',
      message: network
        ? `Could not reach GitHub while reading ${what}: ${ghMessage}, also after retries.`
        : `GitHub failed with HTTP ${status} while reading ${what}, also after retries.`,
      nextStep:
        'Check githubstatus.com (or the GitHub Enterprise Server); try again later with Test Connection.',
    };
  }
  if (e.name === 'AbortError' || e.name === 'TimeoutError') {
    return {
      errorClass: 'unreachable',
      message: `GitHub did not answer in time while reading ${what}.`,
      nextStep: remedyForErrorClass.unreachable,
    };
  }
  if (status !== undefined) {
    return {
      errorClass: 'missing_configuration',
      message: `GitHub answered HTTP ${status} while reading ${what} ("${ghMessage}").`,
      nextStep: remedyForErrorClass.missing_configuration,
    };
  }
  return {
    errorClass: 'unreachable',
    message: `Could not reach GitHub while reading ${what}: ${ghMessage || String(error)}.`,
    nextStep: remedyForErrorClass.unreachable,
  };
}

/** 422 "Only owners can use this filter.": the 2FA filters, for anyone but an organization owner. */
export function isOwnersOnlyRefusal(error: unknown): boolean {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  return e.status === 422 && /only owners/i.test(githubMessage(e));
}
