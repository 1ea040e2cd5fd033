// Turns what Datadog (or the network) answered into a connection status class with what to do next.
// Datadog answers a wrong key, a key of another site and a missing permission alike (a bare 403
// "Forbidden"), so the caller says which one it was from what it had already proven (see
// datadog-test-connection.ts); here a 403 during a sync means the keys worked a moment ago: a permission.
import { remedyForErrorClass, type ErrorClass } from '../../../../src-shared/connection-status.ts';

export interface ClassifiedFailure {
  errorClass: ErrorClass;
  message: string;
  nextStep: string;
}

interface ErrorShape {
  code?: unknown;
  body?: unknown;
  message?: string;
  cause?: { code?: string; message?: string };
  name?: string;
}

const unreachableCodes: Record<string, string> = {
  ENOTFOUND: 'the host name does not resolve (DNS)',
  EAI_AGAIN: 'DNS lookup timed out',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'the server did not answer in time',
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

/** The HTTP status of a client ApiException, or undefined for a transport failure. */
export function statusOf(error: unknown): number | undefined {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  return typeof e.code === 'number' ? e.code : undefined;
}

/** Datadog's own words (`{"errors": [...]}`), never more than a line. */
function datadogWords(error: unknown): string | null {
  const body = (error as ErrorShape).body;
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (Array.isArray(errors) && errors.every((e) => typeof e === 'string'))
    return errors.join('; ').slice(0, 200);
  return null;
}

export function classifyDatadogFailure(error: unknown, what: string, permission: string): ClassifiedFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const status = statusOf(error);
  const words = datadogWords(error);
  const said = words ? `HTTP ${status}: ${words}` : `HTTP ${status}`;
  if (status === 401) {
    return {
      errorClass: 'failed_authentication',
      message: `Datadog refused the keys while reading ${what} (${said}).`,
      nextStep: 'Check the API key and application key, then use Update Credentials.',
    };
  }
  if (status === 403) {
    return {
      errorClass: 'missing_permissions',
      message: `Datadog refused reading ${what} (${said}); the application key lacks ${permission}.`,
      nextStep: `Give the application key's owner a role with ${permission} (or add it to the key's scopes), then Test Connection.`,
    };
  }
  if (status === 429) {
    return {
      errorClass: 'rate_limited',
      message: `Datadog kept answering "rate limit reached" while reading ${what} (${said}).`,
      nextStep: remedyForErrorClass.rate_limited,
    };
  }
  if (status === 404) {
    return {
      errorClass: 'missing_configuration',
      message: `The host answered HTTP 404 for ${what}: it does not look like the Datadog API.`,
      nextStep:
        'Check the site (or the base URL): the API lives at https://api.SITE, e.g. https://api.datadoghq.eu.',
    };
  }
  if (status !== undefined && status >= 500) {
    return {
      errorClass: 'unreachable',
      message: `Datadog failed with HTTP ${status} while reading ${what}, also after retries.`,
      nextStep: 'Check status.datadoghq.com; try again later with Test Connection.',
    };
  }
  if (status !== undefined) {
    return {
      errorClass: 'missing_configuration',
      message: `Datadog answered ${said} while reading ${what}.`,
      nextStep: remedyForErrorClass.missing_configuration,
    };
  }
  if (e.name === 'DatadogResponseError') {
    return {
      errorClass: 'missing_configuration',
      message: `Datadog's answer for ${what} was not what its API sends: ${e.message ?? ''}`,
      nextStep: 'Check that the base URL is the Datadog API itself and that no proxy rewrites its responses.',
    };
  }
  const code = e.cause?.code ?? (typeof e.code === 'string' ? e.code : undefined);
  if (code && unreachableCodes[code]) {
    const tls = code.includes('CERT') || code.includes('SIGNED') || code.includes('ISSUER');
    return {
      errorClass: 'unreachable',
      message: `Could not reach Datadog while reading ${what}: ${unreachableCodes[code]} (${code}).`,
      nextStep: tls
        ? "If a TLS-inspecting proxy sits in the path, add its certificate authority as the source's CA bundle (--ca-file), then Test Connection."
        : remedyForErrorClass.unreachable,
    };
  }
  return {
    errorClass: 'unreachable',
    message: `Could not reach Datadog while reading ${what}: ${e.cause?.message ?? e.message ?? String(error)}.`,
    nextStep: remedyForErrorClass.unreachable,
  };
}
