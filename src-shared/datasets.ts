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

/** Which table a dataset's records land in. */
export type DatasetEntity =
  'accounts' | 'groups' | 'group_members' | 'apps' | 'app_assignments' | 'admin_roles';

export interface EntityRecordMap {
  accounts: AccountRecord;
  groups: GroupRecord;
  group_members: GroupMemberRecord;
  apps: AppRecord;
  app_assignments: AppAssignmentRecord;
  admin_roles: AdminRoleRecord;
}
