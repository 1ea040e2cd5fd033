// Turns what Okta (or the network) answered into a connection status class with what to do next.
import { remedyForErrorClass, type ErrorClass } from '../../../../src-shared/connection-status.ts';

export interface ClassifiedFailure {
  errorClass: ErrorClass;
  message: string;
  nextStep: string;
}

interface OktaErrorShape {
  status?: number;
  errorCode?: string;
  errorSummary?: string;
  code?: string;
  type?: string;
  message?: string;
}

const unreachableCodes: Record<string, string> = {
  ENOTFOUND: 'the host name does not resolve (DNS)',
  EAI_AGAIN: 'DNS lookup timed out',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presented a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain contains an untrusted self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate could not be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate authority of the server is not trusted',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not match the host name',
};

export function classifyOktaFailure(error: unknown, what: string): ClassifiedFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as OktaErrorShape;
  if (e.code === 'OKTA_OFF_ORIGIN_NEXT_LINK') {
    return {
      errorClass: 'missing_configuration',
      message: `Reading ${what} stopped early: ${e.message ?? ''}.`,
      nextStep:
        'Check that the Okta domain is the org itself and that no proxy rewrites its responses, then sync again.',
    };
  }
  const okta = e.errorCode ? `${e.errorCode}: ${e.errorSummary ?? ''}`.trim() : null;
  if (e.status === 401 || e.errorCode === 'E0000011') {
    return {
      errorClass: 'failed_authentication',
      message: `Okta rejected the API token while reading ${what} (${okta ?? `HTTP ${e.status}`}).`,
      nextStep:
        'Create a new token under Security → API → Tokens in the Okta Admin Console, then use Update Credentials.',
    };
  }
  if (e.status === 403 || e.errorCode === 'E0000006') {
    return {
      errorClass: 'missing_permissions',
      message: `The token's admin may not read ${what} (${okta ?? `HTTP ${e.status}`}).`,
      nextStep:
        'Create the token as an admin with the Read-Only Administrator role (or higher), as the integration guide describes, then Test Connection.',
    };
  }
  if (e.status === 429) {
    return {
      errorClass: 'rate_limited',
      message: `Okta kept answering "too many requests" while reading ${what} (${okta ?? 'HTTP 429'}).`,
      nextStep: remedyForErrorClass.rate_limited,
    };
  }
  if (e.status === 404 && !e.errorCode) {
    return {
      errorClass: 'missing_configuration',
      message: `The host answered, but not like an Okta org (HTTP 404 for ${what}).`,
      nextStep:
        'Check the Okta domain: it is the address of your org, e.g. acme.okta.com or acme.oktapreview.com.',
    };
  }
  if (typeof e.status === 'number' && e.status >= 500) {
    return {
      errorClass: 'unreachable',
      message: `Okta failed with HTTP ${e.status} while reading ${what}${okta ? ` (${okta})` : ''}, also after retries.`,
      nextStep: 'Check status.okta.com; try again later with Test Connection.',
    };
  }
  const code = e.code ?? (e.type === 'request-timeout' ? 'ETIMEDOUT' : undefined);
  if (code && unreachableCodes[code]) {
    return {
      errorClass: 'unreachable',
      message: `Could not reach Okta while reading ${what}: ${unreachableCodes[code]} (${code}).`,
      nextStep:
        code.includes('CERT') || code.includes('SIGNED') || code.includes('ISSUER')
          ? "If a TLS-inspecting proxy sits in the path, add its certificate authority as the source's CA bundle, then Test Connection."
          : remedyForErrorClass.unreachable,
    };
  }
  if (e.status !== undefined) {
    return {
      errorClass: 'missing_configuration',
      message: `Okta answered HTTP ${e.status} while reading ${what}${okta ? ` (${okta})` : ''}.`,
      nextStep: remedyForErrorClass.missing_configuration,
    };
  }
  return {
    errorClass: 'unreachable',
    message: `Could not reach Okta while reading ${what}: ${e.message ?? String(error)}.`,
    nextStep: remedyForErrorClass.unreachable,
  };
}
