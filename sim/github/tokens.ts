// Personal access tokens as GitHub sees them: classic PATs carry OAuth scopes (reported in
// `X-OAuth-Scopes`), fine-grained PATs carry permissions and always expire (reported in
// `github-authentication-token-expiration`, never in `X-OAuth-Scopes`). Who owns the token matters as
// much as its scopes: only org owners see 2FA filters, full org settings and SAML identities.
import { randomBytes } from 'node:crypto';
import { DAY } from './org-primitives.ts';
import type { GeneratedGitHubOrg } from './org-types.ts';

export type TokenOwner = 'owner' | 'member' | 'outside-collaborator';
export type PermissionLevel = 'none' | 'read' | 'write';

export interface ClassicTokenOptions {
  kind?: 'classic';
  /** OAuth scopes as granted. Default `admin:org`, `repo`, `read:user`: everything the connector reads. */
  scopes?: string[];
  /** Whose token it is. Default `owner`. */
  owner?: TokenOwner;
  /** Expiry, epoch ms. Default: none (a classic PAT may never expire: then no expiration header). */
  expiresAt?: number | null;
  /** Whether the token was authorized for the org's SAML SSO. Default true. */
  ssoAuthorized?: boolean;
}

export interface FineGrainedTokenOptions {
  kind: 'fine-grained';
  /** Organization permissions granted; repository access is "all repositories" with metadata read. */
  permissions?: {
    members?: PermissionLevel;
    administration?: PermissionLevel;
    organization_plan?: PermissionLevel;
  };
  owner?: TokenOwner;
  /** Expiry, epoch ms. Default 30 days after the simulator starts: fine-grained PATs always expire. */
  expiresAt?: number;
}

export type GitHubTokenOptions = ClassicTokenOptions | FineGrainedTokenOptions;

export interface TokenGrant {
  name: string;
  value: string;
  kind: 'classic' | 'fine-grained';
  userId: number;
  /** Classic: scopes as normalized for `X-OAuth-Scopes`. Empty for fine-grained tokens. */
  scopes: string[];
  permissions: {
    members: PermissionLevel;
    administration: PermissionLevel;
    organization_plan: PermissionLevel;
  };
  expiresAt: number | null;
  ssoAuthorized: boolean;
  /** Set for a GitHub App installation token (`ghs_…`, see apps.ts). */
  installation?: { appId: number; installationId: number };
}

/** Each scope with the scopes it includes (GitHub's "normalized scopes"). */
const IMPLIED: Record<string, readonly string[]> = {
  repo: ['repo:status', 'repo_deployment', 'public_repo', 'repo:invite', 'security_events'],
  'admin:org': ['write:org', 'read:org', 'manage_runners:org'],
  'write:org': ['read:org'],
  user: ['read:user', 'user:email', 'user:follow'],
  'admin:public_key': ['write:public_key', 'read:public_key'],
  'write:public_key': ['read:public_key'],
  'admin:repo_hook': ['write:repo_hook', 'read:repo_hook'],
  'write:repo_hook': ['read:repo_hook'],
  'admin:enterprise': ['manage_runners:enterprise', 'manage_billing:enterprise', 'read:enterprise'],
  'write:packages': ['read:packages'],
};

function expand(scopes: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const visit = (scope: string): void => {
    if (out.has(scope)) return;
    out.add(scope);
    for (const child of IMPLIED[scope] ?? []) visit(child);
  };
  for (const scope of scopes) visit(scope);
  return out;
}

/** Drops scopes another granted scope includes, as GitHub does when it saves a token; sorted. */
export function normalizeScopes(scopes: readonly string[]): string[] {
  const unique = [...new Set(scopes)];
  return unique
    .filter((scope) => !unique.some((other) => other !== scope && expand([other]).has(scope)))
    .sort();
}

/** `ghp_` and 36 characters, like a real classic PAT (so log redaction patterns can be tested). */
function classicValue(): string {
  return 'ghp_' + randomBytes(32).toString('base64').replace(/[+/=]/g, '').slice(0, 36);
}

function fineGrainedValue(): string {
  const part = (n: number) =>
    randomBytes(n * 2)
      .toString('base64')
      .replace(/[+/=]/g, '')
      .slice(0, n);
  return `github_pat_11${part(20)}_${part(59)}`;
}

export function resolveTokenOwner(org: GeneratedGitHubOrg, owner: TokenOwner = 'owner'): number {
  if (owner === 'owner') return org.ownerUserId;
  if (owner === 'member') return org.memberUserId;
  const id = org.outsideCollaboratorIds[0];
  if (id === undefined) throw new Error('the org has no outside collaborator to own a token');
  return id;
}

export function issueToken(
  name: string,
  options: GitHubTokenOptions,
  org: GeneratedGitHubOrg,
  now: number,
): TokenGrant {
  const userId = resolveTokenOwner(org, options.owner);
  if (options.kind === 'fine-grained') {
    return {
      name,
      value: fineGrainedValue(),
      kind: 'fine-grained',
      userId,
      scopes: [],
      permissions: {
        members: options.permissions?.members ?? 'read',
        administration: options.permissions?.administration ?? 'read',
        organization_plan: options.permissions?.organization_plan ?? 'read',
      },
      expiresAt: options.expiresAt ?? now + 30 * DAY,
      ssoAuthorized: true,
    };
  }
  return {
    name,
    value: classicValue(),
    kind: 'classic',
    userId,
    scopes: normalizeScopes(options.scopes ?? ['admin:org', 'repo', 'read:user']),
    permissions: { members: 'none', administration: 'none', organization_plan: 'none' },
    expiresAt: options.expiresAt ?? null,
    ssoAuthorized: options.ssoAuthorized ?? true,
  };
}

/** What a token may do, after runtime faults (scopes removed as if the user edited the token). */
export class TokenAccess {
  /** `X-OAuth-Scopes` as sent (classic only). */
  readonly scopes: string[];
  private readonly granted: Set<string>;

  /**
   * `removedScopes` (a runtime fault) takes a scope away together with every scope that includes it,
   * as unticking `read:org` on GitHub's token page also unticks `admin:org`.
   */
  constructor(
    readonly grant: TokenGrant,
    removedScopes: readonly string[] = [],
  ) {
    const kept = grant.scopes.filter((s) => !removedScopes.some((r) => expand([s]).has(r)));
    this.scopes = normalizeScopes(kept);
    this.granted = expand(kept);
  }

  get classic(): boolean {
    return this.grant.kind === 'classic';
  }

  hasScope(scope: string): boolean {
    return this.granted.has(scope);
  }

  /** Concealed members, teams, outside collaborators, memberships: `read:org` or Members (read). */
  get orgRead(): boolean {
    return this.classic ? this.hasScope('read:org') : this.grant.permissions.members !== 'none';
  }

  /** Full org settings: `admin:org` (per GitHub's docs for "Get an organization") or Administration (read). */
  get orgAdminRead(): boolean {
    return this.classic ? this.hasScope('admin:org') : this.grant.permissions.administration !== 'none';
  }

  get planRead(): boolean {
    return this.classic ? this.hasScope('admin:org') : this.grant.permissions.organization_plan !== 'none';
  }

  /** Private and internal repositories: `repo`; fine-grained tokens here have all repositories. */
  get privateRepos(): boolean {
    return this.classic ? this.hasScope('repo') : true;
  }

  get publicRepos(): boolean {
    return this.classic ? this.hasScope('public_repo') : true;
  }

  /** Private profile fields on `GET /user`: the `user` scope. */
  /** A GitHub App installation token: no user of its own. */
  get installation(): boolean {
    return this.grant.installation !== undefined;
  }

  get privateProfile(): boolean {
    return this.classic && this.hasScope('user');
  }
}
