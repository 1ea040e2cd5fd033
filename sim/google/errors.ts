// Google's error bodies. The Directory API answers `{"error": {code, message, errors: [{message, domain,
// reason}], status}}` (the reason, not the status, tells a rate limit from a refusal: both can be 403);
// the OAuth token endpoint answers `{"error", "error_description"}`. Wordings are Google's as seen in
// the field (see README.md for sources).
import type { ErrorReply, Headers } from '../shared/replies.ts';

export class DirectoryError implements ErrorReply {
  headers: Headers = {};

  constructor(
    readonly status: number,
    readonly message: string,
    readonly reason: string,
    readonly domain = 'global',
    readonly statusName?: string,
    readonly detailMessage = message,
    readonly extra: Record<string, string> = {},
  ) {}

  body(): unknown {
    return {
      error: {
        code: this.status,
        message: this.message,
        errors: [{ message: this.detailMessage, domain: this.domain, reason: this.reason, ...this.extra }],
        ...(this.statusName ? { status: this.statusName } : {}),
      },
    };
  }
}

export const directoryErrors = {
  unauthenticated: (): DirectoryError =>
    new DirectoryError(
      401,
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      'authError',
      'global',
      'UNAUTHENTICATED',
      'Invalid Credentials',
      { location: 'Authorization', locationType: 'header' },
    ),
  /** The impersonated user lacks the admin privilege (or the call is outside its role's scope). */
  notAuthorized: (): DirectoryError =>
    new DirectoryError(403, 'Not Authorized to access this resource/api', 'forbidden'),
  /** The access token lacks the scope the method needs. */
  insufficientScopes: (): DirectoryError =>
    new DirectoryError(
      403,
      'Request had insufficient authentication scopes.',
      'insufficientPermissions',
      'global',
      'PERMISSION_DENIED',
      'Insufficient Permission',
    ),
  userRateLimit: (): DirectoryError =>
    new DirectoryError(403, 'User Rate Limit Exceeded', 'userRateLimitExceeded', 'usageLimits'),
  quotaExceeded: (): DirectoryError =>
    new DirectoryError(
      403,
      'Quota exceeded for the concurrent requests limit.',
      'quotaExceeded',
      'usageLimits',
    ),
  rateLimit: (): DirectoryError =>
    new DirectoryError(
      429,
      "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute' of service 'admin.googleapis.com'.",
      'rateLimitExceeded',
      'global',
      'RESOURCE_EXHAUSTED',
    ),
  badRequest: (): DirectoryError => new DirectoryError(400, 'Bad Request', 'badRequest'),
  invalidRange: (name: string, value: string, max: number): DirectoryError =>
    new DirectoryError(
      400,
      `Invalid value '${value}'. Values must be within the range: [1, ${max}]`,
      'invalid',
      'global',
      'INVALID_ARGUMENT',
      `Invalid value '${value}'. Values must be within the range: [1, ${max}]`,
      { location: name, locationType: 'parameter' },
    ),
  invalidPageToken: (): DirectoryError =>
    new DirectoryError(400, 'Invalid Input: pageToken', 'invalid', 'global', 'INVALID_ARGUMENT'),
  notFound: (what: string): DirectoryError =>
    new DirectoryError(404, `Resource Not Found: ${what}`, 'notFound', 'global', 'NOT_FOUND'),
  methodNotAllowed: (): DirectoryError =>
    new DirectoryError(405, 'Method Not Allowed', 'httpMethodNotAllowed'),
  backendError: (status: number): DirectoryError =>
    status === 503
      ? new DirectoryError(
          503,
          'The service is currently unavailable.',
          'backendError',
          'global',
          'UNAVAILABLE',
        )
      : new DirectoryError(
          status,
          'Internal error encountered.',
          'backendError',
          'global',
          status === 500 ? 'INTERNAL' : 'UNAVAILABLE',
        ),
};

export class OAuthError implements ErrorReply {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {}

  body(): unknown {
    return { error: this.error, error_description: this.description };
  }
}

export const oauthErrors = {
  unauthorizedClient: (): OAuthError =>
    new OAuthError(
      401,
      'unauthorized_client',
      'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
    ),
  invalidSignature: (): OAuthError => new OAuthError(400, 'invalid_grant', 'Invalid JWT Signature.'),
  accountNotFound: (): OAuthError => new OAuthError(400, 'invalid_grant', 'Invalid grant: account not found'),
  invalidSubject: (): OAuthError => new OAuthError(400, 'invalid_grant', 'Invalid email or User ID'),
  /** The impersonated user is suspended or may not use the service. */
  accessDenied: (): OAuthError => new OAuthError(400, 'access_denied', 'Requested client not authorized.'),
  badTimes: (): OAuthError =>
    new OAuthError(
      400,
      'invalid_grant',
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    ),
  badAudience: (): OAuthError => new OAuthError(400, 'invalid_grant', 'Invalid JWT: Failed audience check.'),
  invalidScope: (): OAuthError =>
    new OAuthError(400, 'invalid_scope', 'Invalid OAuth scope or ID token audience provided.'),
  unsupportedGrant: (grant: string): OAuthError =>
    new OAuthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grant}`),
  invalidRequest: (what: string): OAuthError => new OAuthError(400, 'invalid_request', what),
  serverError: (): OAuthError => new OAuthError(500, 'internal_failure', 'Backend Error'),
};
