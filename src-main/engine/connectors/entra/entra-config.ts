// What a user types for an Entra ID source, checked before any request: the tenant (GUID or verified
// domain), the application (client) ID, the authority and Graph origins (defaults: Microsoft's public
// cloud; national clouds and simulators override both), and exactly one credential: a client secret, or a
// certificate with its private key.
import { X509Certificate, createPrivateKey } from 'node:crypto';

/** A GUID: what a secret's ID looks like (users paste it instead of the value). */
export function looksLikeGuid(text: string): boolean {
  return guid.test(text.trim());
}

export interface EntraTarget {
  tenant: string;
  clientId: string;
  /** Origin of the authority, e.g. https://login.microsoftonline.com (no trailing slash). */
  authorityUrl: string;
  /** Origin of Microsoft Graph, e.g. https://graph.microsoft.com (no version, no trailing slash). */
  graphUrl: string;
}

export type EntraCredential =
  | { kind: 'secret'; secret: string }
  | {
      kind: 'certificate';
      certificatePem: string;
      privateKeyPem: string;
      /** Hex SHA-256 of the DER certificate (what MSAL sends as x5t#S256). */
      thumbprintSha256: string;
      /** Base64 SHA-1 of the DER certificate: Graph's default customKeyIdentifier of a key credential. */
      thumbprintSha1Base64: string;
      notAfter: string;
    };

type Result<T> = ({ ok: true } & T) | { ok: false; problem: string };

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const domain = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
// Multi-tenant aliases have no directory to read: the client-credentials grant needs the tenant itself.
const aliases = new Set(['common', 'organizations', 'consumers']);

export const defaultAuthorityUrl = 'https://login.microsoftonline.com';
export const defaultGraphUrl = 'https://graph.microsoft.com';

function parseTenant(input: string): Result<{ tenant: string }> {
  const tenant = input.trim();
  if (!tenant) return { ok: false, problem: 'No tenant ID was given.' };
  if (aliases.has(tenant.toLowerCase())) {
    return {
      ok: false,
      problem: `"${tenant}" is not a tenant: give your Directory (tenant) ID from the app registration's Overview page, or a verified domain such as contoso.onmicrosoft.com.`,
    };
  }
  if (!guid.test(tenant) && !domain.test(tenant)) {
    return {
      ok: false,
      problem: `"${tenant}" is neither a tenant ID (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47) nor a domain such as contoso.onmicrosoft.com.`,
    };
  }
  return { ok: true, tenant };
}

function parseOrigin(label: string, input: string | undefined, fallback: string): Result<{ url: string }> {
  const trimmed = (input ?? '').trim().replace(/\/+$/, '');
  if (!trimmed) return { ok: true, url: fallback };
  if (/^http:\/\//i.test(trimmed))
    return { ok: false, problem: `The ${label} "${trimmed}" is not https: tokens would travel unencrypted.` };
  let url: URL;
  try {
    url = new URL(/^https:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return { ok: false, problem: `The ${label} "${trimmed}" is not a URL (expected e.g. ${fallback}).` };
  }
  // Graph URLs are often copied with their version; the connector adds /v1.0 itself.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1\.0$/i, '');
  if (path || url.search || url.hash || url.username || url.password) {
    return {
      ok: false,
      problem: `The ${label} "${trimmed}" must be an address alone (scheme and host), e.g. ${fallback}.`,
    };
  }
  return { ok: true, url: url.origin };
}

export function parseEntraTarget(config: Record<string, string>): Result<EntraTarget> {
  const tenant = parseTenant(config.tenantId ?? '');
  if (!tenant.ok) return tenant;
  const clientId = (config.clientId ?? '').trim();
  if (!clientId) return { ok: false, problem: 'No application (client) ID was given.' };
  if (!guid.test(clientId)) {
    return {
      ok: false,
      problem: `"${clientId}" is not an application (client) ID: it is a GUID, shown on the app registration's Overview page.`,
    };
  }
  const authority = parseOrigin('authority URL', config.authorityUrl, defaultAuthorityUrl);
  if (!authority.ok) return authority;
  const graph = parseOrigin('Graph URL', config.graphUrl, defaultGraphUrl);
  if (!graph.ok) return graph;
  return {
    ok: true,
    tenant: tenant.tenant,
    clientId,
    authorityUrl: authority.url,
    graphUrl: graph.url,
  };
}

/** The credential the secrets hold; problems never quote a secret. */
export function entraCredential(secrets: Record<string, string>): Result<{ credential: EntraCredential }> {
  const secret = (secrets.clientSecret ?? '').trim();
  const certificate = (secrets.certificate ?? '').trim();
  const key = (secrets.privateKey ?? '').trim();
  if (secret && (certificate || key)) {
    return {
      ok: false,
      problem: 'Give either a client secret or a certificate with its private key, not both.',
    };
  }
  // A GUID pasted here is the secret's ID, not its value: Entra answers AADSTS7000215, which test() explains.
  if (secret) return { ok: true, credential: { kind: 'secret', secret } };
  if (!certificate && !key) {
    return {
      ok: false,
      problem: 'No credential given: a client secret, or a certificate with its private key.',
    };
  }
  if (!certificate || !key) {
    return {
      ok: false,
      problem: `A certificate credential needs both the certificate and its private key; the ${certificate ? 'private key' : 'certificate'} is missing.`,
    };
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(certificate);
  } catch {
    return { ok: false, problem: 'The certificate is not a PEM certificate (-----BEGIN CERTIFICATE-----).' };
  }
  try {
    const privateKey = createPrivateKey(key);
    if (!x509.checkPrivateKey(privateKey))
      return { ok: false, problem: 'The private key does not belong to the certificate.' };
  } catch {
    return { ok: false, problem: 'The private key is not a PEM private key (unencrypted PKCS#8 or PKCS#1).' };
  }
  const fingerprint = (hex: string) => hex.replace(/:/g, '');
  return {
    ok: true,
    credential: {
      kind: 'certificate',
      certificatePem: certificate,
      privateKeyPem: key,
      thumbprintSha256: fingerprint(x509.fingerprint256),
      thumbprintSha1Base64: Buffer.from(fingerprint(x509.fingerprint), 'hex').toString('base64'),
      notAfter: new Date(x509.validTo).toISOString(),
    },
  };
}
