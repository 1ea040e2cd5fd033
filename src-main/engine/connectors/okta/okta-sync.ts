// A full Okta sync: six datasets, run concurrently where they do not depend on each other so that every
// rate-limit bucket stays busy; each dataset ends complete or partial with its reason.
import type { Client } from '@okta/okta-sdk-nodejs';
import { forEachConcurrent, deferred } from '../concurrency.ts';
import { runDataset, type DatasetWriter } from '../dataset-runner.ts';
import { EventChannel } from '../event-channel.ts';
import type { ConnectorContext, SyncEvent } from '../types.ts';
import { classifyOktaFailure } from './okta-errors.ts';
import {
  oktaAppToRecord,
  oktaGroupToRecord,
  oktaRoleToRecord,
  oktaUserToAccount,
  type OktaGroupFacts,
} from './okta-mappers.ts';
import { listRawItems } from './okta-raw-pages.ts';
import { syncRetryPolicy } from './okta-request-executor.ts';
import { defaultOktaTuning, openOktaSession, type OktaTuning } from './okta-session.ts';

type Loose = Record<string, unknown>;

/** Fan-out per parent object (group, app, admin); the rate limiter bounds what actually goes out. */
const fanOut = 8;
const deprovisionedSearch = 'status eq "DEPROVISIONED"';

const classifier = (what: string) => (error: unknown) => classifyOktaFailure(error, what);

function isConnectionLevel(error: unknown): boolean {
  const { errorClass } = classifyOktaFailure(error, '');
  return (
    errorClass === 'failed_authentication' ||
    errorClass === 'missing_permissions' ||
    errorClass === 'rate_limited'
  );
}

/** Reads children of many parents; a parent that fails is noted and the rest go on (unless the token is at fault). */
async function readChildren<P>(
  parents: readonly P[],
  out: Pick<DatasetWriter<'group_members'>, 'problems'>,
  describe: (parent: P) => string,
  read: (parent: P) => Promise<void>,
): Promise<void> {
  const failed: string[] = [];
  await forEachConcurrent(parents, fanOut, async (parent) => {
    try {
      await read(parent);
    } catch (error) {
      if (isConnectionLevel(error)) throw error;
      failed.push(`${describe(parent)}: ${classifyOktaFailure(error, describe(parent)).message}`);
    }
  });
  if (failed.length) {
    const shown = failed.slice(0, 3).join('; ');
    out.problems.push(
      `${failed.length} of ${parents.length} could not be read (${shown}${failed.length > 3 ? '; …' : ''}).`,
    );
  }
}

function nextAfter(links: unknown): string | null {
  const href = ((links as Loose | undefined)?.next as Loose | undefined)?.href;
  if (typeof href !== 'string') return null;
  return new URL(href).searchParams.get('after');
}

export function syncOkta(
  ctx: ConnectorContext,
  tuning: OktaTuning = defaultOktaTuning,
): AsyncIterable<SyncEvent> {
  const channel = new EventChannel<SyncEvent>(64);
  const run = async () => {
    const session = openOktaSession(ctx, syncRetryPolicy, tuning);
    const { client } = session;
    const groups = deferred<OktaGroupFacts[] | null>();
    const apps = deferred<string[] | null>();
    try {
      await Promise.all([
        syncUsers(channel, client, session.orgUrl),
        syncGroups(channel, client, session.orgUrl, groups.resolve),
        syncGroupMembers(channel, client, session.orgUrl, groups.promise),
        syncApps(channel, client, apps.resolve),
        syncAppAssignments(channel, client, session.orgUrl, apps.promise),
        syncAdminRoles(channel, client, groups.promise),
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

async function syncUsers(channel: EventChannel<SyncEvent>, client: Client, orgUrl: string): Promise<void> {
  await runDataset(
    channel,
    { dataset: 'okta.users', entity: 'accounts', endpoint: 'GET /api/v1/users', query: { limit: '200' } },
    classifier('users'),
    async (out) => {
      // Okta's default listing leaves out DEPROVISIONED users; auditors need them (terminated people).
      for await (const user of listRawItems(client, orgUrl, '/api/v1/users?limit=200')) {
        await out.add(oktaUserToAccount(user));
      }
      const search = encodeURIComponent(deprovisionedSearch);
      for await (const user of listRawItems(client, orgUrl, `/api/v1/users?search=${search}&limit=200`)) {
        await out.add(oktaUserToAccount(user));
      }
      return {
        endpoints: [
          'GET /api/v1/users?limit=200',
          `GET /api/v1/users?search=${deprovisionedSearch}&limit=200`,
        ],
      };
    },
  );
}

async function syncGroups(
  channel: EventChannel<SyncEvent>,
  client: Client,
  orgUrl: string,
  publish: (groups: OktaGroupFacts[] | null) => void,
): Promise<void> {
  const facts: OktaGroupFacts[] = [];
  const complete = await runDataset(
    channel,
    {
      dataset: 'okta.groups',
      entity: 'groups',
      endpoint: 'GET /api/v1/groups',
      query: { expand: 'stats', limit: '10000' },
    },
    classifier('groups'),
    async (out) => {
      for await (const group of listRawItems(client, orgUrl, '/api/v1/groups?expand=stats&limit=10000')) {
        const fact = oktaGroupToRecord(group);
        facts.push(fact);
        await out.add(fact.record);
      }
      return {};
    },
  );
  publish(complete ? facts : null);
}

async function syncGroupMembers(
  channel: EventChannel<SyncEvent>,
  client: Client,
  orgUrl: string,
  groupsPromise: Promise<OktaGroupFacts[] | null>,
): Promise<void> {
  const groups = await groupsPromise;
  await runDataset(
    channel,
    {
      dataset: 'okta.group_members',
      entity: 'group_members',
      endpoint: 'GET /api/v1/groups/{groupId}/users',
      query: { limit: '1000' },
    },
    classifier('group members'),
    async (out) => {
      if (!groups)
        throw new Error('The group list could not be read, so no group memberships were collected.');
      await readChildren(
        groups,
        out,
        (group) => `group ${group.record.name}`,
        async (group) => {
          const groupId = group.record.externalId;
          for await (const user of await client.groupApi.listGroupUsers({ groupId, limit: 1000 })) {
            await out.add({
              groupExternalId: groupId,
              accountExternalId: String((user as unknown as Loose).id),
            });
          }
        },
      );
      const counts = groups.map((group) => group.record.reportedMemberCount);
      const reportedCount = counts.every((count) => count !== null)
        ? counts.reduce<number>((sum, count) => sum + (count ?? 0), 0)
        : null;
      return { reportedCount };
    },
  );
}

async function syncApps(
  channel: EventChannel<SyncEvent>,
  client: Client,
  publish: (appIds: string[] | null) => void,
): Promise<void> {
  const ids: string[] = [];
  const complete = await runDataset(
    channel,
    { dataset: 'okta.apps', entity: 'apps', endpoint: 'GET /api/v1/apps', query: { limit: '200' } },
    classifier('apps'),
    async (out) => {
      for await (const app of await client.applicationApi.listApplications({ limit: 200 })) {
        const record = oktaAppToRecord(app as unknown as Loose);
        ids.push(record.externalId);
        await out.add(record);
      }
      return {};
    },
  );
  publish(complete ? ids : null);
}

async function syncAppAssignments(
  channel: EventChannel<SyncEvent>,
  client: Client,
  orgUrl: string,
  appsPromise: Promise<string[] | null>,
): Promise<void> {
  const appIds = await appsPromise;
  await runDataset(
    channel,
    {
      dataset: 'okta.app_assignments',
      entity: 'app_assignments',
      endpoint: 'GET /api/v1/apps/{appId}/users',
      query: { limit: '500' },
    },
    classifier('app assignments'),
    async (out) => {
      if (!appIds) throw new Error('The app list could not be read, so no app assignments were collected.');
      await readChildren(
        appIds,
        out,
        (appId) => `app ${appId}`,
        async (appId) => {
          const app = encodeURIComponent(appId);
          for await (const loose of listRawItems(client, orgUrl, `/api/v1/apps/${app}/users?limit=500`)) {
            await out.add({
              appExternalId: appId,
              principalType: 'user',
              principalExternalId: String(loose.id),
              scope: typeof loose.scope === 'string' ? loose.scope : null,
            });
          }
          for await (const assignment of listRawItems(
            client,
            orgUrl,
            `/api/v1/apps/${app}/groups?limit=200`,
          )) {
            await out.add({
              appExternalId: appId,
              principalType: 'group',
              principalExternalId: String(assignment.id),
              scope: 'GROUP',
            });
          }
        },
      );
      return {
        endpoints: ['GET /api/v1/apps/{appId}/users?limit=500', 'GET /api/v1/apps/{appId}/groups?limit=200'],
      };
    },
  );
}

async function syncAdminRoles(
  channel: EventChannel<SyncEvent>,
  client: Client,
  groupsPromise: Promise<OktaGroupFacts[] | null>,
): Promise<void> {
  await runDataset(
    channel,
    {
      dataset: 'okta.admin_roles',
      entity: 'admin_roles',
      endpoint: 'GET /api/v1/iam/assignees/users',
      query: { limit: '100' },
    },
    classifier('admin role assignments'),
    async (out) => {
      const adminUserIds: string[] = [];
      let after: string | null = null;
      do {
        const page = (await client.roleAssignmentApi.listUsersWithRoleAssignments({
          limit: 100,
          ...(after ? { after } : {}),
        })) as unknown as Loose;
        for (const assignee of (page.value as Loose[] | undefined) ?? [])
          adminUserIds.push(String(assignee.id));
        after = nextAfter(page._links);
      } while (after);
      await readChildren(
        adminUserIds,
        out,
        (userId) => `roles of user ${userId}`,
        async (userId) => {
          for await (const role of await client.roleAssignmentApi.listAssignedRolesForUser({ userId })) {
            await out.add(oktaRoleToRecord(role as unknown as Loose, 'user', userId));
          }
        },
      );
      const groups = await groupsPromise;
      if (!groups)
        throw new Error('The group list could not be read, so roles held through groups were not collected.');
      // Group stats say which groups hold admin roles; only those are asked (all of them when stats are missing).
      const adminGroups = groups.filter((group) => group.hasAdminPrivilege !== false);
      await readChildren(
        adminGroups,
        out,
        (group) => `roles of group ${group.record.name}`,
        async (group) => {
          const groupId = group.record.externalId;
          for await (const role of await client.roleAssignmentApi.listGroupAssignedRoles({ groupId })) {
            await out.add(oktaRoleToRecord(role as unknown as Loose, 'group', groupId));
          }
        },
      );
      return {
        endpoints: [
          'GET /api/v1/iam/assignees/users?limit=100',
          'GET /api/v1/users/{userId}/roles',
          'GET /api/v1/groups/{groupId}/roles (groups whose stats show admin privilege)',
        ],
      };
    },
  );
}
