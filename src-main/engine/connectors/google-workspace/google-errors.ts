// Turns what Google (or the network) answered into one of the five failure classes with the fix. Google's
// status codes are ambiguous: a 403 is a rate limit or a refusal depending on `errors[0].reason`, and the
// token endpoint's `invalid_grant` is a dead key or a wrong admin address depending on its description.
import { remedyForErrorClass, type ErrorClass } from '../../../../src-shared/connection-status.ts';
import { networkCode } from './google-network.ts';
import { TokenExchangeError } from './google-token.ts';
import type { GoogleApiError } from './google-session.ts';
import { ForeignOriginError, GoogleConfigurationError, isRateLimit, toApiError } from './google-session.ts';

export interface ClassifiedFailure {
  errorClass: ErrorClass;
  message: string;
  nextStep: string;
}

export interface FailureContext {
  adminEmail: string;
  clientId: string | null;
  keyId: string | null;
}

export const DWD_CONSOLE =
  'Admin console → Security → Access and data control → API controls → Manage Domain Wide Delegation';

const unreachableCodes: Record<string, string> = {
  ENOTFOUND: 'the host name does not resolve (DNS)',
  EAI_AGAIN: 'DNS lookup timed out',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'the server did not answer in time',
  UND_ERR_BODY_TIMEOUT: 'the server stopped sending in the middle of a response',
  UND_ERR_SOCKET: 'the connection was closed by the other side',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presented a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain contains an untrusted self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate could not be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate authority of the server is not trusted',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not match the host name',
};

function tokenFailure(error: TokenExchangeError, context: FailureContext): ClassifiedFailure {
  const google = `${error.error}${error.description ? `: ${error.description}` : ''}`;
  const scopes = error.scopes.join(',');
  const client = context.clientId ?? "the service account's client ID";
  if (error.error === 'unauthorized_client' || error.error === 'access_denied') {
    return {
      errorClass: 'missing_configuration',
      message: `Google refused domain-wide delegation (${google}). Client ID ${client} is not authorised for every one of these scopes: ${scopes}.`,
      nextStep: `In the ${DWD_CONSOLE}, add client ID ${client} with exactly these scopes: ${scopes}. Changes can take a few minutes (rarely up to 24 hours) to apply; then Test Connection.`,
    };
  }
  if (error.error === 'invalid_grant' && /email|user id|sub/i.test(error.description)) {
    return {
      errorClass: 'missing_configuration',
      message: `Google does not know the admin to impersonate, ${context.adminEmail} (${google}).`,
      nextStep:
        'Set the admin email to an existing super admin user of the Google Workspace account (not a group or alias), then Test Connection.',
    };
  }
  if (error.error === 'invalid_grant' && /iat|exp|timeframe/i.test(error.description)) {
    return {
      errorClass: 'missing_configuration',
      message: `Google refused the signed assertion's times (${google}).`,
      nextStep:
        "Check this computer's clock and time zone (it must be within a few minutes of the real time), then Test Connection.",
    };
  }
  if (error.error === 'invalid_grant') {
    return {
      errorClass: 'failed_authentication',
      message: `Google rejected the service account key${context.keyId ? ` ${context.keyId}` : ''} (${google}): the key was deleted or disabled, or the service account no longer exists.`,
      nextStep:
        'In the Google Cloud console, create a new JSON key for the service account (IAM & Admin → Service accounts → Keys), then Update Credentials with it.',
    };
  }
  if (error.status >= 500) {
    return {
      errorClass: 'unreachable',
      message: `Google's token endpoint failed (${google}, HTTP ${error.status}).`,
      nextStep: 'Try again later with Test Connection.',
    };
  }
  return {
    errorClass: 'missing_configuration',
    message: `The key file's token_uri did not accept the signed assertion (${google}, HTTP ${error.status}).`,
    nextStep:
      "Use the JSON key file exactly as the Cloud console downloaded it (its token_uri is Google's token endpoint), then Test Connection.",
  };
}

function apiFailure(error: GoogleApiError, what: string, context: FailureContext): ClassifiedFailure {
  const google = `${error.reason ? `${error.reason}: ` : ''}${error.googleMessage}`;
  if (isRateLimit(error)) {
    return {
      errorClass: 'rate_limited',
      message: `Google kept refusing for a rate limit while reading ${what} (${google}), also after backing off.`,
      nextStep:
        'Wait a few minutes and sync again. The Directory API allows 2,400 queries per minute per user per Cloud project; other tools using the same project share it.',
    };
  }
  if (error.status === 401) {
    return {
      errorClass: 'failed_authentication',
      message: `Google rejected the access token while reading ${what} (${google}).`,
      nextStep: remedyForErrorClass.failed_authentication,
    };
  }
  if (error.status === 403 && error.reason === 'insufficientPermissions') {
    return {
      errorClass: 'missing_permissions',
      message: `The access token lacks the scope for ${what} (${google}).`,
      nextStep: `Authorise the scopes listed in the integration guide for client ID ${context.clientId ?? '(see the key file)'} under domain-wide delegation, then Test Connection.`,
    };
  }
  if (error.status === 403) {
    return {
      errorClass: 'missing_permissions',
      message: `The impersonated user ${context.adminEmail} may not read ${what} (${google}).`,
      nextStep: `Impersonate a super admin, or give ${context.adminEmail} an admin role with the read privileges the integration guide lists (Users, Groups, Admin roles: Read), then Test Connection.`,
    };
  }
  if (error.htmlBody || (error.status === 404 && error.reason === null)) {
    return {
      errorClass: 'missing_configuration',
      message: `The API URL answered, but not like Google's Admin SDK (HTTP ${error.status} for ${what}).`,
      nextStep:
        'Leave the API URL empty (https://admin.googleapis.com) unless a proxy or private endpoint serves the Admin SDK, then Test Connection.',
    };
  }
  if (error.status === 400) {
    return {
      errorClass: 'missing_configuration',
      message: `Google refused the request for ${what} (${google}).`,
      nextStep:
        'Check the customer ID (Admin console → Account → Account settings) or leave it empty for my_customer, then Test Connection.',
    };
  }
  if (error.status >= 500) {
    return {
      errorClass: 'unreachable',
      message: `Google failed with HTTP ${error.status} while reading ${what} (${google}), also after retries.`,
      nextStep: 'Check the Google Workspace Status Dashboard; try again later with Test Connection.',
    };
  }
  return {
    errorClass: 'missing_configuration',
    message: `Google answered HTTP ${error.status} while reading ${what} (${google}).`,
    nextStep: remedyForErrorClass.missing_configuration,
  };
}

export function classifyGoogleFailure(
  error: unknown,
  what: string,
  context: FailureContext,
): ClassifiedFailure {
  if (error instanceof GoogleConfigurationError) {
    return {
      errorClass: 'missing_configuration',
      message: error.message,
      nextStep: 'Correct it with Update Credentials, then Test Connection.',
    };
  }
  if (error instanceof TokenExchangeError) return tokenFailure(error, context);
  if (error instanceof ForeignOriginError) {
    return {
      errorClass: 'missing_configuration',
      message: `Reading ${what} stopped: ${error.message}.`,
      nextStep: 'Check that the API URL is the Admin SDK itself and that no proxy rewrites its responses.',
    };
  }
  const apiError = toApiError(error, what);
  if (apiError) return apiFailure(apiError, what, context);
  const code = networkCode(error);
  if (code && unreachableCodes[code]) {
    return {
      errorClass: 'unreachable',
      message: `Could not reach Google while reading ${what}: ${unreachableCodes[code]} (${code}).`,
      nextStep:
        code.includes('CERT') || code.includes('SIGNED') || code.includes('ISSUER')
          ? "If a TLS-inspecting proxy sits in the path, add its certificate authority as the source's CA bundle, then Test Connection."
          : remedyForErrorClass.unreachable,
    };
  }
  return {
    errorClass: 'unreachable',
    message: `Could not reach Google while reading ${what}: ${error instanceof Error ? error.message : String(error)}.`,
    nextStep: remedyForErrorClass.unreachable,
  };
}
