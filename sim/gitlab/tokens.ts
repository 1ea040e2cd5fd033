// Access tokens of the simulated instance. A personal access token belongs to a user and carries
// scopes and an expiry date (mandatory since GitLab 16.0); `personal_access_tokens/self` reports them.
import { randomBytes } from 'node:crypto';
import type { GeneratedGitLabInstance } from './instance-types.ts';

export type TokenOwner = 'admin' | 'owner' | 'member';

export interface GitLabTokenOptions {
  /** admin: instance administrator (default); owner: Owner of the top group, not admin; member: a Developer. */
  owner?: TokenOwner;
  /** Default `read_api`. */
  scopes?: string[];
  /** Days from the simulator's start until expiry; default 300. `null`: no expiry (pre-16.0 tokens). */
  expiresInDays?: number | null;
  /** Already revoked (answers 401 "Token was revoked"). */
  revoked?: boolean;
}

export interface TokenGrant {
  name: string;
  id: number;
  value: string;
  userId: number;
  scopes: string[];
  /** Epoch ms at which the token stops working (the start of its expiry day, UTC), or null. */
  expiresAt: number | null;
  revoked: boolean;
  createdAt: number;
  lastUsedAt: number | null;
}

let nextTokenId = 40;

function ownerUserId(owner: TokenOwner, instance: GeneratedGitLabInstance): number {
  if (owner === 'admin') return instance.adminUserId;
  if (owner === 'owner') return instance.ownerUserId;
  // The first active Developer of a subgroup who is not a member of the top group (which would show all).
  const top = new Set((instance.groupMembers.get(instance.topGroupId) ?? []).map((m) => m.userId));
  for (const [groupId, list] of instance.groupMembers) {
    if (groupId === instance.topGroupId) continue;
    const found = list.find(
      (m) => m.accessLevel === 30 && !top.has(m.userId) && instance.users[m.userId - 1]?.state === 'active',
    );
    if (found) return found.userId;
  }
  throw new Error('the instance has no developer to own a member token');
}

export function issueToken(
  name: string,
  options: GitLabTokenOptions,
  instance: GeneratedGitLabInstance,
  now: number,
): TokenGrant {
  const days = options.expiresInDays === undefined ? 300 : options.expiresInDays;
  const expiresAt = days === null ? null : Math.floor((now + days * 86_400_000) / 86_400_000) * 86_400_000;
  return {
    name,
    id: nextTokenId++,
    value: `glpat-${randomBytes(15).toString('base64url')}`,
    userId: ownerUserId(options.owner ?? 'admin', instance),
    scopes: options.scopes ?? ['read_api'],
    expiresAt,
    revoked: options.revoked ?? false,
    createdAt: now - 30 * 86_400_000,
    lastUsedAt: null,
  };
}

/** Whether the token's scopes allow the API route: `api` and `read_api` read everything; `read_user` only users. */
export function scopeAllows(scopes: readonly string[], path: string): boolean {
  if (scopes.includes('api') || scopes.includes('read_api')) return true;
  // A token may always describe itself (what credential checks rely on).
  if (path === '/personal_access_tokens/self') return true;
  if (scopes.includes('read_user') && /^\/(user|users)(\/|$)/.test(path)) return true;
  return false;
}
