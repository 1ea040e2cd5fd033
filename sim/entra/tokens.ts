// The client-credentials grant as Entra ID answers it, and the access tokens Graph accepts: RS256 JWTs
// with the claims of an app-only Graph token, `roles` listing the application permissions consented at
// issuance (absent, not empty, when none are). The connector may authenticate with a secret or with a
// certificate (a `client_assertion` JWT signed by the registered certificate's key).
import {
  constants,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { GRAPH_APP_ID } from './catalog.ts';
import { estsErrors } from './errors.ts';
import type { EstsError } from './errors.ts';
import type { EntraClientRecord, GeneratedEntraTenant, KeyCredentialRecord } from './tenant-types.ts';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
}

let signingKey: SigningKey | undefined;

/** One signing key per process, like the test CA: RSA key generation is the slow part of start-up. */
function tokenSigningKey(): SigningKey {
  if (!signingKey) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const der = publicKey.export({ type: 'spki', format: 'der' });
    signingKey = { privateKey, publicKey, kid: createHash('sha1').update(der).digest('base64url') };
  }
  return signingKey;
}

/** The JWKS document (`/{tenant}/discovery/v2.0/keys`). */
export function signingJwks(): { keys: Array<Record<string, unknown>> } {
  const key = tokenSigningKey();
  const jwk = key.publicKey.export({ format: 'jwk' });
  return { keys: [{ kty: 'RSA', use: 'sig', kid: key.kid, x5t: key.kid, n: jwk.n, e: jwk.e }] };
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function parseJwtPart(part: string | undefined): Record<string, unknown> | undefined {
  if (part === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export interface AccessTokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  appid: string;
  app_displayname: string;
  appidacr: string;
  idtyp: 'app';
  oid: string;
  sub: string;
  tid: string;
  uti: string;
  ver: '1.0';
  roles?: string[];
  [claim: string]: unknown;
}

export interface TokenResponse {
  token_type: 'Bearer';
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
}

export function issueAccessToken(
  tenant: GeneratedEntraTenant,
  client: EntraClientRecord,
  granted: readonly string[],
  nowMs: number,
  lifetimeSeconds: number,
  authMethod: 'secret' | 'certificate',
): TokenResponse {
  const key = tokenSigningKey();
  const now = Math.floor(nowMs / 1000);
  const issuer = `https://sts.windows.net/${tenant.tenantId}/`;
  const claims: AccessTokenClaims = {
    aud: GRAPH_RESOURCE,
    iss: issuer,
    iat: now - 300,
    nbf: now - 300,
    exp: now + lifetimeSeconds,
    aio: randomUUID().replace(/-/g, ''),
    app_displayname: client.displayName,
    appid: client.appId,
    appidacr: authMethod === 'secret' ? '1' : '2',
    idp: issuer,
    idtyp: 'app',
    oid: client.servicePrincipalId,
    rh: `0.A${randomUUID().replace(/-/g, '').slice(0, 20)}.`,
    sub: client.servicePrincipalId,
    tenant_region_scope: 'EU',
    tid: tenant.tenantId,
    uti: randomUUID().replace(/-/g, '').slice(0, 22),
    ver: '1.0',
    wids: ['0997a1d0-0d1d-4acb-b408-d5ca73121e90'],
    xms_tcdt: Math.floor(tenant.referenceTime / 1000) - 7 * 365 * 86_400,
  };
  // Entra leaves `roles` out entirely when no application permission is consented.
  if (granted.length > 0) claims.roles = [...granted];
  const header = { typ: 'JWT', alg: 'RS256', x5t: key.kid, kid: key.kid };
  const signingInput = `${base64urlJson(header)}.${base64urlJson(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), key.privateKey).toString('base64url');
  // Real tokens last 60-90 minutes; `expires_in` counts from now, not from the backdated iat.
  return {
    token_type: 'Bearer',
    expires_in: lifetimeSeconds,
    ext_expires_in: lifetimeSeconds,
    access_token: `${signingInput}.${signature}`,
  };
}

export type TokenCheck =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: 'malformed' | 'signature' | 'audience' | 'issuer' | 'expired' };

/** What Graph checks on a bearer token: shape, signature, audience, tenant and lifetime. */
export function verifyAccessToken(token: string, tenantId: string, nowMs: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const header = parseJwtPart(parts[0]);
  const claims = parseJwtPart(parts[1]) as AccessTokenClaims | undefined;
  if (!header || !claims) return { ok: false, reason: 'malformed' };
  const valid = verify(
    'sha256',
    Buffer.from(`${parts[0]}.${parts[1]}`),
    tokenSigningKey().publicKey,
    Buffer.from(parts[2] as string, 'base64url'),
  );
  if (!valid || header.alg !== 'RS256') return { ok: false, reason: 'signature' };
  if (claims.aud !== GRAPH_RESOURCE && claims.aud !== GRAPH_APP_ID) return { ok: false, reason: 'audience' };
  if (claims.tid !== tenantId) return { ok: false, reason: 'issuer' };
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** A certificate registered on the connector's app: its PEMs (given to the connector) and its record. */
export interface ClientCertificate {
  certificatePem: string;
  privateKeyPem: string;
  /** Base64url SHA-1 of the DER certificate, as `x5t` carries it. */
  x5t: string;
  /** Base64url SHA-256 of the DER certificate (`x5t#S256`). */
  x5tS256: string;
  publicKey: KeyObject;
  keyCredential: KeyCredentialRecord;
}

export function createClientCertificate(
  keyId: string,
  notBefore: number,
  notAfter: number,
): ClientCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01' + createHash('sha1').update(keyId).digest('hex').slice(0, 30);
  cert.validity.notBefore = new Date(notBefore);
  cert.validity.notAfter = new Date(notAfter);
  const name = [{ name: 'commonName', value: 'vouch-connector' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  const sha1 = createHash('sha1').update(der).digest();
  return {
    certificatePem,
    privateKeyPem,
    x5t: sha1.toString('base64url'),
    x5tS256: createHash('sha256').update(der).digest('base64url'),
    publicKey: createPublicKey(certificatePem),
    keyCredential: {
      keyId,
      displayName: 'CN=vouch-connector',
      customKeyIdentifier: sha1.toString('base64'),
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      startDateTime: new Date(notBefore).toISOString().slice(0, 19) + 'Z',
      endDateTime: new Date(notAfter).toISOString().slice(0, 19) + 'Z',
    },
  };
}

export interface TokenRequestContext {
  tenant: GeneratedEntraTenant;
  client: EntraClientRecord;
  /** The tenant segment of the request path. */
  tenantSegment: string;
  /** The token endpoint URL the assertion's `aud` must name. */
  tokenEndpoint: string;
  certificate: ClientCertificate | undefined;
  nowMs: number;
  /** Fault: every secret of the client answers as expired. */
  secretsExpired: boolean;
}

function secretEnd(client: EntraClientRecord, tenant: GeneratedEntraTenant, keyId: string): number {
  const app = tenant.applications.find((a) => a.id === client.applicationId);
  const credential = app?.passwordCredentials.find((p) => p.keyId === keyId);
  return credential ? Date.parse(credential.endDateTime) : 0;
}

/** Resolves `{tenant}` as Entra does: the tenant id or one of its domains, case-insensitively. */
export function tenantMatches(tenant: GeneratedEntraTenant, segment: string): boolean {
  const value = segment.toLowerCase();
  return value === tenant.tenantId || value === tenant.initialDomain || value === tenant.verifiedDomain;
}

/**
 * Validates a client-credentials request (form fields already parsed) and says how the client
 * authenticated, or throws the EstsError Entra would answer.
 */
export function checkTokenRequest(
  form: URLSearchParams,
  context: TokenRequestContext,
): 'secret' | 'certificate' {
  const { tenant, client } = context;
  const grantType = form.get('grant_type');
  if (!grantType) throw estsErrors.missingParameter('grant_type');
  if (grantType !== 'client_credentials') throw estsErrors.unsupportedGrant(grantType);
  if (!tenantMatches(tenant, context.tenantSegment)) throw estsErrors.tenantNotFound(context.tenantSegment);
  const clientId = form.get('client_id');
  if (!clientId) throw estsErrors.missingParameter('client_id');
  if (clientId.toLowerCase() !== client.appId)
    throw estsErrors.appNotInTenant(clientId, context.tenantSegment);
  const scope = form.get('scope');
  if (!scope) throw estsErrors.missingParameter('scope');
  const resources = [`${GRAPH_RESOURCE}/.default`, `${GRAPH_APP_ID}/.default`, `${GRAPH_RESOURCE}//.default`];
  if (!resources.includes(scope.trim())) throw estsErrors.invalidScope(scope);

  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    const match = client.secrets.find((s) => s.value === secret);
    if (!match) throw estsErrors.invalidSecret(client.appId);
    if (context.secretsExpired || secretEnd(client, tenant, match.keyId) <= context.nowMs)
      throw estsErrors.expiredSecret(client.appId);
    return 'secret';
  }
  if (assertion !== null) {
    if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE)
      throw estsErrors.missingParameter('client_assertion_type');
    checkClientAssertion(assertion, context);
    return 'certificate';
  }
  throw estsErrors.missingCredential();
}

function checkClientAssertion(assertion: string, context: TokenRequestContext): void {
  const parts = assertion.split('.');
  const header = parseJwtPart(parts[0]);
  const claims = parseJwtPart(parts[1]);
  const fail = (reason: string): EstsError => estsErrors.invalidAssertion(reason);
  if (parts.length !== 3 || !header || !claims) throw fail('The client assertion is not a well-formed JWT.');
  const certificate = context.certificate;
  const thumbprint = (header['x5t#S256'] ?? header.x5t) as string | undefined;
  if (!certificate || (thumbprint !== certificate.x5t && thumbprint !== certificate.x5tS256)) {
    throw fail(`The key was not found., Thumbprint of key used by client: '${String(thumbprint)}'`);
  }
  const input = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2] as string, 'base64url');
  const valid =
    header.alg === 'RS256'
      ? verify('sha256', input, certificate.publicKey, signature)
      : header.alg === 'PS256'
        ? verify(
            'sha256',
            input,
            { key: certificate.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
            signature,
          )
        : false;
  if (!valid) throw fail('The signature is invalid.');
  if (claims.aud !== context.tokenEndpoint) throw fail(`The audience '${String(claims.aud)}' is invalid.`);
  if (claims.iss !== context.client.appId || claims.sub !== context.client.appId)
    throw fail('The issuer and subject must be the client id.');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= context.nowMs)
    throw fail('The client assertion is expired.');
  if (Date.parse(certificate.keyCredential.endDateTime) <= context.nowMs)
    throw fail('The key used is expired.');
}
