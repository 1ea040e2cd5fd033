// A full IAM Identity Center sync: users, groups and memberships from the identity store; permission sets
// with their policies and account assignments from sso-admin. The identity store reports no totals, so
// completeness is the NextToken chain followed to its end (AWS may return short pages before the end).
import {
  ListGroupMembershipsCommand,
  ListGroupsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-identitystore';
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
} from '@aws-sdk/client-sso-admin';
import { deferred, forEachConcurrent } from '../concurrency.ts';
import { runDataset } from '../dataset-runner.ts';
import { EventChannel } from '../event-channel.ts';
import { datasetPageCounter } from '../page-counter.ts';
import type { ConnectorContext, SyncEvent } from '../types.ts';
import { classifyAwsFailure } from './aws-errors.ts';
import {
  accessLevelOf,
  assignmentToGrant,
  awsAssignmentSchema,
  awsGroupSchema,
  awsGroupToRecord,
  awsMembershipSchema,
  awsPermissionSetSchema,
  awsUserSchema,
  awsUserToAccount,
  parseAws,
  permissionSetToResource,
  type PermissionSetFacts,
} from './aws-mappers.ts';
import { openAwsSession, syncPolicy, type AwsPolicy, type AwsSession } from './aws-session.ts';

const MAX = 100;
const FAN_OUT = 4;

/** Every page of a NextToken listing; each request counts as a page of the running dataset. */
async function* pages<T extends { NextToken?: string | undefined }>(
  read: (token: string | undefined) => Promise<T>,
): AsyncGenerator<T> {
  let token: string | undefined;
  do {
    const page = await read(token);
    const counter = datasetPageCounter.getStore();
    if (counter) counter.pages++;
    yield page;
    token = page.NextToken || undefined;
  } while (token);
}

const classifier = (what: string, action: string) => (error: unknown) =>
  classifyAwsFailure(error, what, action);

export function syncAws(ctx: ConnectorContext, policy: AwsPolicy = syncPolicy): AsyncIterable<SyncEvent> {
  const channel = new EventChannel<SyncEvent>(64);
  const run = async () => {
    const session = openAwsSession(ctx, policy);
    const userNames = deferred<Map<string, string> | null>();
    const groups = deferred<Map<string, string> | null>();
    const sets = deferred<PermissionSetFacts[] | null>();
    try {
      await Promise.all([
        syncUsers(channel, session, userNames.resolve),
        syncGroups(channel, session, groups.resolve),
        syncMembers(channel, session, groups.promise),
        syncPermissionSets(channel, session, sets.resolve),
        syncAssignments(channel, session, sets.promise, userNames.promise, groups.promise),
      ]);
    } finally {
      session.close();
    }
  };
  run().then(
    () => channel.close(),
    (error: unknown) => channel.fail(error),
  );
  return channel;
}

async function syncUsers(
  channel: EventChannel<SyncEvent>,
  session: AwsSession,
  publish: (names: Map<string, string> | null) => void,
): Promise<void> {
  const names = new Map<string, string>();
  const complete = await runDataset(
    channel,
    {
      dataset: 'aws.users',
      entity: 'accounts',
      endpoint: 'identitystore:ListUsers',
      query: { MaxResults: '100' },
    },
    classifier('users', 'identitystore:ListUsers'),
    async (out) => {
      const { identityStoreId } = await session.instance();
      for await (const page of pages((NextToken) =>
        session.identitystore.send(
          new ListUsersCommand({ IdentityStoreId: identityStoreId, MaxResults: MAX, NextToken }),
          { abortSignal: session.signal },
        ),
      )) {
        for (const item of page.Users ?? []) {
          const record = awsUserToAccount(parseAws(awsUserSchema, item, 'a user'));
          names.set(record.externalId, record.displayName ?? record.login ?? record.externalId);
          await out.add(record);
        }
      }
      return { endpoints: ['identitystore:ListUsers (MaxResults 100, NextToken; no total reported)'] };
    },
  );
  publish(complete ? names : null);
}

async function syncGroups(
  channel: EventChannel<SyncEvent>,
  session: AwsSession,
  publish: (groups: Map<string, string> | null) => void,
): Promise<void> {
  const groups = new Map<string, string>();
  const complete = await runDataset(
    channel,
    {
      dataset: 'aws.groups',
      entity: 'groups',
      endpoint: 'identitystore:ListGroups',
      query: { MaxResults: '100' },
    },
    classifier('groups', 'identitystore:ListGroups'),
    async (out) => {
      const { identityStoreId } = await session.instance();
      for await (const page of pages((NextToken) =>
        session.identitystore.send(
          new ListGroupsCommand({ IdentityStoreId: identityStoreId, MaxResults: MAX, NextToken }),
          { abortSignal: session.signal },
        ),
      )) {
        for (const item of page.Groups ?? []) {
          const record = awsGroupToRecord(parseAws(awsGroupSchema, item, 'a group'));
          groups.set(record.externalId, record.name);
          await out.add(record);
        }
      }
      return { endpoints: ['identitystore:ListGroups (MaxResults 100, NextToken; no total reported)'] };
    },
  );
  publish(complete ? groups : null);
}

async function syncMembers(
  channel: EventChannel<SyncEvent>,
  session: AwsSession,
  groupsPromise: Promise<Map<string, string> | null>,
): Promise<void> {
  await runDataset(
    channel,
    {
      dataset: 'aws.group_members',
      entity: 'group_members',
      endpoint: 'identitystore:ListGroupMemberships',
      query: { MaxResults: '100' },
    },
    classifier('group memberships', 'identitystore:ListGroupMemberships'),
    async (out) => {
      const groups = await groupsPromise;
      if (!groups)
        throw new Error('The group list could not be read, so no group memberships were collected.');
      const { identityStoreId } = await session.instance();
      await forEachConcurrent([...groups.keys()], FAN_OUT, async (groupId) => {
        for await (const page of pages((NextToken) =>
          session.identitystore.send(
            new ListGroupMembershipsCommand({
              IdentityStoreId: identityStoreId,
              GroupId: groupId,
              MaxResults: MAX,
              NextToken,
            }),
            { abortSignal: session.signal },
          ),
        )) {
          for (const item of page.GroupMemberships ?? []) {
            const member = parseAws(awsMembershipSchema, item, 'a group membership');
            if (member.MemberId?.UserId)
              await out.add({ groupExternalId: groupId, accountExternalId: member.MemberId.UserId });
          }
        }
      });
      return { endpoints: ['identitystore:ListGroupMemberships per group (MaxResults 100, NextToken)'] };
    },
  );
}

async function syncPermissionSets(
  channel: EventChannel<SyncEvent>,
  session: AwsSession,
  publish: (sets: PermissionSetFacts[] | null) => void,
): Promise<void> {
  const facts: PermissionSetFacts[] = [];
  const complete = await runDataset(
    channel,
    {
      dataset: 'aws.permission_sets',
      entity: 'resources',
      endpoint: 'sso:ListPermissionSets',
      query: { MaxResults: '100' },
    },
    classifier('permission sets', 'sso:ListPermissionSets'),
    async (out) => {
      const { instanceArn } = await session.instance();
      const arns: string[] = [];
      for await (const page of pages((NextToken) =>
        session.sso.send(
          new ListPermissionSetsCommand({ InstanceArn: instanceArn, MaxResults: MAX, NextToken }),
          { abortSignal: session.signal },
        ),
      ))
        arns.push(...(page.PermissionSets ?? []));
      const opts = { abortSignal: session.signal };
      await forEachConcurrent(arns, FAN_OUT, async (arn) => {
        const input = { InstanceArn: instanceArn, PermissionSetArn: arn };
        const described = await session.sso.send(new DescribePermissionSetCommand(input), opts);
        const set = parseAws(awsPermissionSetSchema, described.PermissionSet, 'a permission set');
        const managed: string[] = [];
        for await (const page of pages((NextToken) =>
          session.sso.send(
            new ListManagedPoliciesInPermissionSetCommand({ ...input, MaxResults: MAX, NextToken }),
            opts,
          ),
        ))
          managed.push(...(page.AttachedManagedPolicies ?? []).map((p) => p.Name ?? p.Arn ?? '?'));
        const customer: string[] = [];
        for await (const page of pages((NextToken) =>
          session.sso.send(
            new ListCustomerManagedPolicyReferencesInPermissionSetCommand({
              ...input,
              MaxResults: MAX,
              NextToken,
            }),
            opts,
          ),
        ))
          customer.push(
            ...(page.CustomerManagedPolicyReferences ?? []).map((p) => `${p.Path ?? '/'}${p.Name ?? '?'}`),
          );
        const inline = await session.sso.send(new GetInlinePolicyForPermissionSetCommand(input), opts);
        const hasInline = Boolean(inline.InlinePolicy && inline.InlinePolicy.trim());
        const fact: PermissionSetFacts = {
          arn,
          name: set.Name ?? arn,
          managedPolicies: managed.sort(),
          customerManagedPolicies: customer.sort(),
          hasInlinePolicy: hasInline,
          accessLevel: accessLevelOf(managed, customer, hasInline),
        };
        facts.push(fact);
        await out.add(permissionSetToResource(set, fact, instanceArn));
      });
      return {
        endpoints: [
          'sso:ListPermissionSets',
          'sso:DescribePermissionSet',
          'sso:ListManagedPoliciesInPermissionSet',
          'sso:ListCustomerManagedPolicyReferencesInPermissionSet',
          'sso:GetInlinePolicyForPermissionSet',
        ],
      };
    },
  );
  publish(complete ? facts : null);
}

async function syncAssignments(
  channel: EventChannel<SyncEvent>,
  session: AwsSession,
  setsPromise: Promise<PermissionSetFacts[] | null>,
  usersPromise: Promise<Map<string, string> | null>,
  groupsPromise: Promise<Map<string, string> | null>,
): Promise<void> {
  await runDataset(
    channel,
    {
      dataset: 'aws.account_assignments',
      entity: 'resource_grants',
      endpoint: 'sso:ListAccountAssignments',
      query: { MaxResults: '100' },
    },
    classifier('account assignments', 'sso:ListAccountAssignments'),
    async (out) => {
      const sets = await setsPromise;
      if (!sets)
        throw new Error('The permission sets could not be read, so no account assignments were collected.');
      const [users, groups] = await Promise.all([usersPromise, groupsPromise]);
      const { instanceArn } = await session.instance();
      const opts = { abortSignal: session.signal };
      await forEachConcurrent(sets, FAN_OUT, async (set) => {
        const accounts: string[] = [];
        for await (const page of pages((NextToken) =>
          session.sso.send(
            new ListAccountsForProvisionedPermissionSetCommand({
              InstanceArn: instanceArn,
              PermissionSetArn: set.arn,
              MaxResults: MAX,
              NextToken,
            }),
            opts,
          ),
        ))
          accounts.push(...(page.AccountIds ?? []));
        for (const accountId of accounts) {
          for await (const page of pages((NextToken) =>
            session.sso.send(
              new ListAccountAssignmentsCommand({
                InstanceArn: instanceArn,
                AccountId: accountId,
                PermissionSetArn: set.arn,
                MaxResults: MAX,
                NextToken,
              }),
              opts,
            ),
          )) {
            for (const item of page.AccountAssignments ?? []) {
              const a = parseAws(awsAssignmentSchema, item, 'an account assignment');
              const name = (a.PrincipalType === 'GROUP' ? groups : users)?.get(a.PrincipalId) ?? null;
              await out.add(assignmentToGrant(a, set, name));
            }
          }
        }
      });
      return {
        endpoints: [
          'sso:ListAccountsForProvisionedPermissionSet per permission set',
          'sso:ListAccountAssignments per account and permission set',
        ],
      };
    },
  );
}
