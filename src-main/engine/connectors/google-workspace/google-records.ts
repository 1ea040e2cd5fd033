// The Directory API's JSON, parsed with zod at the boundary (a missing id is an error; fields Google may
// omit are optional), and mapped onto Vouch's records. Provider fields beyond the declared columns go
// to `attributes`.
import { z } from 'zod';
import type {
  AccountRecord,
  AdminRoleRecord,
  AuthFactorRecord,
  CredentialRecord,
  GroupMemberRecord,
  GroupRecord,
  RoleRecord,
} from '../../../../src-shared/datasets.ts';

/** Google's lastLoginTime for an account that never signed in. */
const NEVER = '1970-01-01T00:00:00.000Z';

export const googleUserSchema = z
  .object({
    id: z.string().min(1),
    primaryEmail: z.string().min(1),
    name: z
      .object({
        fullName: z.string().optional(),
        givenName: z.string().optional(),
        familyName: z.string().optional(),
      })
      .partial()
      .optional(),
    isAdmin: z.boolean().optional(),
    isDelegatedAdmin: z.boolean().optional(),
    suspended: z.boolean().optional(),
    suspensionReason: z.string().optional(),
    archived: z.boolean().optional(),
    isEnrolledIn2Sv: z.boolean().optional(),
    isEnforcedIn2Sv: z.boolean().optional(),
    lastLoginTime: z.string().optional(),
    creationTime: z.string().optional(),
    deletionTime: z.string().optional(),
    orgUnitPath: z.string().optional(),
    customerId: z.string().optional(),
    aliases: z.array(z.string()).optional(),
    agreedToTerms: z.boolean().optional(),
    changePasswordAtNextLogin: z.boolean().optional(),
  })
  .passthrough();
export type GoogleUser = z.infer<typeof googleUserSchema>;

export const usersPageSchema = z.object({
  users: z.array(z.unknown()).optional(),
  nextPageToken: z.string().optional(),
});

export const googleGroupSchema = z
  .object({
    id: z.string().min(1),
    email: z.string().min(1),
    name: z.string().optional(),
    description: z.string().optional(),
    directMembersCount: z.string().optional(),
    adminCreated: z.boolean().optional(),
  })
  .passthrough();
export type GoogleGroup = z.infer<typeof googleGroupSchema>;
export const groupsPageSchema = z.object({
  groups: z.array(z.unknown()).optional(),
  nextPageToken: z.string().optional(),
});

export const googleMemberSchema = z
  .object({
    id: z.string().min(1),
    email: z.string().optional(),
    role: z.string().optional(),
    type: z.string().optional(),
    status: z.string().optional(),
  })
  .passthrough();
export const membersPageSchema = z.object({
  members: z.array(z.unknown()).optional(),
  nextPageToken: z.string().optional(),
});

export const googleRoleSchema = z
  .object({
    roleId: z.string().min(1),
    roleName: z.string(),
    roleDescription: z.string().optional(),
    isSystemRole: z.boolean().optional(),
    isSuperAdminRole: z.boolean().optional(),
    rolePrivileges: z
      .array(z.object({ privilegeName: z.string(), serviceId: z.string().optional() }))
      .optional(),
  })
  .passthrough();
export type GoogleRole = z.infer<typeof googleRoleSchema>;
export const itemsPageSchema = z.object({
  items: z.array(z.unknown()).optional(),
  nextPageToken: z.string().optional(),
});

export const googleRoleAssignmentSchema = z
  .object({
    roleAssignmentId: z.string().min(1),
    roleId: z.string().min(1),
    assignedTo: z.string().min(1),
    assigneeType: z.string().optional(),
    scopeType: z.string().optional(),
    orgUnitId: z.string().optional(),
    condition: z.string().optional(),
  })
  .passthrough();

export const googleTokenSchema = z
  .object({
    clientId: z.string().min(1),
    displayText: z.string().optional(),
    scopes: z.array(z.string()).optional(),
    anonymous: z.boolean().optional(),
    nativeApp: z.boolean().optional(),
    userKey: z.string().optional(),
  })
  .passthrough();

export class GoogleParseError extends Error {}

export function parseGoogle<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GoogleParseError(
      `Google sent ${what} Vouch cannot read (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}).`,
    );
  }
  return parsed.data;
}

function rest(value: Record<string, unknown>, declared: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    if (!declared.includes(k) && k !== 'kind' && k !== 'etag') out[k] = v;
  return out;
}

/** The status word of a user: DELETED, ARCHIVED, SUSPENDED or ACTIVE (the vocabulary maps them). */
export function userStatus(user: GoogleUser): string {
  if (user.deletionTime) return 'DELETED';
  if (user.archived) return 'ARCHIVED';
  if (user.suspended) return 'SUSPENDED';
  return 'ACTIVE';
}

const userDeclared = [
  'id',
  'primaryEmail',
  'name',
  'isAdmin',
  'isDelegatedAdmin',
  'suspended',
  'suspensionReason',
  'archived',
  'isEnrolledIn2Sv',
  'isEnforcedIn2Sv',
  'lastLoginTime',
  'creationTime',
  'deletionTime',
  'orgUnitPath',
] as const;

export function userToAccount(user: GoogleUser): AccountRecord {
  const lastLogin = user.lastLoginTime && user.lastLoginTime !== NEVER ? user.lastLoginTime : null;
  return {
    externalId: user.id,
    login: user.primaryEmail,
    email: user.primaryEmail,
    displayName: user.name?.fullName ?? null,
    status: userStatus(user),
    createdAt: user.creationTime ?? null,
    lastLoginAt: lastLogin,
    attributes: {
      primaryEmail: user.primaryEmail,
      suspended: user.suspended ?? false,
      suspensionReason: user.suspensionReason ?? null,
      archived: user.archived ?? false,
      deleted: user.deletionTime !== undefined,
      deletionTime: user.deletionTime ?? null,
      isAdmin: user.isAdmin ?? false,
      isDelegatedAdmin: user.isDelegatedAdmin ?? false,
      isEnrolledIn2Sv: user.isEnrolledIn2Sv ?? false,
      isEnforcedIn2Sv: user.isEnforcedIn2Sv ?? false,
      orgUnitPath: user.orgUnitPath ?? null,
      givenName: user.name?.givenName ?? null,
      familyName: user.name?.familyName ?? null,
      ...rest(user, userDeclared),
    },
  };
}

/** One `summary` row per user: Google reports enrolment and enforcement, not which second factor. */
export function userToTwoStep(user: GoogleUser): AuthFactorRecord {
  const enrolled = user.isEnrolledIn2Sv ?? false;
  return {
    accountExternalId: user.id,
    factorType: 'summary',
    // Enrolled in 2SV says a second factor exists, not whether it is a security key or SMS: unknown strength.
    strength: enrolled ? 'unknown' : 'none',
    status: enrolled ? 'active' : 'not_setup',
    registeredAt: null,
    lastUsedAt: null,
    attributes: {
      isEnrolledIn2Sv: enrolled,
      isEnforcedIn2Sv: user.isEnforcedIn2Sv ?? false,
      primaryEmail: user.primaryEmail,
      accountStatus: userStatus(user),
    },
  };
}

export function groupToRecord(group: GoogleGroup): GroupRecord {
  const count = group.directMembersCount === undefined ? null : Number(group.directMembersCount);
  return {
    externalId: group.id,
    name: group.name ?? group.email,
    description: group.description || null,
    type: group.email,
    reportedMemberCount: count !== null && Number.isInteger(count) ? count : null,
  };
}

/** Users, nested groups and the whole-customer member all land here: group_members carries no type or role. */
export function memberToRecord(
  groupId: string,
  member: z.infer<typeof googleMemberSchema>,
): GroupMemberRecord {
  return { groupExternalId: groupId, accountExternalId: member.id };
}

/** Super admin, or a role holding one of these privileges: the connector's judgement of "privileged". */
const PRIVILEGED = new Set(['SUPER_ADMIN', 'USERS_ALL', 'ROOT_APP_ADMIN', 'ADMIN_ROLES_ALL', 'SECURITY_ALL']);

export function roleToRecord(role: GoogleRole): RoleRecord {
  const privileges = (role.rolePrivileges ?? []).map((p) => p.privilegeName);
  return {
    externalId: role.roleId,
    name: role.roleName,
    description: role.roleDescription ?? null,
    builtIn: role.isSystemRole ?? false,
    privileged: (role.isSuperAdminRole ?? false) || privileges.some((p) => PRIVILEGED.has(p)),
    permissions: [...new Set(privileges)].sort(),
    attributes: {
      isSuperAdminRole: role.isSuperAdminRole ?? false,
      services: [...new Set((role.rolePrivileges ?? []).map((p) => p.serviceId).filter(Boolean))].sort(),
    },
  };
}

export function assignmentToRecord(
  assignment: z.infer<typeof googleRoleAssignmentSchema>,
  roles: ReadonlyMap<string, GoogleRole>,
): AdminRoleRecord {
  const role = roles.get(assignment.roleId);
  const orgUnit =
    assignment.scopeType === 'ORG_UNIT' && assignment.orgUnitId ? `orgUnit:${assignment.orgUnitId}` : null;
  return {
    principalType: assignment.assigneeType === 'group' ? 'group' : 'user',
    principalExternalId: assignment.assignedTo,
    roleId: assignment.roleId,
    roleType: role?.isSuperAdminRole ? 'SUPER_ADMIN' : role?.isSystemRole ? 'SYSTEM_ROLE' : 'CUSTOM_ROLE',
    roleLabel: role?.roleDescription || role?.roleName || assignment.roleId,
    assignmentType: assignment.condition ? 'conditional' : 'direct',
    scope: orgUnit,
  };
}

export function tokenToCredential(
  user: { id: string; primaryEmail: string },
  token: z.infer<typeof googleTokenSchema>,
): CredentialRecord {
  return {
    externalId: `${user.id}:${token.clientId}`,
    type: 'oauth_grant',
    ownerType: 'user',
    ownerExternalId: user.id,
    ownerName: user.primaryEmail,
    name: token.displayText ?? null,
    scopes: [...(token.scopes ?? [])].sort(),
    createdAt: null,
    expiresAt: null,
    lastUsedAt: null,
    status: 'active',
    attributes: {
      clientId: token.clientId,
      anonymous: token.anonymous ?? false,
      nativeApp: token.nativeApp ?? false,
    },
  };
}
