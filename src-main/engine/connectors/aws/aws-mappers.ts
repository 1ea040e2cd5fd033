// The AWS SDK's outputs as far as each dataset reads them, parsed with zod at the boundary, and their mapping
// to Vouch records.
import { z } from 'zod';
import type {
  AccountRecord,
  GroupRecord,
  ResourceGrantRecord,
  ResourceRecord,
} from '../../../../src-shared/datasets.ts';
import { AwsResponseError } from './aws-errors.ts';

const id = z.string().min(1);
const text = z.string().nullish();
const externalIds = z.array(z.object({ Issuer: z.string(), Id: z.string() })).nullish();

export const awsUserSchema = z.object({
  UserId: id,
  UserName: text,
  DisplayName: text,
  Name: z.object({ GivenName: text, FamilyName: text, Formatted: text }).nullish(),
  Emails: z.array(z.object({ Value: text, Primary: z.boolean().nullish() })).nullish(),
  ExternalIds: externalIds,
  Title: text,
  UserStatus: text,
  CreatedAt: z.date().nullish(),
});
export type AwsUser = z.infer<typeof awsUserSchema>;

export const awsGroupSchema = z.object({
  GroupId: id,
  DisplayName: text,
  Description: text,
  ExternalIds: externalIds,
});
export const awsMembershipSchema = z.object({ MemberId: z.object({ UserId: text }).nullish() });
export const awsPermissionSetSchema = z.object({
  Name: text,
  PermissionSetArn: id,
  Description: text,
  CreatedDate: z.date().nullish(),
  SessionDuration: text,
  RelayState: text,
});
export const awsAssignmentSchema = z.object({
  AccountId: id,
  PermissionSetArn: id,
  PrincipalType: z.enum(['USER', 'GROUP']),
  PrincipalId: id,
});

export function parseAws<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AwsResponseError(
      `${what} does not have the shape AWS sends (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}).`,
    );
  }
  return result.data;
}

/** Account attributes of aws.users kept as their own columns. */
export const awsUserAttributes = z.object({
  idp_external_id: z.string().nullable(),
  idp_issuer: z.string().nullable(),
  user_status: z.string(),
  title: z.string().nullable(),
});

export function awsUserToAccount(user: AwsUser): AccountRecord {
  const email = user.Emails?.find((e) => e.Primary)?.Value ?? user.Emails?.[0]?.Value ?? null;
  const external = user.ExternalIds?.[0] ?? null;
  return {
    externalId: user.UserId,
    login: user.UserName ?? null,
    email,
    displayName: user.DisplayName ?? user.Name?.Formatted ?? null,
    // Older identity store models carry no status: never guess "active".
    status: user.UserStatus ?? 'not_reported',
    createdAt: user.CreatedAt ? user.CreatedAt.toISOString() : null,
    lastLoginAt: null,
    attributes: {
      idp_external_id: external?.Id ?? null,
      idp_issuer: external?.Issuer ?? null,
      user_status: user.UserStatus ?? 'not reported by AWS',
      title: user.Title ?? null,
    },
  };
}

export function awsGroupToRecord(group: z.infer<typeof awsGroupSchema>): GroupRecord {
  return {
    externalId: group.GroupId,
    name: group.DisplayName ?? group.GroupId,
    description: group.Description ?? null,
    type: group.ExternalIds?.length ? 'scim' : 'identity_store',
    reportedMemberCount: null,
  };
}

export interface PermissionSetFacts {
  arn: string;
  name: string;
  managedPolicies: string[];
  customerManagedPolicies: string[];
  hasInlinePolicy: boolean;
  accessLevel: 'admin' | 'write' | 'read' | null;
}

/**
 * Vouch's access level of a permission set, from its AWS managed policies only: AdministratorAccess is admin,
 * PowerUserAccess write, the read-only job functions read. Inline and customer managed policies can grant
 * anything, so a set with one is unknown (null) unless it already holds admin.
 */
export function accessLevelOf(
  managed: string[],
  customer: string[],
  inline: boolean,
): 'admin' | 'write' | 'read' | null {
  if (managed.includes('AdministratorAccess')) return 'admin';
  if (inline || customer.length) return null;
  if (managed.includes('PowerUserAccess')) return 'write';
  const readOnly = ['ReadOnlyAccess', 'ViewOnlyAccess', 'SecurityAudit'];
  if (managed.length && managed.every((m) => readOnly.includes(m))) return 'read';
  return null;
}

export function permissionSetToResource(
  set: z.infer<typeof awsPermissionSetSchema>,
  facts: PermissionSetFacts,
  instanceArn: string,
): ResourceRecord {
  return {
    externalId: set.PermissionSetArn,
    type: 'permission_set',
    name: facts.name,
    parentExternalId: instanceArn,
    visibility: null,
    status: null,
    createdAt: set.CreatedDate ? set.CreatedDate.toISOString() : null,
    attributes: {
      description: set.Description ?? null,
      session_duration: set.SessionDuration ?? null,
      managed_policies: facts.managedPolicies,
      customer_managed_policies: facts.customerManagedPolicies,
      has_inline_policy: facts.hasInlinePolicy,
      access_level: facts.accessLevel,
    },
  };
}

export function assignmentToGrant(
  a: z.infer<typeof awsAssignmentSchema>,
  set: PermissionSetFacts,
  principalName: string | null,
): ResourceGrantRecord {
  const group = a.PrincipalType === 'GROUP';
  return {
    resourceType: 'account',
    resourceExternalId: a.AccountId,
    resourceName: null,
    principalType: group ? 'group' : 'user',
    principalExternalId: a.PrincipalId,
    principalName,
    permission: set.name,
    accessLevel: set.accessLevel,
    // A group assignment reaches every member through the group (aws.group_members lists them).
    via: group ? 'group' : 'direct',
    viaExternalId: group ? a.PrincipalId : null,
    expiresAt: null,
    attributes: { permission_set_arn: set.arn },
  };
}
