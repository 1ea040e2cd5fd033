// Okta's error responses: `{errorCode, errorSummary, errorLink, errorId, errorCauses}`, with the codes,
// summaries and HTTP statuses Okta documents (developer.okta.com/docs/reference/error-codes).
import { randomBytes } from 'node:crypto';

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: Array<{ errorSummary: string }>;
}

/** Thrown by route handlers; the server turns it into an Okta error response. */
export class OktaHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly errorCauses: Array<{ errorSummary: string }> = [],
  ) {
    super(`${status} ${errorCode} ${errorSummary}`);
  }

  body(): OktaErrorBody {
    return {
      errorCode: this.errorCode,
      errorSummary: this.errorSummary,
      errorLink: this.errorCode,
      errorId: newErrorId(),
      errorCauses: this.errorCauses,
    };
  }
}

/** Okta error ids look like `oaeJ5tZqvB0SFuJ-AxZqTFoRQ`. */
function newErrorId(): string {
  return 'oae' + randomBytes(17).toString('base64url').slice(0, 22);
}

export const oktaErrors = {
  invalidToken: () => new OktaHttpError(401, 'E0000011', 'Invalid token provided'),
  /** What Okta answers when a request carries no API token at all (no SSWS or Bearer header). */
  invalidSession: () => new OktaHttpError(403, 'E0000005', 'Invalid session'),
  forbidden: () =>
    new OktaHttpError(403, 'E0000006', 'You do not have permission to perform the requested action'),
  notFound: (id: string, kind: string) =>
    new OktaHttpError(404, 'E0000007', `Not found: Resource not found: ${id} (${kind})`),
  methodNotAllowed: () =>
    new OktaHttpError(405, 'E0000022', 'The endpoint does not support the provided HTTP method'),
  invalidSearch: (cause: string) =>
    new OktaHttpError(400, 'E0000031', 'Invalid search criteria.', [{ errorSummary: cause }]),
  rateLimited: () =>
    new OktaHttpError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.'),
  internal: () => new OktaHttpError(500, 'E0000009', 'Internal Server Error'),
};
