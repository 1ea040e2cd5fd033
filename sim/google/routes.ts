// The Directory API routes the connector reads, each with the scopes that allow it and its page cap:
// users 500, groups and members 200, roles 100, role assignments 200; tokens are not paged. `customer`
// is `my_customer` or the customer id; a `domain` must be the customer's own. Paging is by an opaque
// `nextPageToken` in the body, sent back as `pageToken`.
import { createRouteMatcher } from '../shared/route-table.ts';
import { DIRECTORY_SCOPES, SCOPE_IMPLIED_BY } from './catalog.ts';
import type { GoogleDomainIndex } from './domain-index.ts';
import { directoryErrors } from './errors.ts';
import {
  etag,
  groupJson,
  memberJson,
  roleAssignmentJson,
  roleJson,
  tokenJson,
  userJson,
} from './representations.ts';

export interface DirectoryRequest {
  url: URL;
  params: Record<string, string>;
  index: GoogleDomainIndex;
  /** Added to groups' directMembersCount (the countSkew fault). */
  countSkew: number;
}

export interface DirectoryRoute {
  path: string;
  /** The spec's path template (for validation in tests). */
  template: string;
  /** Any one of these scopes allows the call. */
  scope: string;
  handle(request: DirectoryRequest): unknown;
}

const PREFIX = '/admin/directory/v1';

/** Every scope that satisfies `scope` (itself and its broader read-write variants). */
export function scopesAllowing(scope: string): string[] {
  return [scope, ...(SCOPE_IMPLIED_BY[scope] ?? [])];
}

function maxResults(url: URL, defaultValue: number, max: number): number {
  const raw = url.searchParams.get('maxResults');
  if (raw === null) return defaultValue;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw directoryErrors.invalidRange('maxResults', raw, max);
  return value;
}

function pageToken(list: string, offset: number): string {
  return Buffer.from(`${list}\u0000${offset}\u0000v1`).toString('base64url');
}

function offsetOf(url: URL, list: string): number {
  const raw = url.searchParams.get('pageToken');
  if (!raw) return 0;
  const [forList, offset] = Buffer.from(raw, 'base64url').toString('utf8').split('\u0000');
  const value = Number(offset);
  if (forList !== list || !Number.isInteger(value) || value < 0) throw directoryErrors.invalidPageToken();
  return value;
}

function page<T>(
  url: URL,
  list: string,
  items: readonly T[],
  size: number,
  kind: string,
  field: string,
  toJson: (item: T) => unknown,
): Record<string, unknown> {
  const offset = offsetOf(url, list);
  const slice = items.slice(offset, offset + size);
  const body: Record<string, unknown> = { kind, etag: etag(kind, list, String(offset)) };
  // Google omits the array on an empty page.
  if (slice.length > 0) body[field] = slice.map(toJson);
  if (offset + size < items.length) body.nextPageToken = pageToken(list, offset + size);
  return body;
}

function checkCustomer(customer: string | null, index: GoogleDomainIndex): void {
  if (customer !== 'my_customer' && customer !== index.domain.customerId) throw directoryErrors.badRequest();
}

const routes: DirectoryRoute[] = [
  {
    path: `${PREFIX}/users`,
    template: '/admin/directory/v1/users',
    scope: DIRECTORY_SCOPES.users,
    handle({ url, index }) {
      const customer = url.searchParams.get('customer');
      const domain = url.searchParams.get('domain');
      if (customer === null && domain === null) throw directoryErrors.badRequest();
      if (customer !== null) checkCustomer(customer, index);
      if (domain !== null && domain.toLowerCase() !== index.domain.domain)
        throw directoryErrors.notAuthorized();
      const projection = url.searchParams.get('projection') ?? 'basic';
      const deleted = url.searchParams.get('showDeleted') === 'true';
      const size = maxResults(url, 100, 500);
      return page(
        url,
        deleted ? 'deleted-users' : 'users',
        deleted ? index.deletedUsers : index.liveUsers,
        size,
        'admin#directory#users',
        'users',
        (u) => userJson(u, index.domain, projection),
      );
    },
  },
  {
    path: `${PREFIX}/groups`,
    template: '/admin/directory/v1/groups',
    scope: DIRECTORY_SCOPES.groups,
    handle({ url, index, countSkew }) {
      const customer = url.searchParams.get('customer');
      const domain = url.searchParams.get('domain');
      if (customer === null && domain === null) throw directoryErrors.badRequest();
      if (customer !== null) checkCustomer(customer, index);
      if (domain !== null && domain.toLowerCase() !== index.domain.domain)
        throw directoryErrors.notAuthorized();
      return page(
        url,
        'groups',
        index.domain.groups,
        maxResults(url, 200, 200),
        'admin#directory#groups',
        'groups',
        (g) => groupJson(g, countSkew),
      );
    },
  },
  {
    path: `${PREFIX}/groups/:groupKey/members`,
    template: '/admin/directory/v1/groups/{groupKey}/members',
    scope: DIRECTORY_SCOPES.members,
    handle({ url, params, index }) {
      const group = index.group(params.groupKey as string);
      if (!group) throw directoryErrors.notFound('groupKey');
      return page(
        url,
        `members:${group.id}`,
        group.members,
        maxResults(url, 200, 200),
        'admin#directory#members',
        'members',
        (m) => memberJson(m, index.domain, { user: (id) => index.user(id), group: (id) => index.group(id) }),
      );
    },
  },
  {
    path: `${PREFIX}/customer/:customer/roles`,
    template: '/admin/directory/v1/customer/{customer}/roles',
    scope: DIRECTORY_SCOPES.roles,
    handle({ url, params, index }) {
      checkCustomer(params.customer ?? null, index);
      return page(
        url,
        'roles',
        index.domain.roles,
        maxResults(url, 100, 100),
        'admin#directory#roles',
        'items',
        roleJson,
      );
    },
  },
  {
    path: `${PREFIX}/customer/:customer/roleassignments`,
    template: '/admin/directory/v1/customer/{customer}/roleassignments',
    scope: DIRECTORY_SCOPES.roles,
    handle({ url, params, index }) {
      checkCustomer(params.customer ?? null, index);
      const userKey = url.searchParams.get('userKey');
      const roleId = url.searchParams.get('roleId');
      let items = index.domain.roleAssignments;
      if (userKey !== null) {
        const user = index.user(userKey);
        if (!user) throw directoryErrors.notFound('userKey');
        items = items.filter((a) => a.assignedTo === user.id);
      }
      if (roleId !== null) items = items.filter((a) => a.roleId === roleId);
      return page(
        url,
        `roleassignments:${userKey ?? ''}:${roleId ?? ''}`,
        items,
        maxResults(url, 100, 200),
        'admin#directory#roleAssignments',
        'items',
        roleAssignmentJson,
      );
    },
  },
  {
    path: `${PREFIX}/users/:userKey/tokens`,
    template: '/admin/directory/v1/users/{userKey}/tokens',
    scope: DIRECTORY_SCOPES.security,
    handle({ params, index }) {
      const user = index.user(params.userKey as string);
      if (!user) throw directoryErrors.notFound('userKey');
      const tokens = index.domain.tokens.get(user.id) ?? [];
      const body: Record<string, unknown> = {
        kind: 'admin#directory#tokenList',
        etag: etag('tokens', user.id),
      };
      if (tokens.length > 0) body.items = tokens.map((t) => tokenJson(t, user.id));
      return body;
    },
  },
];

export const matchDirectoryRoute = createRouteMatcher(routes);
export const DIRECTORY_ROUTES: readonly DirectoryRoute[] = routes;
