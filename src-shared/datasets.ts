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
  principalType: z.enum(['user', 'group']),
  principalExternalId: z.string(),
  roleId: z.string(),
  roleType: z.string(),
  roleLabel: z.string(),
  assignmentType: z.string().nullable(),
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
  | 'check_results';

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
} as const;
