// Who the token is and what it may see in the organization: its user, its scopes (classic tokens) and
// expiry as GitHub reports them in headers, the organization's JSON, and the user's role in the org.
// Much of what GitHub returns depends on that role: only owners see 2FA status, full settings, SAML.
import { membershipSchema, organizationSchema, publicUserSchema } from './github-records.ts';
import type { GitHubAppAuth } from './github-app-auth.ts';
import type { GitHubSession } from './github-session.ts';

export type ViewerRole = 'owner' | 'member' | 'not_member' | 'unknown';

export interface TokenFacts {
  login: string;
  /** Classic tokens' scopes from X-OAuth-Scopes; null for fine-grained tokens (GitHub sends none). */
  scopes: string[] | null;
  /** From github-authentication-token-expiration, e.g. "2030-01-15 08:30:00 UTC"; null when it never expires. */
  expiresAt: Date | null;
}

export interface OrgContext extends TokenFacts {
  org: Record<string, unknown>;
  orgId: string;
  viewerRole: ViewerRole;
  /** The token reads the org's concealed members, teams and memberships. */
  orgRead: boolean;
  /** Public profile emails are readable through GraphQL (classic tokens need user:email or read:user). */
  mayReadPublicEmails: boolean;
}

function headerText(headers: Record<string, unknown>, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

export function parseExpiration(value: string | undefined): Date | null {
  if (!value) return null;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\s*UTC|\s*([+-]\d{2}:?\d{2}))?$/.exec(
    value.trim(),
  );
  if (!match) return null;
  const offset = match[3] ? match[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z';
  const date = new Date(`${match[1]}T${match[2]}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function scopesFrom(headerValue: string | undefined): string[] | null {
  if (headerValue === undefined) return null;
  return headerValue
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function readTokenFacts(session: GitHubSession): Promise<TokenFacts> {
  const me = await session.client.request('GET /user');
  const headers = me.headers as Record<string, unknown>;
  return {
    login: publicUserSchema.parse(me.data).login,
    scopes: scopesFrom(headerText(headers, 'x-oauth-scopes')),
    expiresAt: parseExpiration(headerText(headers, 'github-authentication-token-expiration')),
  };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

export async function readOrgContext(session: GitHubSession): Promise<OrgContext> {
  if (session.app) return readAppOrgContext(session, session.app);
  const token = await readTokenFacts(session);
  const org = session.target.org;
  const orgResponse = await session.client.request('GET /orgs/{org}', { org });
  const orgJson = organizationSchema.parse(orgResponse.data);
  let viewerRole: ViewerRole = 'unknown';
  let orgRead = false;
  try {
    const response = await session.client.request('GET /orgs/{org}/memberships/{username}', {
      org,
      username: token.login,
    });
    const membership = membershipSchema.parse(response.data);
    const active = membership.state === 'active';
    viewerRole = !active ? 'not_member' : membership.role === 'admin' ? 'owner' : 'member';
    orgRead = active;
  } catch (error) {
    // 403: the token may not read memberships (no read:org / Members); 404: the user is not a member.
    const status = statusOf(error);
    if (status === 403) viewerRole = 'unknown';
    else if (status === 404) viewerRole = 'not_member';
    else throw error;
  }
  const scopes = token.scopes;
  return {
    ...token,
    org: orgJson,
    orgId: String(orgJson.id ?? org),
    viewerRole,
    orgRead,
    mayReadPublicEmails:
      scopes === null || scopes.some((s) => s === 'user' || s === 'read:user' || s === 'user:email'),
  };
}

/** The label a GitHub App installation goes by where a token's user would be named. */
export function appLabel(app: GitHubAppAuth): string {
  return `GitHub App ${app.appId}${app.installationId ? ` (installation ${app.installationId})` : ''}`;
}

/**
 * A GitHub App installation has no user (`GET /user` is refused): it sees the organization as far as its
 * permissions go, so it is treated like an owner's token and the permissions decide the rest.
 */
async function readAppOrgContext(session: GitHubSession, app: GitHubAppAuth): Promise<OrgContext> {
  await app.token();
  const permissions = app.facts?.permissions ?? {};
  const orgResponse = await session.client.request('GET /orgs/{org}', { org: session.target.org });
  const orgJson = organizationSchema.parse(orgResponse.data);
  return {
    login: appLabel(app),
    scopes: null,
    expiresAt: null,
    org: orgJson,
    orgId: String(orgJson.id ?? session.target.org),
    viewerRole: 'owner',
    orgRead: permissions.members !== undefined,
    mayReadPublicEmails: true,
  };
}
