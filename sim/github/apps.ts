// GitHub App installations: an app authenticates with an RS256 JSON Web Token (iss = app ID, at most ten
// minutes long) signed by its private key, finds an org's installation (`GET /orgs/{org}/installation`)
// and exchanges the JWT for an installation access token (`POST /app/installations/{id}/access_tokens`,
// `ghs_…`, one hour). The installation token acts with the installation's permissions, like a fine-grained
// token without a user: no `X-OAuth-Scopes`, `GET /user` is refused ("Resource not accessible by integration").
import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { GitHubHttpError } from './errors.ts';
import type { GeneratedGitHubOrg } from './org-types.ts';
import type { PermissionLevel, TokenGrant } from './tokens.ts';

export interface GitHubAppOptions {
  appId: number;
  /** The app's public key (SPKI or PKCS#1 PEM): JWTs are verified against it. */
  publicKeyPem: string;
  /** The installation on the simulated org. */
  installationId: number;
  /** As GitHub reports them, e.g. { members: 'read', organization_administration: 'read', metadata: 'read' }. */
  permissions: Record<string, PermissionLevel>;
  /** Default `all`. */
  repositorySelection?: 'all' | 'selected';
  /** A slug for `app_slug`; default `vouch-app-APPID`. */
  slug?: string;
}

export interface GitHubApp extends GitHubAppOptions {
  key: KeyObject;
}

const JWT_DOCS = 'https://docs.github.com/rest';
const INSTALLATION_DOCS =
  'https://docs.github.com/rest/apps/apps#get-an-organization-installation-for-the-authenticated-app';
const ACCESS_TOKENS_DOCS =
  'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app';
export const INSTALLATION_TOKEN_MS = 60 * 60 * 1000;

export function prepareApps(options: readonly GitHubAppOptions[] = []): GitHubApp[] {
  return options.map((app) => ({ ...app, key: createPublicKey(app.publicKeyPem) }));
}

function jwtError(): GitHubHttpError {
  return new GitHubHttpError(401, 'A JSON web token could not be decoded', JWT_DOCS);
}

function base64urlJson(part: string): Record<string, unknown> {
  const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  if (typeof value !== 'object' || value === null) throw new Error('not an object');
  return value as Record<string, unknown>;
}

/** The app a `Bearer JWT` authenticates, or a 401 as GitHub words it. */
export function authenticateApp(
  authorization: string | undefined,
  apps: readonly GitHubApp[],
  now: number,
): GitHubApp {
  const [scheme = '', jwt = ''] = (authorization ?? '').trim().split(/\s+/, 2);
  if (scheme.toLowerCase() !== 'bearer') {
    throw new GitHubHttpError(
      401,
      'A JSON web token could not be decoded',
      'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app',
    );
  }
  const parts = jwt.split('.');
  if (parts.length !== 3) throw jwtError();
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = base64urlJson(parts[0] as string);
    payload = base64urlJson(parts[1] as string);
  } catch {
    throw jwtError();
  }
  if (header.alg !== 'RS256') throw jwtError();
  const app = apps.find((a) => String(a.appId) === String(payload.iss));
  if (!app) throw new GitHubHttpError(401, "'Issuer' claim ('iss') must be an Integer", JWT_DOCS);
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${parts[0]}.${parts[1]}`),
    app.key,
    Buffer.from(parts[2] as string, 'base64url'),
  );
  if (!signed) throw jwtError();
  const iat = Number(payload.iat);
  const exp = Number(payload.exp);
  const seconds = Math.floor(now / 1000);
  if (!Number.isFinite(iat) || iat > seconds + 60)
    throw new GitHubHttpError(
      401,
      "'Issued at' claim ('iat') must be an Integer representing a time in the past",
      JWT_DOCS,
    );
  if (!Number.isFinite(exp) || exp <= seconds || exp - iat > 600)
    throw new GitHubHttpError(401, "'Expiration time' claim ('exp') is too far in the future", JWT_DOCS);
  return app;
}

export function installationJson(
  app: GitHubApp,
  org: GeneratedGitHubOrg,
  api: string,
  web: string,
  created: number,
) {
  const o = org.org;
  const stamp = new Date(created).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    id: app.installationId,
    account: {
      login: o.login,
      id: o.id,
      node_id: o.nodeId,
      avatar_url: `${web}/avatars/u/${o.id}`,
      gravatar_id: '',
      url: `${api}/users/${o.login}`,
      html_url: `${web}/${o.login}`,
      followers_url: `${api}/users/${o.login}/followers`,
      following_url: `${api}/users/${o.login}/following{/other_user}`,
      gists_url: `${api}/users/${o.login}/gists{/gist_id}`,
      starred_url: `${api}/users/${o.login}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/users/${o.login}/subscriptions`,
      organizations_url: `${api}/users/${o.login}/orgs`,
      repos_url: `${api}/users/${o.login}/repos`,
      events_url: `${api}/users/${o.login}/events{/privacy}`,
      received_events_url: `${api}/users/${o.login}/received_events`,
      type: 'Organization',
      site_admin: false,
    },
    repository_selection: app.repositorySelection ?? 'all',
    access_tokens_url: `${api}/app/installations/${app.installationId}/access_tokens`,
    repositories_url: `${api}/installation/repositories`,
    html_url: `${web}/organizations/${o.login}/settings/installations/${app.installationId}`,
    app_id: app.appId,
    app_slug: app.slug ?? `vouch-app-${app.appId}`,
    target_id: o.id,
    target_type: 'Organization',
    permissions: app.permissions,
    events: [],
    created_at: stamp,
    updated_at: stamp,
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  };
}

export function notInstalled(): GitHubHttpError {
  return new GitHubHttpError(404, 'Not Found', INSTALLATION_DOCS);
}

export function installationNotFound(): GitHubHttpError {
  return new GitHubHttpError(404, 'Not Found', ACCESS_TOKENS_DOCS);
}

/** An installation token: a grant with the installation's permissions and owner-like visibility. */
export function issueInstallationToken(app: GitHubApp, org: GeneratedGitHubOrg, now: number): TokenGrant {
  const level = (name: string): PermissionLevel => app.permissions[name] ?? 'none';
  return {
    name: `installation-${app.installationId}`,
    value: 'ghs_' + randomBytes(32).toString('base64').replace(/[+/=]/g, '').slice(0, 36),
    kind: 'fine-grained',
    userId: org.ownerUserId,
    scopes: [],
    permissions: {
      members: level('members'),
      administration: level('organization_administration'),
      organization_plan: level('organization_plan'),
    },
    expiresAt: now + INSTALLATION_TOKEN_MS,
    ssoAuthorized: true,
    installation: { appId: app.appId, installationId: app.installationId },
  };
}
