// A full Datadog sync: roles (with their permission names), then one listing of every user that feeds three
// datasets: users, service accounts (users with service_account: true) and role assignments (each user's
// roles relationship). Counts come from meta.page.total_count and the roles' user_count; a dataset whose
// rows disagree with them ends partial.
import { v2 } from '@datadog/datadog-api-client';
import { deferred, forEachConcurrent } from '../concurrency.ts';
import { runDataset } from '../dataset-runner.ts';
import { EventChannel } from '../event-channel.ts';
import type { ConnectorContext, SyncEvent } from '../types.ts';
import { classifyDatadogFailure } from './datadog-errors.ts';
import {
  datadogPermissionSchema,
  datadogRoleSchema,
  datadogRoleToRecord,
  datadogUserSchema,
  datadogUserToAccount,
  MANAGED_ROLE_NAMES,
  pageMetaSchema,
  parseDatadog,
  roleAssignment,
  type DatadogUser,
} from './datadog-mappers.ts';
import { openDatadogSession, syncPolicy, type DatadogPolicy } from './datadog-session.ts';

const PERMISSION = 'user_access_read';
/** Datadog's page[size] maximum. */
const PAGE_SIZE = 100;
/** Pages of users in flight at once; the rate-limit pacing bounds what actually goes out. */
const PAGES_IN_FLIGHT = 4;

interface RoleFacts {
  name: string;
  managed: boolean;
  userCount: number | null;
}

interface UserListing {
  users: DatadogUser[];
  reportedTotal: number | null;
}

const classifier = (what: string) => (error: unknown) => classifyDatadogFailure(error, what, PERMISSION);

export function syncDatadog(
  ctx: ConnectorContext,
  policy: DatadogPolicy = syncPolicy,
): AsyncIterable<SyncEvent> {
  const channel = new EventChannel<SyncEvent>(64);
  const run = async () => {
    const session = openDatadogSession(ctx, policy);
    const roles = new v2.RolesApi(session.configuration);
    const users = new v2.UsersApi(session.configuration);
    const roleFacts = deferred<Map<string, RoleFacts> | null>();
    const listing = deferred<{ ok: true; value: UserListing } | { ok: false; error: unknown }>();
    try {
      await Promise.all([
        syncRoles(channel, roles, roleFacts.resolve),
        syncUsers(channel, users, roleFacts.promise, listing.resolve),
        syncServiceAccounts(channel, roleFacts.promise, listing.promise),
        syncRoleAssignments(channel, roleFacts.promise, listing.promise),
      ]);
    } finally {
      await session.close();
    }
  };
  run().then(
    () => channel.close(),
    (error: unknown) => channel.fail(error),
  );
  return channel;
}

async function syncRoles(
  channel: EventChannel<SyncEvent>,
  api: v2.RolesApi,
  publish: (facts: Map<string, RoleFacts> | null) => void,
): Promise<void> {
  const facts = new Map<string, RoleFacts>();
  const complete = await runDataset(
    channel,
    {
      dataset: 'datadog.roles',
      entity: 'roles',
      endpoint: 'GET /api/v2/roles',
      query: { 'page[size]': '100' },
    },
    classifier('roles'),
    async (out) => {
      const catalogue = await api.listPermissions();
      const permissionNames = new Map<string, string>();
      for (const item of catalogue.data ?? []) {
        const permission = parseDatadog(datadogPermissionSchema, item, 'a permission');
        permissionNames.set(permission.id, permission.attributes?.name ?? permission.id);
      }
      let reportedCount: number | null = null;
      let perRoleCalls = false;
      for (let pageNumber = 0; ; pageNumber++) {
        const page = await api.listRoles({ pageSize: PAGE_SIZE, pageNumber });
        reportedCount =
          parseDatadog(pageMetaSchema, page.meta, 'the roles page meta')?.page?.totalCount ?? null;
        const items = page.data ?? [];
        for (const item of items) {
          const role = parseDatadog(datadogRoleSchema, item, 'a role');
          let ids = role.relationships?.permissions?.data?.map((p) => p.id);
          // A role listed without its permissions, or naming one the catalogue lacks: ask for its own list.
          if (!ids || ids.some((p) => !permissionNames.has(p))) {
            perRoleCalls = true;
            const own = await api.listRolePermissions({ roleId: role.id });
            ids = [];
            for (const entry of own.data ?? []) {
              const permission = parseDatadog(datadogPermissionSchema, entry, 'a permission');
              permissionNames.set(permission.id, permission.attributes?.name ?? permission.id);
              ids.push(permission.id);
            }
          }
          const record = datadogRoleToRecord(
            role,
            ids.map((p) => permissionNames.get(p) ?? p),
          );
          facts.set(role.id, {
            name: record.name,
            managed: MANAGED_ROLE_NAMES.has(record.name),
            userCount: role.attributes?.userCount ?? null,
          });
          await out.add(record);
        }
        if (items.length < PAGE_SIZE) break;
      }
      return {
        reportedCount,
        endpoints: [
          'GET /api/v2/permissions',
          'GET /api/v2/roles?page[size]=100&page[number]=N',
          ...(perRoleCalls ? ['GET /api/v2/roles/{role_id}/permissions'] : []),
        ],
      };
    },
  );
  publish(complete ? facts : null);
}

/** Every user, page 0 first for the total, then the remaining pages a few at a time; ids deduplicated. */
async function listAllUsers(api: v2.UsersApi): Promise<UserListing> {
  const byId = new Map<string, DatadogUser>();
  const readPage = async (pageNumber: number): Promise<{ count: number; total: number | null }> => {
    const page = await api.listUsers({ pageSize: PAGE_SIZE, pageNumber });
    const total = parseDatadog(pageMetaSchema, page.meta, 'the users page meta')?.page?.totalCount ?? null;
    const items = page.data ?? [];
    for (const item of items) {
      const user = parseDatadog(datadogUserSchema, item, 'a user');
      byId.set(user.id, user);
    }
    return { count: items.length, total };
  };
  const first = await readPage(0);
  let reportedTotal = first.total;
  let next = 1;
  if (first.count === PAGE_SIZE && reportedTotal !== null) {
    const pages = Math.ceil(reportedTotal / PAGE_SIZE);
    const numbers = Array.from({ length: Math.max(0, pages - 1) }, (_, i) => i + 1);
    let lastFull = true;
    await forEachConcurrent(numbers, PAGES_IN_FLIGHT, async (n) => {
      const read = await readPage(n);
      if (n === pages - 1) lastFull = read.count === PAGE_SIZE;
      reportedTotal = read.total ?? reportedTotal;
    });
    next = lastFull ? pages : -1;
  } else if (first.count < PAGE_SIZE) {
    next = -1;
  }
  // Users added while listing push the end further out: read on until a short page.
  while (next >= 0) {
    const read = await readPage(next);
    reportedTotal = read.total ?? reportedTotal;
    next = read.count === PAGE_SIZE ? next + 1 : -1;
  }
  return { users: [...byId.values()], reportedTotal };
}

async function syncUsers(
  channel: EventChannel<SyncEvent>,
  api: v2.UsersApi,
  rolesPromise: Promise<Map<string, RoleFacts> | null>,
  publish: (listing: { ok: true; value: UserListing } | { ok: false; error: unknown }) => void,
): Promise<void> {
  let published = false;
  await runDataset(
    channel,
    {
      dataset: 'datadog.users',
      entity: 'accounts',
      endpoint: 'GET /api/v2/users',
      query: { 'page[size]': '100' },
    },
    classifier('users'),
    async (out) => {
      let listing: UserListing;
      try {
        listing = await listAllUsers(api);
      } catch (error) {
        published = true;
        publish({ ok: false, error });
        throw error;
      }
      published = true;
      publish({ ok: true, value: listing });
      const names = roleNames(await rolesPromise);
      let serviceAccounts = 0;
      for (const user of listing.users) {
        if (user.attributes?.serviceAccount) serviceAccounts++;
        else await out.add(datadogUserToAccount(user, names));
      }
      return {
        // total_count covers service accounts too; they are their own dataset.
        reportedCount: listing.reportedTotal === null ? null : listing.reportedTotal - serviceAccounts,
        endpoints: ['GET /api/v2/users?page[size]=100&page[number]=N'],
      };
    },
  ).finally(() => {
    if (!published) publish({ ok: false, error: new Error('The user listing did not run.') });
  });
}

function roleNames(facts: Map<string, RoleFacts> | null): Map<string, string> {
  return new Map([...(facts ?? new Map<string, RoleFacts>())].map(([id, f]) => [id, f.name]));
}

async function awaitListing(
  promise: Promise<{ ok: true; value: UserListing } | { ok: false; error: unknown }>,
): Promise<UserListing> {
  const listing = await promise;
  if (!listing.ok) throw listing.error;
  return listing.value;
}

async function syncServiceAccounts(
  channel: EventChannel<SyncEvent>,
  rolesPromise: Promise<Map<string, RoleFacts> | null>,
  listingPromise: Promise<{ ok: true; value: UserListing } | { ok: false; error: unknown }>,
): Promise<void> {
  await runDataset(
    channel,
    {
      dataset: 'datadog.service_accounts',
      entity: 'accounts',
      endpoint: 'GET /api/v2/users',
      query: { 'page[size]': '100' },
    },
    classifier('service accounts'),
    async (out) => {
      const listing = await awaitListing(listingPromise);
      const names = roleNames(await rolesPromise);
      for (const user of listing.users)
        if (user.attributes?.serviceAccount) await out.add(datadogUserToAccount(user, names));
      // Datadog reports no count of service accounts alone: the users' total covers both datasets.
      if (listing.reportedTotal !== null && listing.reportedTotal !== listing.users.length) {
        out.problems.push(
          `Datadog reported ${listing.reportedTotal} users and service accounts but listed ${listing.users.length}, so service accounts may be missing.`,
        );
      }
      return { endpoints: ['GET /api/v2/users?page[size]=100&page[number]=N (service_account: true)'] };
    },
  );
}

async function syncRoleAssignments(
  channel: EventChannel<SyncEvent>,
  rolesPromise: Promise<Map<string, RoleFacts> | null>,
  listingPromise: Promise<{ ok: true; value: UserListing } | { ok: false; error: unknown }>,
): Promise<void> {
  await runDataset(
    channel,
    {
      dataset: 'datadog.role_assignments',
      entity: 'admin_roles',
      endpoint: 'GET /api/v2/users',
      query: { 'page[size]': '100' },
    },
    classifier('role assignments'),
    async (out) => {
      const listing = await awaitListing(listingPromise);
      const facts = await rolesPromise;
      for (const user of listing.users)
        for (const role of user.relationships?.roles?.data ?? [])
          await out.add(roleAssignment(user, role.id, facts?.get(role.id)));
      // Without the roles the assignments are still every user's roles relationship, labelled by role id;
      // only the holder counts to reconcile with are missing.
      if (!facts) return {};
      const counts = [...facts.values()].map((f) => f.userCount);
      const reportedCount = counts.every((c) => c !== null)
        ? counts.reduce<number>((sum, c) => sum + (c ?? 0), 0)
        : null;
      return {
        reportedCount,
        endpoints: [
          'GET /api/v2/users?page[size]=100&page[number]=N (relationships.roles)',
          'GET /api/v2/roles (user_count)',
        ],
      };
    },
  );
}
