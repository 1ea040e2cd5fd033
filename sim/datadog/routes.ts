// The Datadog endpoints the connector reads: users, roles (with their permissions and users), the
// permission catalogue, and the two key validators. Pure functions of the request and the org.
import { createRouteMatcher } from '../shared/route-table.ts';
import { RawJson } from '../shared/replies.ts';
import { datadogErrors } from './errors.ts';
import type { DatadogFaults } from './faults.ts';
import type { DatadogRoleRecord, DatadogUserRecord, GeneratedDatadogOrg } from './org-types.ts';
import { pageMeta, permissionJson, roleJson, userJson } from './representations.ts';

/** Datadog's page[size]: default 10, at most 100 (page[number] counts from 0). */
export const DATADOG_PAGE = { default: 10, max: 100 } as const;

export interface DatadogRouteContext {
  url: URL;
  params: Record<string, string>;
  org: GeneratedDatadogOrg;
  roleUserCounts: Map<string, number>;
  faults: Readonly<DatadogFaults>;
}

export interface DatadogRoute {
  path: string;
  /** What a scoped application key needs; null for the validators. */
  permission: string | null;
  /** Whether the application key is checked at all (/api/v1/validate checks the API key only). */
  needsAppKey: boolean;
  handle(ctx: DatadogRouteContext): unknown;
}

function paging(url: URL): { size: number; number: number } {
  const rawSize = url.searchParams.get('page[size]');
  const rawNumber = url.searchParams.get('page[number]');
  const size = rawSize === null ? DATADOG_PAGE.default : Number(rawSize);
  const number = rawNumber === null ? 0 : Number(rawNumber);
  if (!Number.isInteger(size) || size < 1 || size > DATADOG_PAGE.max)
    throw datadogErrors.badRequest(`page[size] must be an integer between 1 and ${DATADOG_PAGE.max}`);
  if (!Number.isInteger(number) || number < 0)
    throw datadogErrors.badRequest('page[number] must be a non-negative integer');
  return { size, number };
}

const STATUSES = new Set(['Active', 'Pending', 'Disabled']);

function filterUsers(url: URL, users: readonly DatadogUserRecord[]): readonly DatadogUserRecord[] {
  let out = users;
  const status = url.searchParams.get('filter[status]');
  if (status !== null) {
    const wanted = status.split(',').map((s) => s.trim());
    const unknown = wanted.filter((s) => !STATUSES.has(s));
    if (unknown.length) throw datadogErrors.badRequest(`Invalid filter[status] value: ${unknown.join(',')}`);
    out = out.filter((u) => wanted.includes(u.status));
  }
  const text = url.searchParams.get('filter')?.toLowerCase();
  if (text) out = out.filter((u) => `${u.name} ${u.email} ${u.handle}`.toLowerCase().includes(text));
  return out;
}

function usersPage(
  url: URL,
  ctx: DatadogRouteContext,
  all: readonly DatadogUserRecord[],
  total: number,
): RawJson {
  const { size, number } = paging(url);
  const filtered = filterUsers(url, all);
  const page = filtered.slice(number * size, number * size + size);
  const roleIds = new Set(page.flatMap((u) => u.roleIds));
  const included = ctx.org.roles
    .filter((r) => roleIds.has(r.id))
    .map((r) => roleJson(r, ctx.roleUserCounts.get(r.id) ?? 0, false));
  const skew = ctx.faults.countSkew ?? 0;
  return new RawJson(
    `{"data":[${page.map((u) => userJson(u, ctx.org)).join(',')}],"included":${JSON.stringify(included)},` +
      `"meta":${JSON.stringify(pageMeta(total + skew, filtered.length + skew))}}`,
  );
}

function roleById(ctx: DatadogRouteContext): DatadogRoleRecord {
  const role = ctx.org.roles.find((r) => r.id === ctx.params.roleId);
  if (!role) throw datadogErrors.notFound();
  return role;
}

export const routes: DatadogRoute[] = [
  { path: '/api/v1/validate', permission: null, needsAppKey: false, handle: () => ({ valid: true }) },
  { path: '/api/v2/validate_keys', permission: null, needsAppKey: true, handle: () => ({ status: 'ok' }) },
  {
    path: '/api/v2/users',
    permission: 'user_access_read',
    needsAppKey: true,
    handle: (ctx) => usersPage(ctx.url, ctx, ctx.org.users, ctx.org.users.length),
  },
  {
    path: '/api/v2/roles',
    permission: 'user_access_read',
    needsAppKey: true,
    handle: (ctx) => {
      const { size, number } = paging(ctx.url);
      const text = ctx.url.searchParams.get('filter')?.toLowerCase();
      const roles = text ? ctx.org.roles.filter((r) => r.name.toLowerCase().includes(text)) : ctx.org.roles;
      return {
        data: roles
          .slice(number * size, number * size + size)
          .map((r) => roleJson(r, ctx.roleUserCounts.get(r.id) ?? 0, true)),
        meta: pageMeta(ctx.org.roles.length, roles.length),
      };
    },
  },
  {
    path: '/api/v2/roles/:roleId/permissions',
    permission: 'user_access_read',
    needsAppKey: true,
    handle: (ctx) => {
      const role = roleById(ctx);
      const ids = new Set(role.permissionIds);
      return { data: ctx.org.permissions.filter((p) => ids.has(p.id)).map(permissionJson) };
    },
  },
  {
    path: '/api/v2/roles/:roleId/users',
    permission: 'user_access_read',
    needsAppKey: true,
    handle: (ctx) => {
      const role = roleById(ctx);
      const holders = ctx.org.users.filter((u) => u.roleIds.includes(role.id));
      return usersPage(ctx.url, ctx, holders, holders.length);
    },
  },
  {
    path: '/api/v2/permissions',
    permission: 'user_access_read',
    needsAppKey: true,
    handle: (ctx) => ({ data: ctx.org.permissions.map(permissionJson) }),
  },
];

export const matchRoute = createRouteMatcher(routes);
