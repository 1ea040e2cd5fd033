// Turns what AWS (or the network) answered into a connection status class with what to do next.
import { remedyForErrorClass, type ErrorClass } from '../../../../src-shared/connection-status.ts';

export interface ClassifiedFailure {
  errorClass: ErrorClass;
  message: string;
  nextStep: string;
}

/** Thrown when ListInstances finds no Identity Center instance in the region. */
export class NoInstanceError extends Error {
  constructor(readonly region: string) {
    super(`IAM Identity Center is not enabled in ${region}, or the instance is in another region.`);
  }
}

export class AwsResponseError extends Error {
  override name = 'AwsResponseError';
}

const AUTH = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'ExpiredToken',
  'ExpiredTokenException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'AuthFailure',
]);

const NETWORK: Record<string, string> = {
  ENOTFOUND: 'the host name does not resolve (DNS)',
  EAI_AGAIN: 'DNS lookup timed out',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presented a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain contains an untrusted self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate could not be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate authority of the server is not trusted',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not match the host name',
};

interface AwsErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
  ResourceType?: string;
}

/** The IAM action an AccessDeniedException names ("...not authorized to perform: sso:ListPermissionSets on ..."). */
export function deniedAction(message: string | undefined): string | null {
  return /perform: ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message ?? '')?.[1] ?? null;
}

export function classifyAwsFailure(error: unknown, what: string, action: string): ClassifiedFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorShape;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  if (error instanceof NoInstanceError) {
    return {
      errorClass: 'missing_configuration',
      message: error.message,
      nextStep:
        'Set the region to Identity Center’s home region (IAM Identity Center → Settings shows it), or give the instance ARN and identity store id.',
    };
  }
  if (AUTH.has(name)) {
    const expired = name.startsWith('ExpiredToken');
    return {
      errorClass: 'failed_authentication',
      message: expired
        ? `AWS refused the session token while reading ${what}: it has expired (${name}).`
        : `AWS refused the credentials while reading ${what} (${name}): the access key id is unknown or the secret does not match it.`,
      nextStep: expired
        ? 'Create new temporary credentials (or use a long-lived access key) and use Update Credentials.'
        : 'Check the access key id and secret access key (a new key pair in IAM → Users → Security credentials), then use Update Credentials.',
    };
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    const denied = deniedAction(e.message) ?? action;
    return {
      errorClass: 'missing_permissions',
      message: `AWS denied ${denied} while reading ${what} (AccessDeniedException).`,
      nextStep: `Allow ${denied} in the policy of the key's IAM user or role (the integration guide has the whole least-privilege policy), then Test Connection.`,
    };
  }
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException' || status === 429) {
    return {
      errorClass: 'rate_limited',
      message: `AWS kept throttling requests while reading ${what} (${name || 'HTTP 429'}).`,
      nextStep: remedyForErrorClass.rate_limited,
    };
  }
  if (name === 'ResourceNotFoundException' || name === 'ValidationException') {
    return {
      errorClass: 'missing_configuration',
      message: `AWS answered ${name} while reading ${what}: ${e.message ?? ''}`.trim(),
      nextStep:
        'Check the region, instance ARN and identity store id (or leave the last two empty to discover them), then Test Connection.',
    };
  }
  if (error instanceof AwsResponseError) {
    return {
      errorClass: 'missing_configuration',
      message: `AWS's answer for ${what} was not what the API sends: ${e.message ?? ''}`,
      nextStep: 'Check that the endpoint URL is AWS itself and that no proxy rewrites its responses.',
    };
  }
  if (status !== undefined && status >= 500) {
    return {
      errorClass: 'unreachable',
      message: `AWS failed with HTTP ${status} while reading ${what}, also after retries.`,
      nextStep: 'Check the AWS Health Dashboard; try again later with Test Connection.',
    };
  }
  if (status !== undefined) {
    return {
      errorClass: 'missing_configuration',
      message: `The endpoint answered HTTP ${status} for ${what}, not like AWS (${name || 'no AWS error'}).`,
      nextStep: 'Check the endpoint URL (leave it empty for AWS itself) and the region.',
    };
  }
  const code = e.code ?? (error as { cause?: { code?: string } }).cause?.code;
  if (code && NETWORK[code]) {
    const tls = code.includes('CERT') || code.includes('SIGNED') || code.includes('ISSUER');
    return {
      errorClass: 'unreachable',
      message: `Could not reach AWS while reading ${what}: ${NETWORK[code]} (${code}).`,
      nextStep: tls
        ? "If a TLS-inspecting proxy sits in the path, add its certificate authority as the source's CA bundle (--ca-file), then Test Connection."
        : remedyForErrorClass.unreachable,
    };
  }
  return {
    errorClass: 'unreachable',
    message: `Could not reach AWS while reading ${what}: ${e.message ?? String(error)}.`,
    nextStep: remedyForErrorClass.unreachable,
  };
}
