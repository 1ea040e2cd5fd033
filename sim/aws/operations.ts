// The identitystore and sso-admin operations the connector calls, as JSON 1.1 handlers: request in, response
// out, NextToken paging with the real maxima (100), and the validation errors AWS gives for bad input.
import { awsErrors, type ServiceNamespace } from './errors.ts';
import type { AwsUserRecord, GeneratedAwsOrg } from './org-types.ts';

export const AWS_MAX_RESULTS = 100;

export interface OperationContext {
  org: GeneratedAwsOrg;
  input: Record<string, unknown>;
  /** Return fewer than MaxResults with a NextToken (AWS: "may return fewer results than the maximum"). */
  shortPages: boolean;
  /** Whether to send UserStatus (current model) or leave it out (older API descriptions). */
  userStatus: boolean;
}

export interface Operation {
  service: 'identitystore' | 'sso';
  /** The IAM action a policy must allow. */
  action: string;
  handle(ctx: OperationContext): unknown;
}

const IS: ServiceNamespace = 'com.amazonaws.identitystore';
const SSO: ServiceNamespace = 'com.amazonaws.swbexternalservice';

function str(ctx: OperationContext, name: string, ns: ServiceNamespace): string {
  const value = ctx.input[name];
  if (typeof value !== 'string' || value === '')
    throw awsErrors.validation(
      ns,
      `1 validation error detected: Value null at '${name[0]?.toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  return value;
}

function page<T>(
  ctx: OperationContext,
  items: readonly T[],
  op: string,
  ns: ServiceNamespace,
): { items: T[]; next?: string } {
  const raw = ctx.input.MaxResults;
  const max = raw === undefined ? AWS_MAX_RESULTS : Number(raw);
  if (!Number.isInteger(max) || max < 1 || max > AWS_MAX_RESULTS)
    throw awsErrors.validation(
      ns,
      `1 validation error detected: Value '${String(raw)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${AWS_MAX_RESULTS}`,
    );
  let offset = 0;
  if (typeof ctx.input.NextToken === 'string') {
    const decoded = Buffer.from(ctx.input.NextToken, 'base64').toString('utf8');
    const [tokenOp, at] = decoded.split(':');
    if (tokenOp !== op || !/^\d+$/.test(at ?? ''))
      throw awsErrors.validation(ns, 'The NextToken is invalid.');
    offset = Number(at);
  }
  const size = ctx.shortPages ? Math.max(1, Math.floor(max / 2)) : max;
  const slice = items.slice(offset, offset + size);
  const end = offset + slice.length;
  return end < items.length
    ? { items: slice, next: Buffer.from(`${op}:${end}`).toString('base64') }
    : { items: slice };
}

function checkStore(ctx: OperationContext): void {
  const id = str(ctx, 'IdentityStoreId', IS);
  if (!/^d-[0-9a-f]{10}$/.test(id))
    throw awsErrors.validation(
      IS,
      `1 validation error detected: Value '${id}' at 'identityStoreId' failed to satisfy constraint: Member must satisfy regular expression pattern: d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`,
    );
  if (id !== ctx.org.identityStoreId)
    throw awsErrors.resourceNotFound(IS, `Identity store ${id} does not exist.`, 'IDENTITY_STORE');
}

function checkInstance(ctx: OperationContext): void {
  const arn = str(ctx, 'InstanceArn', SSO);
  if (arn !== ctx.org.instanceArn)
    throw awsErrors.resourceNotFound(SSO, 'Could not find instance.', 'INSTANCE');
}

function permissionSet(ctx: OperationContext) {
  checkInstance(ctx);
  const arn = str(ctx, 'PermissionSetArn', SSO);
  const found = ctx.org.permissionSets.find((p) => p.arn === arn);
  if (!found)
    throw awsErrors.resourceNotFound(
      SSO,
      'Could not find PermissionSet with the given arn.',
      'PERMISSION_SET',
    );
  return found;
}

function userJson(user: AwsUserRecord, ctx: OperationContext): Record<string, unknown> {
  return {
    IdentityStoreId: ctx.org.identityStoreId,
    UserId: user.userId,
    UserName: user.userName,
    ...(user.externalId ? { ExternalIds: [{ Issuer: user.externalId.issuer, Id: user.externalId.id }] } : {}),
    Name: { Formatted: user.displayName, FamilyName: user.familyName, GivenName: user.givenName },
    DisplayName: user.displayName,
    Emails: [{ Value: user.email, Type: 'work', Primary: true }],
    ...(user.title ? { Title: user.title } : {}),
    ...(ctx.userStatus ? { UserStatus: user.status } : {}),
  };
}

export const operations: Record<string, Operation> = {
  'AWSIdentityStore.ListUsers': {
    service: 'identitystore',
    action: 'identitystore:ListUsers',
    handle: (ctx) => {
      checkStore(ctx);
      const { items, next } = page(ctx, ctx.org.users, 'users', IS);
      return { Users: items.map((u) => userJson(u, ctx)), ...(next ? { NextToken: next } : {}) };
    },
  },
  'AWSIdentityStore.ListGroups': {
    service: 'identitystore',
    action: 'identitystore:ListGroups',
    handle: (ctx) => {
      checkStore(ctx);
      const { items, next } = page(ctx, ctx.org.groups, 'groups', IS);
      return {
        Groups: items.map((g) => ({
          GroupId: g.groupId,
          DisplayName: g.displayName,
          ...(g.externalId ? { ExternalIds: [{ Issuer: g.externalId.issuer, Id: g.externalId.id }] } : {}),
          ...(g.description ? { Description: g.description } : {}),
          IdentityStoreId: ctx.org.identityStoreId,
        })),
        ...(next ? { NextToken: next } : {}),
      };
    },
  },
  'AWSIdentityStore.ListGroupMemberships': {
    service: 'identitystore',
    action: 'identitystore:ListGroupMemberships',
    handle: (ctx) => {
      checkStore(ctx);
      const groupId = str(ctx, 'GroupId', IS);
      if (!ctx.org.groups.some((g) => g.groupId === groupId))
        throw awsErrors.resourceNotFound(IS, `Group ${groupId} does not exist.`, 'GROUP');
      const members = ctx.org.memberships.filter((m) => m.groupId === groupId);
      const { items, next } = page(ctx, members, `members-${groupId}`, IS);
      return {
        GroupMemberships: items.map((m) => ({
          IdentityStoreId: ctx.org.identityStoreId,
          MembershipId: m.membershipId,
          GroupId: m.groupId,
          MemberId: { UserId: m.userId },
        })),
        ...(next ? { NextToken: next } : {}),
      };
    },
  },
  'SWBExternalService.ListInstances': {
    service: 'sso',
    action: 'sso:ListInstances',
    handle: (ctx) => {
      const { items, next } = page(ctx, [ctx.org], 'instances', SSO);
      return {
        Instances: items.map((o) => ({
          InstanceArn: o.instanceArn,
          IdentityStoreId: o.identityStoreId,
          OwnerAccountId: o.managementAccountId,
          Name: 'example-org',
          Status: 'ACTIVE',
        })),
        ...(next ? { NextToken: next } : {}),
      };
    },
  },
  'SWBExternalService.ListPermissionSets': {
    service: 'sso',
    action: 'sso:ListPermissionSets',
    handle: (ctx) => {
      checkInstance(ctx);
      const { items, next } = page(ctx, ctx.org.permissionSets, 'ps', SSO);
      return { PermissionSets: items.map((p) => p.arn), ...(next ? { NextToken: next } : {}) };
    },
  },
  'SWBExternalService.DescribePermissionSet': {
    service: 'sso',
    action: 'sso:DescribePermissionSet',
    handle: (ctx) => {
      const p = permissionSet(ctx);
      return {
        PermissionSet: {
          Name: p.name,
          PermissionSetArn: p.arn,
          ...(p.description ? { Description: p.description } : {}),
          // JSON 1.1 timestamps are epoch seconds.
          CreatedDate: p.createdDate,
          SessionDuration: p.sessionDuration,
        },
      };
    },
  },
  'SWBExternalService.ListManagedPoliciesInPermissionSet': {
    service: 'sso',
    action: 'sso:ListManagedPoliciesInPermissionSet',
    handle: (ctx) => {
      const p = permissionSet(ctx);
      const { items, next } = page(ctx, p.managedPolicies, `mp-${p.arn}`, SSO);
      return { AttachedManagedPolicies: items, ...(next ? { NextToken: next } : {}) };
    },
  },
  'SWBExternalService.ListCustomerManagedPolicyReferencesInPermissionSet': {
    service: 'sso',
    action: 'sso:ListCustomerManagedPolicyReferencesInPermissionSet',
    handle: (ctx) => {
      const p = permissionSet(ctx);
      const { items, next } = page(ctx, p.customerManagedPolicies, `cmp-${p.arn}`, SSO);
      return { CustomerManagedPolicyReferences: items, ...(next ? { NextToken: next } : {}) };
    },
  },
  'SWBExternalService.GetInlinePolicyForPermissionSet': {
    service: 'sso',
    action: 'sso:GetInlinePolicyForPermissionSet',
    handle: (ctx) => ({ InlinePolicy: permissionSet(ctx).inlinePolicy }),
  },
  'SWBExternalService.ListAccountsForProvisionedPermissionSet': {
    service: 'sso',
    action: 'sso:ListAccountsForProvisionedPermissionSet',
    handle: (ctx) => {
      const p = permissionSet(ctx);
      const accounts = ctx.org.accounts.filter((a) =>
        ctx.org.assignments.some((x) => x.accountId === a && x.permissionSetArn === p.arn),
      );
      const { items, next } = page(ctx, accounts, `acc-${p.arn}`, SSO);
      return { AccountIds: items, ...(next ? { NextToken: next } : {}) };
    },
  },
  'SWBExternalService.ListAccountAssignments': {
    service: 'sso',
    action: 'sso:ListAccountAssignments',
    handle: (ctx) => {
      const p = permissionSet(ctx);
      const accountId = str(ctx, 'AccountId', SSO);
      const found = ctx.org.assignments.filter(
        (a) => a.accountId === accountId && a.permissionSetArn === p.arn,
      );
      const { items, next } = page(ctx, found, `aa-${accountId}-${p.arn}`, SSO);
      return {
        AccountAssignments: items.map((a) => ({
          AccountId: a.accountId,
          PermissionSetArn: a.permissionSetArn,
          PrincipalType: a.principalType,
          PrincipalId: a.principalId,
        })),
        ...(next ? { NextToken: next } : {}),
      };
    },
  },
};
