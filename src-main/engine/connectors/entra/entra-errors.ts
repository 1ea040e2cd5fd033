// Turns what the Entra authority, Microsoft Graph (or the network) answered into a connection status class
// with what to do next. Microsoft says AADSTS codes may change: the OAuth `error` and the HTTP status decide
// the class, the AADSTS number only sharpens the message.
import { remedyForErrorClass, type ErrorClass } from '../../../../src-shared/connection-status.ts';
import { EntraConfigurationError, ForeignOriginError } from './entra-graph.ts';
import { NotAnAuthorityError, TokenRequestError } from './entra-token.ts';

export interface ClassifiedFailure {
  errorClass: ErrorClass;
  message: string;
  nextStep: string;
}

interface ErrorShape {
  name?: string;
  message?: string;
  code?: string;
  cause?: unknown;
  /** MSAL */
  errorCode?: string;
  errorNo?: string | number;
  errorMessage?: string;
  status?: number;
  /** GraphError */
  statusCode?: number;
  headers?: Headers;
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
  UND_ERR_HEADERS_TIMEOUT: 'the server did not answer in time',
  UND_ERR_BODY_TIMEOUT: 'the response stalled',
  UND_ERR_SOCKET: 'the connection was closed',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presented a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain contains an untrusted self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate could not be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate authority of the server is not trusted',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not match the host name',
};

const portal = 'Microsoft Entra admin center → App registrations → your app';
const grantConsent = `In the ${portal} → API permissions, add the missing Microsoft Graph application permissions and select "Grant admin consent", then Test Connection.`;

function chain(error: unknown): ErrorShape[] {
  const out: ErrorShape[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    out.push(current as ErrorShape);
    current = (current as ErrorShape).cause;
  }
  return out;
}

function unreachable(error: unknown, where: string): ClassifiedFailure | null {
  for (const e of chain(error)) {
    const code = e.code;
    if (code && unreachableCodes[code]) {
      const tls = /CERT|SIGNED|ISSUER/.test(code);
      return {
        errorClass: 'unreachable',
        message: `Could not reach ${where}: ${unreachableCodes[code]} (${code}).`,
        nextStep: tls
          ? "If a TLS-inspecting proxy sits in the path, add its certificate authority as the source's CA bundle (--ca-file), then Test Connection."
          : remedyForErrorClass.unreachable,
      };
    }
  }
  return null;
}

/** The first line of an AADSTS description, without Microsoft's trace and correlation ids. */
function aadstsText(e: ErrorShape): string {
  return (e.errorMessage ?? e.message ?? '').split(/\r?\n/)[0]?.trim() ?? '';
}

function classifyToken(failure: TokenRequestError, secretLooksLikeId: boolean): ClassifiedFailure {
  const network = failure.networkCause ? unreachable(failure.networkCause, 'the Entra authority') : null;
  if (network) return network;
  if (failure.networkCause instanceof NotAnAuthorityError) {
    return {
      errorClass: 'missing_configuration',
      message: failure.networkCause.message,
      nextStep:
        "Leave the authority URL empty for the public cloud (https://login.microsoftonline.com), or give your national cloud's authority, then Test Connection.",
    };
  }
  const e = failure.error as ErrorShape;
  const code = e.errorCode ?? '';
  const number = String(e.errorNo ?? '');
  const text = aadstsText(e);
  if (number === '7000215') {
    return {
      errorClass: 'failed_authentication',
      message: `Entra rejected the client secret (${text}).${secretLooksLikeId ? " The value given is a GUID: that is the secret's ID." : ''}`,
      nextStep: `Paste the secret's Value (shown once, when it is created, in the ${portal} → Certificates & secrets), not its Secret ID; use Update Credentials.`,
    };
  }
  if (number === '7000222') {
    return {
      errorClass: 'failed_authentication',
      message: `The client secret has expired (${text}).`,
      nextStep: `Create a new client secret in the ${portal} → Certificates & secrets and use Update Credentials with its Value.`,
    };
  }
  if (number === '700027') {
    return {
      errorClass: 'failed_authentication',
      message: `Entra rejected the certificate assertion (${text}).`,
      nextStep: `Upload this certificate (the .cer/.pem, public part) to the ${portal} → Certificates & secrets, or give the certificate registered there with its private key.`,
    };
  }
  if (number === '90002' || number === '900023') {
    return {
      errorClass: 'missing_configuration',
      message: `The tenant was not found (${text}).`,
      nextStep:
        "Check the tenant ID (Directory (tenant) ID on the app registration's Overview page) and that the authority URL is your cloud's, then Test Connection.",
    };
  }
  if (number === '700016') {
    return {
      errorClass: 'missing_configuration',
      message: `The application is not in this tenant (${text}).`,
      nextStep:
        "Check the application (client) ID on the app registration's Overview page and that it belongs to this tenant; a multi-tenant app needs admin consent in this tenant first.",
    };
  }
  if (code === 'invalid_client' || code === 'unauthorized_client' || e.status === 401) {
    return {
      errorClass: 'failed_authentication',
      message: `Entra refused the application's credential (${text || code}).`,
      nextStep: remedyForErrorClass.failed_authentication,
    };
  }
  if (['temporarily_unavailable', 'server_error', '90033'].includes(code) || (e.status ?? 0) >= 500) {
    return {
      errorClass: 'unreachable',
      message: `The Entra authority failed (${text || code}), also after retries.`,
      nextStep: 'Check https://status.cloud.microsoft and try again later with Test Connection.',
    };
  }
  if (code === 'invalid_request' || code === 'invalid_scope' || code === 'invalid_tenant') {
    return {
      errorClass: 'missing_configuration',
      message: `The Entra authority refused the request (${text || code}).`,
      nextStep: remedyForErrorClass.missing_configuration,
    };
  }
  return {
    errorClass: 'unreachable',
    message: `Could not get a token from the Entra authority: ${text || code || String(failure.error)}.`,
    nextStep: remedyForErrorClass.unreachable,
  };
}

/** Graph's own words: the error code and message of its body. */
function graphText(e: ErrorShape): string {
  return [e.code, e.message].filter((part) => part && part !== 'null').join(': ');
}

export function classifyEntraFailure(
  error: unknown,
  what: string,
  secretLooksLikeId = false,
): ClassifiedFailure {
  if (error instanceof EntraConfigurationError) {
    return {
      errorClass: 'missing_configuration',
      message: error.message,
      nextStep: 'Edit the source as the integration guide describes, then Test Connection.',
    };
  }
  if (error instanceof TokenRequestError) return classifyToken(error, secretLooksLikeId);
  if (error instanceof ForeignOriginError) {
    return {
      errorClass: 'missing_configuration',
      message: `Reading ${what} stopped: ${error.message}`,
      nextStep: 'Check the Graph URL and that no proxy rewrites its responses, then sync again.',
    };
  }
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const status = e.statusCode;
  if (typeof status === 'number' && status > 0) {
    const graph = graphText(e);
    if (status === 401) {
      return {
        errorClass: 'failed_authentication',
        message: `Graph rejected the access token while reading ${what} (${graph}).`,
        nextStep: remedyForErrorClass.failed_authentication,
      };
    }
    if (status === 403 && /NonPremium|B2C/i.test(e.code ?? '')) {
      return {
        errorClass: 'missing_configuration',
        message: `The tenant has no Microsoft Entra ID P1 or P2 licence, which ${what} needs (${graph}).`,
        nextStep: 'This data is available only with Entra ID P1/P2; nothing to fix in Vouch.',
      };
    }
    if (status === 403) {
      return {
        errorClass: 'missing_permissions',
        message: `The application may not read ${what} (${graph}).`,
        nextStep: grantConsent,
      };
    }
    if (status === 429 || status === 503 || status === 504) {
      return {
        errorClass: 'rate_limited',
        message: `Graph kept throttling while reading ${what} (HTTP ${status}${graph ? `, ${graph}` : ''}), also after waiting as asked.`,
        nextStep: remedyForErrorClass.rate_limited,
      };
    }
    if (status >= 500) {
      return {
        errorClass: 'unreachable',
        message: `Graph failed with HTTP ${status} while reading ${what}${graph ? ` (${graph})` : ''}, also after retries.`,
        nextStep: 'Check https://status.cloud.microsoft and try again later.',
      };
    }
    if (status === 404 && !e.code) {
      return {
        errorClass: 'missing_configuration',
        message: `The Graph URL answered HTTP 404 for ${what}, not like Microsoft Graph.`,
        nextStep:
          "Leave the Graph URL empty for the public cloud (https://graph.microsoft.com), or give your national cloud's.",
      };
    }
    return {
      errorClass: 'missing_configuration',
      message: `Graph answered HTTP ${status} while reading ${what}${graph ? ` (${graph})` : ''}.`,
      nextStep: remedyForErrorClass.missing_configuration,
    };
  }
  const network = unreachable(error, 'Microsoft Graph');
  if (network) return network;
  if (e.name === 'ZodError' || e.name === 'SyntaxError') {
    return {
      errorClass: 'missing_configuration',
      message: `Graph answered ${what} in a shape Vouch does not expect (${(e.message ?? '').slice(0, 200)}).`,
      nextStep: 'Check that the Graph URL is Microsoft Graph and that no proxy rewrites its responses.',
    };
  }
  return {
    errorClass: 'unreachable',
    message: `Could not read ${what}: ${e.message ?? String(error)}.`,
    nextStep: remedyForErrorClass.unreachable,
  };
}
