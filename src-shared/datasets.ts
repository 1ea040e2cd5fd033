// The records connectors emit, one shape per dataset kind, shared by the store, evidence and exports.
import { z } from 'zod';

export const accountRecordSchema = z.object({
  externalId: z.string(),
  login: z.string().nullable(),
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  status: z.string(),
  createdAt: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
});
export type AccountRecord = z.infer<typeof accountRecordSchema>;

export const groupRecordSchema = z.object({
  externalId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  type: z.string().nullable(),
  /** Members the provider says the group has, where it reports a count. */
  reportedMemberCount: z.number().int().nullable(),
});
export type GroupRecord = z.infer<typeof groupRecordSchema>;

export const groupMemberRecordSchema = z.object({
  groupExternalId: z.string(),
  accountExternalId: z.string(),
});
export type GroupMemberRecord = z.infer<typeof groupMemberRecordSchema>;

export const appRecordSchema = z.object({
  externalId: z.string(),
  name: z.string(),
  label: z.string(),
  status: z.string(),
  signOnMode: z.string().nullable(),
});
export type AppRecord = z.infer<typeof appRecordSchema>;

export const appAssignmentRecordSchema = z.object({
  appExternalId: z.string(),
  principalType: z.enum(['user', 'group']),
  principalExternalId: z.string(),
  /** How the assignment came about, e.g. USER (direct) or GROUP (through a group). */
  scope: z.string().nullable(),
});
export type AppAssignmentRecord = z.infer<typeof appAssignmentRecordSchema>;

export const adminRoleRecordSchema = z.object({
  principalType: z.enum(['user', 'group', 'service_principal', 'service_account']),
  principalExternalId: z.string(),
  roleId: z.string(),
  roleType: z.string(),
  roleLabel: z.string(),
  assignmentType: z.string().nullable(),
  /** Where the role applies (a directory scope, an org unit); null for the whole organization. */
  scope: z.string().nullable(),
});
export type AdminRoleRecord = z.infer<typeof adminRoleRecordSchema>;

/** One configuration setting of the source (e.g. GitHub's org-wide 2FA requirement). */
export const sourceSettingRecordSchema = z.object({
  name: z.string(),
  /** The value as text; null when the provider withholds it from this credential. */
  value: z.string().nullable(),
  visible: z.boolean(),
  /** Why a value is missing, or what it means, for the auditor. */
  note: z.string().nullable(),
});
export type SourceSettingRecord = z.infer<typeof sourceSettingRecordSchema>;

/** Who may do what on one repository, and through what (a direct grant, a team, the org's base role). */
export const repoPermissionRecordSchema = z.object({
  repoExternalId: z.string(),
  repoName: z.string(),
  /** `org` rows stand for a whole class of org members (everyone via the base role, or the owners). */
  principalType: z.enum(['user', 'team', 'org']),
  principalExternalId: z.string(),
  principalName: z.string(),
  /** admin, maintain, push, triage or pull. */
  permission: z.string(),
  /** The provider's role name (GitHub: read, triage, write, maintain, admin, or a custom role). */
  roleName: z.string().nullable(),
  via: z.enum(['direct', 'team', 'org_base', 'org_owner']),
});
export type RepoPermissionRecord = z.infer<typeof repoPermissionRecordSchema>;

/** One subject's result for one posture check the connector evaluates from provider data. */
export const checkResultRecordSchema = z.object({
  /** The check, e.g. github.two_factor. */
  check: z.string(),
  subjectExternalId: z.string(),
  subjectName: z.string().nullable(),
  /** What was observed, e.g. enabled / disabled / unknown. */
  observed: z.string(),
  /** A check that cannot read its data is not_evaluable, never a pass. */
  result: z.enum(['pass', 'fail', 'not_evaluable']),
  detail: z.string().nullable(),
});
export type CheckResultRecord = z.infer<typeof checkResultRecordSchema>;

/** Provider fields beyond an entity's declared columns (stored and exported as sorted JSON). */
const attributes = z.record(z.string(), z.unknown());

/** Something access is granted to: a project, group, repository, account, permission set, application, ... */
export const resourceRecordSchema = z.object({
  externalId: z.string(),
  /** A provider-neutral noun: project, group, repository, account, permission_set, application, ... */
  type: z.string(),
  name: z.string(),
  /** The containing group, org or organizational unit. */
  parentExternalId: z.string().nullable(),
  /** private, internal or public, where the provider says. */
  visibility: z.string().nullable(),
  /** e.g. active, archived. */
  status: z.string().nullable(),
  createdAt: z.string().nullable(),
  attributes,
});
export type ResourceRecord = z.infer<typeof resourceRecordSchema>;

/** Vouch's normalised access level of a grant; null when the provider's permission cannot be placed. */
export const accessLevels = ['admin', 'write', 'read', 'none'] as const;
/** How a principal came to hold a grant. */
export const grantVias = ['direct', 'group', 'team', 'inherited', 'org_base', 'org_owner', 'role'] as const;

/** Who can reach a resource, with what permission, and how (directly, through a group or team, ...). */
export const resourceGrantRecordSchema = z.object({
  resourceType: z.string(),
  resourceExternalId: z.string(),
  resourceName: z.string().nullable(),
  /** user, group, team, role, service_account, org. */
  principalType: z.string(),
  principalExternalId: z.string(),
  principalName: z.string().nullable(),
  /** The provider's role, permission or access level name (e.g. Maintainer, AdministratorAccess). */
  permission: z.string(),
  accessLevel: z.enum(accessLevels).nullable(),
  via: z.enum(grantVias),
  /** The group, team or parent resource the grant came through; null for a direct grant. */
  viaExternalId: z.string().nullable(),
  expiresAt: z.string().nullable(),
  attributes,
});
export type ResourceGrantRecord = z.infer<typeof resourceGrantRecordSchema>;

/** A role definition (not its assignments: those are admin_roles or resource_grants). */
export const roleRecordSchema = z.object({
  externalId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  builtIn: z.boolean().nullable(),
  /** The connector's judgement (super admin, org admin, ...); null when unknown. */
  privileged: z.boolean().nullable(),
  permissions: z.array(z.string()),
  attributes,
});
export type RoleRecord = z.infer<typeof roleRecordSchema>;

/** An app secret, certificate, API or personal access token, key or OAuth grant. */
export const credentialRecordSchema = z.object({
  /** The provider's key or token id, or owner and client for an OAuth grant. */
  externalId: z.string(),
  /** client_secret, certificate, api_token, access_key, ssh_key, oauth_grant, service_account_key. */
  type: z.string(),
  /** user, application, service_principal, service_account. */
  ownerType: z.string(),
  ownerExternalId: z.string(),
  ownerName: z.string().nullable(),
  /** Display name, hint, or the client application's name. */
  name: z.string().nullable(),
  /** For tokens and OAuth grants; null where the credential has none. */
  scopes: z.array(z.string()).nullable(),
  createdAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  /** active, revoked, expired, ... */
  status: z.string().nullable(),
  attributes,
});
export type CredentialRecord = z.infer<typeof credentialRecordSchema>;

/** How strong an authentication factor is, in Vouch's words. */
export const factorStrengths = ['phishing_resistant', 'strong', 'weak', 'none', 'unknown'] as const;

/** One authentication factor of an account, or a per-account roll-up (`factorType` summary). */
export const authFactorRecordSchema = z.object({
  accountExternalId: z.string(),
  /** The provider's method name (push, totp, sms, webauthn, fido2, ...) or summary. */
  factorType: z.string(),
  strength: z.enum(factorStrengths),
  /** active, pending, not_setup, ... */
  status: z.string().nullable(),
  registeredAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  attributes,
});
export type AuthFactorRecord = z.infer<typeof authFactorRecordSchema>;

/** Which table a dataset's records land in. */
export type DatasetEntity =
  | 'accounts'
  | 'groups'
  | 'group_members'
  | 'apps'
  | 'app_assignments'
  | 'admin_roles'
  | 'source_settings'
  | 'repo_permissions'
  | 'check_results'
  | 'resources'
  | 'resource_grants'
  | 'roles'
  | 'credentials'
  | 'auth_factors';

export interface EntityRecordMap {
  accounts: AccountRecord;
  groups: GroupRecord;
  group_members: GroupMemberRecord;
  apps: AppRecord;
  app_assignments: AppAssignmentRecord;
  admin_roles: AdminRoleRecord;
  source_settings: SourceSettingRecord;
  repo_permissions: RepoPermissionRecord;
  check_results: CheckResultRecord;
  resources: ResourceRecord;
  resource_grants: ResourceGrantRecord;
  roles: RoleRecord;
  credentials: CredentialRecord;
  auth_factors: AuthFactorRecord;
}

/** Each entity's record schema, by entity. */
export const entityRecordSchemas = {
  accounts: accountRecordSchema,
  groups: groupRecordSchema,
  group_members: groupMemberRecordSchema,
  apps: appRecordSchema,
  app_assignments: appAssignmentRecordSchema,
  admin_roles: adminRoleRecordSchema,
  source_settings: sourceSettingRecordSchema,
  repo_permissions: repoPermissionRecordSchema,
  check_results: checkResultRecordSchema,
  resources: resourceRecordSchema,
  resource_grants: resourceGrantRecordSchema,
  roles: roleRecordSchema,
  credentials: credentialRecordSchema,
  auth_factors: authFactorRecordSchema,
} as const;
