// Error bodies as Microsoft sends them. Graph: `{error: {code, message, innerError: {date, request-id,
// client-request-id}}}` (the OpenAPI description spells it `innererror` and requires `@odata.type`; the
// service does neither). The token endpoint (Entra ID, "ESTS"): the OAuth error with an AADSTS code in
// `error_description`, `error_codes`, `timestamp`, `trace_id`, `correlation_id` and `error_uri`.
import { randomUUID } from 'node:crypto';
import type { ErrorReply, Headers } from '../shared/replies.ts';

/** `2021-11-29T20:44:59`: Graph's innerError date has no zone designator and no fraction. */
export function graphErrorDate(now: number): string {
  return new Date(now).toISOString().slice(0, 19);
}

/** Thrown by Graph route handlers; the server fills in the request ids and writes it. */
export class GraphHttpError extends Error implements ErrorReply {
  requestId = '';
  clientRequestId = '';
  now = Date.now();

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Headers = {},
    /** Extra innerError members (429s carry `code`, `status`, `message`). */
    private readonly innerExtra: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): unknown {
    return {
      error: {
        code: this.code,
        message: this.message,
        innerError: {
          ...this.innerExtra,
          date: graphErrorDate(this.now),
          'request-id': this.requestId,
          'client-request-id': this.clientRequestId,
        },
      },
    };
  }
}

export const graphErrors = {
  noToken: () =>
    new GraphHttpError(401, 'InvalidAuthenticationToken', 'Access token is empty.', wwwAuthenticate()),
  malformedToken: () =>
    new GraphHttpError(
      401,
      'InvalidAuthenticationToken',
      'IDX14100: JWT is not well formed, there are no dots (.).\nThe token needs to be in JWS or JWE Compact Serialization Format.',
      wwwAuthenticate(),
    ),
  invalidToken: (reason: string) =>
    new GraphHttpError(
      401,
      'InvalidAuthenticationToken',
      `Access token validation failure. ${reason}`,
      wwwAuthenticate(),
    ),
  expiredToken: () =>
    new GraphHttpError(
      401,
      'InvalidAuthenticationToken',
      'Lifetime validation failed, the token is expired.',
      wwwAuthenticate(),
    ),
  insufficientPrivileges: () =>
    new GraphHttpError(
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    ),
  permissionMissing: (permission: string) =>
    new GraphHttpError(
      403,
      'Authentication_MSGraphPermissionMissing',
      `Calling principal does not have required MSGraph permissions ${permission}`,
    ),
  noPremiumLicense: () =>
    new GraphHttpError(
      403,
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      "Neither tenant is B2C or tenant doesn't have premium license",
    ),
  notFound: (id: string) =>
    new GraphHttpError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    ),
  segmentNotFound: (segment: string) =>
    new GraphHttpError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`),
  badRequest: (message: string) => new GraphHttpError(400, 'Request_BadRequest', message),
  unsupportedQuery: (message: string) => new GraphHttpError(400, 'Request_UnsupportedQuery', message),
  unknownProperty: (property: string, type: string) =>
    new GraphHttpError(
      400,
      'BadRequest',
      `Could not find a property named '${property}' on type 'microsoft.graph.${type}'.`,
    ),
  expiredPageToken: () =>
    new GraphHttpError(
      400,
      'Directory_ExpiredPageToken',
      'The specified page token value has expired and can no longer be included in your request.',
    ),
  methodNotAllowed: () =>
    new GraphHttpError(
      405,
      'Request_BadRequest',
      'The HTTP method is not allowed for the requested resource.',
    ),
  /** The body Microsoft's throttling guidance shows, with Retry-After. */
  tooManyRequests: (retryAfterSeconds: number) =>
    new GraphHttpError(
      429,
      'TooManyRequests',
      'Please retry again later.',
      { 'retry-after': String(retryAfterSeconds) },
      { code: '429', message: 'Please retry after', status: '429' },
    ),
  serviceUnavailable: (retryAfterSeconds: number) =>
    new GraphHttpError(
      503,
      'serviceNotAvailable',
      'The service is temporarily unavailable. Please retry after the time in Retry-After.',
      { 'retry-after': String(retryAfterSeconds) },
    ),
  internal: () => new GraphHttpError(500, 'UnknownError', 'An internal server error occurred.'),
  gatewayTimeout: () =>
    new GraphHttpError(504, 'GatewayTimeout', 'The gateway did not receive a response in time.'),
  badGateway: () =>
    new GraphHttpError(502, 'BadGateway', 'The upstream service returned an invalid response.'),
};

function wwwAuthenticate(): Headers {
  return {
    'www-authenticate':
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
      'client_id="00000003-0000-0000-c000-000000000000"',
  };
}

/** `2023-05-06 06:03:00Z`: the token endpoint's timestamp format. */
export function estsTimestamp(now: number): string {
  return new Date(now).toISOString().slice(0, 19).replace('T', ' ') + 'Z';
}

/** A token-endpoint error (OAuth 2.0 error response with Entra's extensions). */
export class EstsError extends Error implements ErrorReply {
  readonly traceId = randomUUID();
  readonly correlationId: string;
  now = Date.now();
  readonly contentType = 'application/json; charset=utf-8';

  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    readonly description: string,
    correlationId?: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
    this.correlationId = correlationId ?? randomUUID();
  }

  get headers(): Headers {
    return { 'x-ms-request-id': this.traceId, 'cache-control': 'no-store, no-cache', pragma: 'no-cache' };
  }

  body(): unknown {
    const timestamp = estsTimestamp(this.now);
    return {
      error: this.error,
      error_description:
        `AADSTS${this.aadsts}: ${this.description}\r\nTrace ID: ${this.traceId}\r\n` +
        `Correlation ID: ${this.correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [this.aadsts],
      timestamp,
      trace_id: this.traceId,
      correlation_id: this.correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${this.aadsts}`,
    };
  }
}

export const estsErrors = {
  invalidSecret: (appId: string) =>
    new EstsError(
      401,
      'invalid_client',
      7000215,
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret ' +
        `value, not the client secret ID, for a secret added to app '${appId}'.`,
    ),
  expiredSecret: (appId: string) =>
    new EstsError(
      401,
      'invalid_client',
      7000222,
      `The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new ` +
        'keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for ' +
        'added security: https://aka.ms/certCreds.',
    ),
  tenantNotFound: (tenant: string) =>
    new EstsError(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into ` +
        'the correct cloud. Check with your subscription administrator, this may happen if there are no ' +
        'active subscriptions for the tenant.',
    ),
  appNotInTenant: (appId: string, tenant: string) =>
    new EstsError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${appId}' was not found in the directory '${tenant}'. This can happen if ` +
        'the application has not been installed by the administrator of the tenant or consented to by any ' +
        'user in the tenant. You may have sent your authentication request to the wrong tenant.',
    ),
  missingParameter: (name: string) =>
    new EstsError(
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    ),
  missingCredential: () =>
    new EstsError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  unsupportedGrant: (grant: string) =>
    new EstsError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grant}'.`,
    ),
  invalidScope: (scope: string) =>
    new EstsError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value ` +
        'with /.default suffixed to the resource identifier (application ID URI).',
    ),
  invalidAssertion: (reason: string) =>
    new EstsError(
      401,
      'invalid_client',
      700027,
      `Client assertion contains an invalid signature. [Reason - ${reason}]`,
    ),
  temporarilyUnavailable: () =>
    new EstsError(503, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.'),
  internal: () =>
    new EstsError(500, 'server_error', 90033, 'A transient error has occurred. Please try again.'),
};
