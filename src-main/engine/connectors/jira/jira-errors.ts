// What Jira (or the network) answered, as a connection status class with the fix: 401 on /myself →
// failed_authentication; 403 on user and group listings → missing_permissions naming the global
// permission; a 404 on project roles → missing_permissions (Jira hides what an account may not
// administer); a web page or 404 at the REST root → missing_configuration (not a Jira site); 429 →
// rate_limited; network and TLS failures → unreachable.
import type { ZodError } from 'zod';
import { remedyForErrorClass, type ErrorClass } from '../../../../src-shared/connection-status.ts';
import { JiraApiError, describe } from './jira-client.ts';
import { ADMINISTER, BROWSE_USERS } from './jira-permissions.ts';

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
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
  UND_ERR_HEADERS_TIMEOUT: 'Jira did not answer in time',
  UND_ERR_SOCKET: 'the connection was closed',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presented a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain contains an untrusted self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate could not be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate authority of the server is not trusted',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not match the host name',
};

const failure = (errorClass: ErrorClass, message: string, nextStep?: string): ClassifiedFailure => ({
  errorClass,
  message,
  nextStep: nextStep ?? remedyForErrorClass[errorClass],
});

export function classifyJiraFailure(error: unknown): ClassifiedFailure {
  if (error instanceof JiraApiError) {
    const { status, path, body } = error;
    if (typeof body === 'string' && /<html/i.test(body)) {
      return failure(
        status >= 500 ? 'unreachable' : 'missing_configuration',
        `The server answered ${status} with a web page, not Jira's REST API: is the site a Jira Cloud site?`,
      );
    }
    if (status === 401) {
      return failure(
        'failed_authentication',
        `Jira did not accept the email and API token (${describe(body)}). API tokens expire (by default after a year).`,
        'Create an API token at id.atlassian.com (Security → API tokens) for this account and use Update Credentials.',
      );
    }
    if (status === 403 && /^\/(users|group)/.test(path)) {
      return failure(
        'missing_permissions',
        `Jira refused ${path} (403): the account needs ${BROWSE_USERS}. ${describe(body)}`,
        `Grant the account ${BROWSE_USERS} (or make it a Jira administrator), then Test Connection.`,
      );
    }
    if (status === 403)
      return failure('missing_permissions', `Jira refused ${path} (403): ${describe(body)}`);
    if (status === 404 && /^\/project\/[^/]+\/role/.test(path)) {
      return failure(
        'missing_permissions',
        `Jira hides the roles of ${path.split('/')[2]} from this account (404): reading project role actors needs ${ADMINISTER}.`,
        `Add the account to a group with ${ADMINISTER}, then Test Connection.`,
      );
    }
    if (status === 404)
      return failure(
        'missing_configuration',
        `Jira answered 404 for ${path}: is the site a Jira Cloud site? ${describe(body)}`,
      );
    if (status === 429) {
      const retry = error.headers.get('retry-after');
      return failure(
        'rate_limited',
        `Jira's rate limit (${error.headers.get('ratelimit-reason') ?? 'burst'}) is exhausted${retry ? `; it asks to retry after ${retry} s` : ''}.`,
      );
    }
    return failure('unreachable', `Jira answered ${status} to ${path}: ${describe(body)}`);
  }
  if ((error as ZodError | null)?.name === 'ZodError') {
    return failure(
      'missing_configuration',
      `Jira's answer did not have the expected shape (${(error as ZodError).issues[0]?.message ?? 'invalid'}): is the site a Jira Cloud site?`,
    );
  }
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code in unreachableCodes)
      return failure('unreachable', `Could not reach Jira: ${unreachableCodes[code]} (${code}).`);
    current = (current as { cause?: unknown }).cause;
  }
  return failure('unreachable', `Could not reach Jira: ${(error as Error | null)?.message ?? String(error)}`);
}
