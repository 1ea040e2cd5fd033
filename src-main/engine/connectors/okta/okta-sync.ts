// A full Okta sync: six datasets, run concurrently where they do not depend on each other so that every
// rate-limit bucket stays busy; each dataset ends complete or partial with its reason.
import { forEachConcurrent, deferred } from '../concurrency.ts';
import { runDataset, type DatasetWriter } from '../dataset-runner.ts';
import { EventChannel } from '../event-channel.ts';
import type { ConnectorContext, SyncEvent } from '../types.ts';
import { classifyOktaFailure } from './okta-errors.ts';
import {
  oktaAppSchema,
  oktaAppToRecord,
  oktaAppUserSchema,
  oktaAssigneePageSchema,
  oktaGroupSchema,
  oktaGroupToRecord,
  oktaIdSchema,
  oktaRoleSchema,
  oktaRoleToRecord,
  oktaUserSchema,
  oktaUserToAccount,
  federatedIdKey,
  federatedIdReader,
  parseOkta,
  type FederatedIdReader,
  type OktaGroupFacts,
} from './okta-mappers.ts';
import { getRawJson, listRawPages } from './okta-raw-pages.ts';
import { syncRetryPolicy } from './okta-request-executor.ts';
import {
  defaultOktaTuning,
  openOktaHttpSession,
  type OktaHttp,
  type OktaTuning,
} from './okta-http-session.ts';

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

function nextAfter(href: string | null | undefined): string | null {
  if (!href) return null;
  return new URL(href).searchParams.get('after');
}

export function syncOkta(
  ctx: ConnectorContext,
  tuning: OktaTuning = defaultOktaTuning,
): AsyncIterable<SyncEvent> {
  const channel = new EventChannel<SyncEvent>(64);
  const run = async () => {
    const session = openOktaHttpSession(ctx, syncRetryPolicy, tuning);
    const client = session.http;
    const groups = deferred<OktaGroupFacts[] | null>();
    const apps = deferred<string[] | null>();
    try {
      await Promise.all([
        syncUsers(channel, client, session.orgUrl, federatedIdReader(ctx.config.federatedIdAttribute)),
        syncGroups(channel, client, session.orgUrl, groups.resolve),
        syncGroupMembers(channel, client, session.orgUrl, groups.promise),
        syncApps(channel, client, session.orgUrl, apps.resolve),
        syncAppAssignments(channel, client, session.orgUrl, apps.promise),
        syncAdminRoles(channel, client, session.orgUrl, groups.promise),
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
  client: OktaHttp,
  orgUrl: string,
  federatedId: FederatedIdReader | null,
): Promise<void> {
  await runDataset(
    channel,
    { dataset: 'okta.users', entity: 'accounts', endpoint: 'GET /api/v1/users', query: { limit: '200' } },
    classifier('users'),
    async (out) => {
      // Okta's default listing leaves out DEPROVISIONED users; auditors need them (terminated people).
      const search = encodeURIComponent(deprovisionedSearch);
      for (const query of ['/api/v1/users?limit=200', `/api/v1/users?search=${search}&limit=200`]) {
        for await (const page of listRawPages(client, orgUrl, query)) {
          for (const item of page) {
            const account = oktaUserToAccount(parseOkta(oktaUserSchema, item, 'a user'));
            if (federatedId) account.attributes[federatedIdKey] = federatedId(item);
            await out.add(account);
          }
        }
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
  client: OktaHttp,
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
      for await (const page of listRawPages(client, orgUrl, '/api/v1/groups?expand=stats&limit=10000')) {
        for (const item of page) {
          const fact = oktaGroupToRecord(parseOkta(oktaGroupSchema, item, 'a group'));
          facts.push(fact);
          await out.add(fact.record);
        }
      }
      return {};
    },
  );
  publish(complete ? facts : null);
}

async function syncGroupMembers(
  channel: EventChannel<SyncEvent>,
  client: OktaHttp,
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
          const members = `/api/v1/groups/${encodeURIComponent(groupId)}/users?limit=1000`;
          for await (const page of listRawPages(client, orgUrl, members)) {
            for (const item of page) {
              const member = parseOkta(oktaIdSchema, item, 'a group member');
              await out.add({ groupExternalId: groupId, accountExternalId: member.id });
            }
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
  client: OktaHttp,
  orgUrl: string,
  publish: (appIds: string[] | null) => void,
): Promise<void> {
  const ids: string[] = [];
  const complete = await runDataset(
    channel,
    { dataset: 'okta.apps', entity: 'apps', endpoint: 'GET /api/v1/apps', query: { limit: '200' } },
    classifier('apps'),
    async (out) => {
      for await (const page of listRawPages(client, orgUrl, '/api/v1/apps?limit=200')) {
        for (const item of page) {
          const record = oktaAppToRecord(parseOkta(oktaAppSchema, item, 'an app'));
          ids.push(record.externalId);
          await out.add(record);
        }
      }
      return {};
    },
  );
  publish(complete ? ids : null);
}

async function syncAppAssignments(
  channel: EventChannel<SyncEvent>,
  client: OktaHttp,
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
          for await (const page of listRawPages(client, orgUrl, `/api/v1/apps/${app}/users?limit=500`)) {
            for (const item of page) {
              const user = parseOkta(oktaAppUserSchema, item, 'an app user');
              await out.add({
                appExternalId: appId,
                principalType: 'user',
                principalExternalId: user.id,
                scope: user.scope ?? null,
              });
            }
          }
          for await (const page of listRawPages(client, orgUrl, `/api/v1/apps/${app}/groups?limit=200`)) {
            for (const item of page) {
              const assignment = parseOkta(oktaIdSchema, item, 'an app group assignment');
              await out.add({
                appExternalId: appId,
                principalType: 'group',
                principalExternalId: assignment.id,
                scope: 'GROUP',
              });
            }
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
  client: OktaHttp,
  orgUrl: string,
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
        const query = `/api/v1/iam/assignees/users?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`;
        const page = parseOkta(
          oktaAssigneePageSchema,
          await getRawJson(client, orgUrl, query),
          'a page of admins',
        );
        for (const assignee of page.value ?? []) adminUserIds.push(assignee.id);
        after = nextAfter(page._links?.next?.href);
      } while (after);
      await readChildren(
        adminUserIds,
        out,
        (userId) => `roles of user ${userId}`,
        async (userId) => {
          const roles = `/api/v1/users/${encodeURIComponent(userId)}/roles`;
          for await (const page of listRawPages(client, orgUrl, roles)) {
            for (const item of page)
              await out.add(oktaRoleToRecord(parseOkta(oktaRoleSchema, item, 'a role'), 'user', userId));
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
          const roles = `/api/v1/groups/${encodeURIComponent(groupId)}/roles`;
          for await (const page of listRawPages(client, orgUrl, roles)) {
            for (const item of page)
              await out.add(oktaRoleToRecord(parseOkta(oktaRoleSchema, item, 'a role'), 'group', groupId));
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
