// Turns what GitLab (or the network) answered into a connection status class with what to do next:
// 401 invalid_token (expired or revoked) → failed_authentication; 403 insufficient_scope (its `scope`
// names what would do) → missing_permissions; 404 on the group → missing_configuration; 429 →
// rate_limited; network and TLS failures → unreachable.
import type { ZodError } from 'zod';
import { remedyForErrorClass, type ErrorClass } from '../../../../src-shared/connection-status.ts';
import { ForeignOriginError, GitLabApiError } from './gitlab-client.ts';

export interface ClassifiedFailure {
  errorClass: ErrorClass;
  message: string;
  nextStep: string;
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
  UND_ERR_HEADERS_TIMEOUT: 'GitLab did not answer in time',
  UND_ERR_BODY_TIMEOUT: 'the response stalled',
  UND_ERR_SOCKET: 'the connection was closed',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presented a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain contains an untrusted self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate could not be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate authority of the server is not trusted',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not match the host name',
};

/** The group path could not be found: the source's configuration, not its token. */
export class GitLabGroupNotFoundError extends Error {}

function networkCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code in unreachableCodes) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function field(body: unknown, name: string): string | null {
  if (body && typeof body === 'object') {
    const value = (body as Record<string, unknown>)[name];
    if (typeof value === 'string') return value;
  }
  return null;
}

const failure = (errorClass: ErrorClass, message: string, nextStep?: string): ClassifiedFailure => ({
  errorClass,
  message,
  nextStep: nextStep ?? remedyForErrorClass[errorClass],
});

export function classifyGitLabFailure(error: unknown, tokenSettingsUrl: string): ClassifiedFailure {
  if (error instanceof GitLabGroupNotFoundError) {
    return failure(
      'missing_configuration',
      error.message,
      "Check the group's full path (as in its address) and that the token's user is a member of it, then Test Connection.",
    );
  }
  if (error instanceof ForeignOriginError) return failure('missing_configuration', error.message);
  if (error instanceof GitLabApiError) {
    const { status, body } = error;
    const description = field(body, 'error_description');
    if (status !== 429 && typeof body === 'string' && /<html/i.test(body)) {
      return failure(
        status >= 500 ? 'unreachable' : 'missing_configuration',
        `The server answered ${status} with a web page, not GitLab's API: is the base URL a GitLab instance?`,
      );
    }
    if (status === 401) {
      return failure(
        'failed_authentication',
        `GitLab refused the token: ${description ?? field(body, 'message') ?? '401 Unauthorized'}`,
        `Create a new access token with the read_api scope at ${tokenSettingsUrl} and use Update Credentials, then Test Connection.`,
      );
    }
    if (status === 403 && field(body, 'error') === 'insufficient_scope') {
      const scope = field(body, 'scope') ?? 'read_api';
      return failure(
        'missing_permissions',
        `The token lacks the scope GitLab requires for ${error.path}: one of ${scope.split(/\s+/).join(', ')}.`,
        `Create a token with the read_api scope at ${tokenSettingsUrl} (no write scope is needed) and use Update Credentials.`,
      );
    }
    if (status === 403) {
      return failure(
        'missing_permissions',
        `GitLab refused ${error.path} with 403 (${field(body, 'message') ?? 'Forbidden'}): the token's user may be blocked, or lacks the role.`,
      );
    }
    if (status === 404) {
      return failure(
        'missing_configuration',
        `GitLab answered 404 for ${error.path}: ${field(body, 'message') ?? 'not found'}. GitLab answers 404 for groups and projects the token's user cannot see.`,
      );
    }
    if (status === 429) {
      const retry = error.headers.get('retry-after');
      return failure(
        'rate_limited',
        `GitLab's rate limit (${error.headers.get('ratelimit-name') ?? 'authenticated API'}) is exhausted${retry ? `; it asks to retry after ${retry} s` : ''}.`,
      );
    }
    return failure(
      'unreachable',
      `GitLab answered ${status} to ${error.path}: ${field(body, 'message') ?? String(body).slice(0, 120)}`,
    );
  }
  if ((error as ZodError | null)?.name === 'ZodError') {
    return failure(
      'missing_configuration',
      `GitLab's answer did not have the expected shape (${(error as ZodError).issues[0]?.message ?? 'invalid'}): is the base URL a GitLab instance?`,
    );
  }
  const code = networkCode(error);
  if (code) return failure('unreachable', `Could not reach GitLab: ${unreachableCodes[code]} (${code}).`);
  if ((error as Error | null)?.name === 'AbortError')
    return failure('unreachable', 'The request to GitLab was cancelled.');
  return failure(
    'unreachable',
    `Could not reach GitLab: ${(error as Error | null)?.message ?? String(error)}`,
  );
}
