// The service account the connector authenticates as: a JSON key file shaped like the one the Google
// Cloud console downloads (RSA private key, `private_key_id`, `client_email`, `token_uri`), and the checks
// Google's token endpoint makes on a JWT-bearer assertion signed with it (signature against the key's
// public half, issuer, audience, lifetime, impersonated subject, delegated scopes).
import { createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { oauthErrors } from './errors.ts';
import type { OAuthError } from './errors.ts';

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Google's own token URL: Google accepts it as the audience wherever the assertion is posted (gtoken uses it). */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export interface ServiceAccountKeyFile {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  auth_provider_x509_cert_url: string;
  client_x509_cert_url: string;
  universe_domain: string;
}

export interface ServiceAccount {
  clientEmail: string;
  /** The OAuth client id domain-wide delegation is granted to (21 digits). */
  clientId: string;
  /** Keys by private_key_id; a deleted key is removed from here. */
  publicKeys: Map<string, KeyObject>;
  /** Builds the key file for a key (the private half is only known to the file). */
  keyFile: ServiceAccountKeyFile;
  /** A second key of the same account, deleted in the console: its signatures no longer verify. */
  deletedKeyFile: ServiceAccountKeyFile;
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

function newKey(): { id: string; privatePem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    id: hex(20),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey,
  };
}

export function createServiceAccount(tokenUri: string, projectId = 'vouch-collector'): ServiceAccount {
  const clientEmail = `vouch-reader@${projectId}.iam.gserviceaccount.com`;
  let clientId = String(1 + ((randomBytes(1)[0] as number) % 9));
  for (const byte of randomBytes(20)) clientId += String(byte % 10);
  const current = newKey();
  const deleted = newKey();
  const file = (key: { id: string; privatePem: string }): ServiceAccountKeyFile => ({
    type: 'service_account',
    project_id: projectId,
    private_key_id: key.id,
    private_key: key.privatePem,
    client_email: clientEmail,
    client_id: clientId,
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: tokenUri,
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
    universe_domain: 'googleapis.com',
  });
  return {
    clientEmail,
    clientId,
    publicKeys: new Map([[current.id, current.publicKey]]),
    keyFile: file(current),
    deletedKeyFile: file(deleted),
  };
}

export interface AssertionClaims {
  iss: string;
  sub?: string;
  scope: string;
  aud: string;
  iat: number;
  exp: number;
}

export type AssertionCheck = { ok: true; claims: AssertionClaims } | { ok: false; error: OAuthError };

function decodePart(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/** Google's checks of a JWT-bearer assertion, in its order (signature first: the key must exist). */
export function checkAssertion(
  assertion: string,
  account: ServiceAccount,
  tokenUri: string,
  nowMs: number,
): AssertionCheck {
  const parts = assertion.split('.');
  if (parts.length !== 3) return { ok: false, error: oauthErrors.invalidRequest('Invalid JWT: malformed') };
  let header: { alg?: string; kid?: string };
  let claims: Partial<AssertionClaims>;
  try {
    header = decodePart(parts[0] as string) as typeof header;
    claims = decodePart(parts[1] as string) as Partial<AssertionClaims>;
  } catch {
    return { ok: false, error: oauthErrors.invalidRequest('Invalid JWT: malformed') };
  }
  if (header.alg !== 'RS256') return { ok: false, error: oauthErrors.invalidSignature() };
  if (claims.iss !== account.clientEmail) return { ok: false, error: oauthErrors.accountNotFound() };
  // Google looks the key up by kid, else tries the account's keys.
  const keys = header.kid ? [account.publicKeys.get(header.kid)] : [...account.publicKeys.values()];
  const signed = Buffer.from(`${parts[0] as string}.${parts[1] as string}`);
  const signature = Buffer.from(parts[2] as string, 'base64url');
  const valid = keys.some((key) => key !== undefined && verify('sha256', signed, key, signature));
  if (!valid) return { ok: false, error: oauthErrors.invalidSignature() };
  if (claims.aud !== tokenUri && claims.aud !== GOOGLE_TOKEN_URL)
    return { ok: false, error: oauthErrors.badAudience() };
  const now = Math.floor(nowMs / 1000);
  const { iat, exp } = claims;
  if (
    typeof iat !== 'number' ||
    typeof exp !== 'number' ||
    exp - iat > 3600 ||
    exp <= now ||
    iat > now + 300
  ) {
    return { ok: false, error: oauthErrors.badTimes() };
  }
  if (typeof claims.scope !== 'string' || claims.scope.trim() === '')
    return { ok: false, error: oauthErrors.invalidScope() };
  return { ok: true, claims: claims as AssertionClaims };
}

/** The public key of a PEM private key (tests use it to check a key file's pair). */
export function publicKeyOf(privatePem: string): KeyObject {
  return createPublicKey(privatePem);
}
