// GitHub's JSON as far as Vouch reads it, parsed with zod at the boundary (unknown fields are dropped), and
// the mapping of parsed items to Vouch dataset records.
import { z } from 'zod';
import type {
  AccountRecord,
  AdminRoleRecord,
  CheckResultRecord,
  GroupRecord,
  RepoPermissionRecord,
} from '../../../../src-shared/datasets.ts';

export const simpleUserSchema = z.object({ id: z.number().int(), login: z.string() });
export type SimpleUser = z.infer<typeof simpleUserSchema>;

export const publicUserSchema = simpleUserSchema.extend({
  name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
});
export type PublicUser = z.infer<typeof publicUserSchema>;

export const membershipSchema = z.object({ state: z.string(), role: z.string() });

export const teamSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable().optional(),
  privacy: z.string().nullable().optional(),
  parent: z.object({ id: z.number().int(), slug: z.string() }).nullable().optional(),
});
export type Team = z.infer<typeof teamSchema>;

export const repoSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  full_name: z.string(),
  private: z.boolean(),
  visibility: z.string().optional(),
  archived: z.boolean().optional(),
});
export type Repo = z.infer<typeof repoSchema>;

const permissionsSchema = z.object({
  admin: z.boolean().optional(),
  maintain: z.boolean().optional(),
  push: z.boolean().optional(),
  triage: z.boolean().optional(),
  pull: z.boolean().optional(),
});

export const collaboratorSchema = simpleUserSchema.extend({
  permissions: permissionsSchema.optional(),
  role_name: z.string().optional(),
});
export type Collaborator = z.infer<typeof collaboratorSchema>;

export const repoTeamSchema = z.object({
  id: z.number().int(),
  slug: z.string(),
  name: z.string(),
  permission: z.string().optional(),
  permissions: permissionsSchema.optional(),
  role_name: z.string().optional(),
});
export type RepoTeam = z.infer<typeof repoTeamSchema>;

export const organizationSchema = z.record(z.string(), z.unknown());

/** The highest of GitHub's permission flags, in its own words (admin, maintain, push, triage, pull). */
export function highestPermission(
  permissions: z.infer<typeof permissionsSchema> | undefined,
  fallback: string | undefined,
): string {
  for (const level of ['admin', 'maintain', 'push', 'triage', 'pull'] as const) {
    if (permissions?.[level]) return level;
  }
  return fallback ?? 'unknown';
}

/** A base repository role (`read`, `write`, `admin`, `none`) as a permission level. */
export const basePermissionLevel: Record<string, string | null> = {
  read: 'pull',
  write: 'push',
  admin: 'admin',
  none: null,
};

export type TwoFactorState = 'enabled' | 'disabled' | 'unknown';

export interface SamlIdentity {
  nameId: string | null;
  emails: string[];
  primaryEmail: string | null;
}

export interface MemberProfile {
  name: string | null;
  /** The public profile email, when the token may read it; null when there is none. */
  email: string | null;
}

const emailLike = /^[^\s@]+@[^\s@]+$/;

export interface MemberFacts {
  user: SimpleUser;
  role: 'admin' | 'member' | 'unknown';
  twoFactor: TwoFactorState;
  saml: SamlIdentity | null;
  profile: MemberProfile | null;
}

/**
 * An org member as an account. The account's email is the public profile email when there is one, else
 * the SAML identity's: so an account whose SAML identity and profile name different people surfaces as a
 * conflict in the needs-anchor queue instead of being linked silently to either.
 */
export function memberToAccount(facts: MemberFacts): AccountRecord {
  const samlEmail =
    facts.saml?.primaryEmail ??
    facts.saml?.emails[0] ??
    (facts.saml?.nameId && emailLike.test(facts.saml.nameId) ? facts.saml.nameId : null);
  const publicEmail = facts.profile?.email ?? null;
  return {
    externalId: String(facts.user.id),
    login: facts.user.login,
    email: publicEmail ?? samlEmail,
    displayName: facts.profile?.name ?? null,
    status: 'active',
    createdAt: null,
    lastLoginAt: null,
    attributes: {
      role: facts.role,
      two_factor: facts.twoFactor,
      saml_name_id: facts.saml?.nameId ?? null,
      saml_emails: facts.saml ? facts.saml.emails.join('; ') || null : null,
      public_email: publicEmail,
      email_source: publicEmail ? 'public_profile' : samlEmail ? 'saml_identity' : null,
      outside_collaborator: false,
    },
  };
}

export function outsideCollaboratorToAccount(user: PublicUser, twoFactor: TwoFactorState): AccountRecord {
  const email = user.email ? user.email : null;
  return {
    externalId: String(user.id),
    login: user.login,
    email,
    displayName: user.name ?? null,
    status: 'active',
    createdAt: null,
    lastLoginAt: null,
    attributes: {
      role: 'outside_collaborator',
      two_factor: twoFactor,
      saml_name_id: null,
      saml_emails: null,
      public_email: email,
      email_source: email ? 'public_profile' : null,
      outside_collaborator: true,
    },
  };
}

export function teamToGroup(team: Team): GroupRecord {
  return {
    externalId: String(team.id),
    name: team.name,
    description: team.description ?? null,
    // Closed or secret; nested teams say under which parent.
    type: team.parent ? `${team.privacy ?? 'team'} (child of ${team.parent.slug})` : (team.privacy ?? null),
    // The team list reports no member counts (only GET /teams/{slug} does, and its meaning for nested
    // teams is undocumented): none is claimed rather than a count that might not match.
    reportedMemberCount: null,
  };
}

export function ownerRole(user: SimpleUser): AdminRoleRecord {
  return {
    principalType: 'user',
    principalExternalId: String(user.id),
    roleId: 'org_owner',
    roleType: 'ORGANIZATION_OWNER',
    roleLabel: 'Organization owner',
    assignmentType: 'USER',
    // An owner owns the whole organization.
    scope: null,
  };
}

export function collaboratorPermission(repo: Repo, collaborator: Collaborator): RepoPermissionRecord {
  return {
    repoExternalId: String(repo.id),
    repoName: repo.full_name,
    principalType: 'user',
    principalExternalId: String(collaborator.id),
    principalName: collaborator.login,
    permission: highestPermission(collaborator.permissions, collaborator.role_name),
    roleName: collaborator.role_name ?? null,
    via: 'direct',
  };
}

export function teamPermission(repo: Repo, team: RepoTeam): RepoPermissionRecord {
  return {
    repoExternalId: String(repo.id),
    repoName: repo.full_name,
    principalType: 'team',
    principalExternalId: String(team.id),
    principalName: team.slug,
    permission: highestPermission(team.permissions, team.permission),
    roleName: team.role_name ?? team.permission ?? null,
    via: 'team',
  };
}

export function twoFactorResult(
  subject: SimpleUser,
  state: TwoFactorState,
  detail: string,
): CheckResultRecord {
  return {
    check: 'github.two_factor',
    subjectExternalId: String(subject.id),
    subjectName: subject.login,
    observed: state,
    result: state === 'enabled' ? 'pass' : state === 'disabled' ? 'fail' : 'not_evaluable',
    detail,
  };
}
