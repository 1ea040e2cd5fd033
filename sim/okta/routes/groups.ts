// /api/v1/groups: the listing (with `expand=stats`), single reads, members and group role assignments.
import { oktaErrors } from '../errors.ts';
import { compileExpression, readPath } from '../expressions.ts';
import type { ExpressionRules, Operator, Predicate } from '../expressions.ts';
import type { OktaOrgIndex } from '../org-index.ts';
import type { OktaGroupRecord } from '../org-types.ts';
import { linkHeader, pageAfter, pageLimit } from '../pagination.ts';
import { groupJson, groupStats, roleJson, userListJson } from '../representations.ts';
import type { Route, RouteContext } from './route.ts';

/** Okta documents a maximum of 10000 groups per page (and recommends asking for 200 or fewer). */
export const GROUP_PAGE = { defaultLimit: 10_000, maxLimit: 10_000 };
/** `q` is not paged; Okta caps it at 300 results by default. */
const GROUP_QUERY_PAGE = { defaultLimit: 300, maxLimit: 10_000 };
export const GROUP_MEMBER_PAGE = { defaultLimit: 1000, maxLimit: 1000 };

const DATES = new Set(['created', 'lastUpdated', 'lastMembershipUpdated']);
const ORDERED: readonly Operator[] = ['eq', 'gt', 'ge', 'lt', 'le'];

export const GROUP_SEARCH_RULES: ExpressionRules = {
  caseInsensitiveValues: true,
  operatorsFor(attribute) {
    if (attribute === 'profile.name' || attribute === 'profile.description') return ['eq', 'sw', 'co', 'pr'];
    if (/^profile\.[A-Za-z0-9_]+$/.test(attribute) || attribute === 'id' || attribute === 'type')
      return ['eq', 'sw', 'pr'];
    if (DATES.has(attribute)) return [...ORDERED, 'pr'];
    return undefined;
  },
  isDate: (attribute) => DATES.has(attribute),
};

export const GROUP_FILTER_RULES: ExpressionRules = {
  caseInsensitiveValues: false,
  operatorsFor(attribute) {
    if (attribute === 'id' || attribute === 'type') return ['eq'];
    if (attribute === 'lastUpdated' || attribute === 'lastMembershipUpdated') return ORDERED;
    return undefined;
  },
  isDate: (attribute) => DATES.has(attribute),
};

function groupPredicate(url: URL): Predicate<OktaGroupRecord> {
  const search = url.searchParams.get('search');
  if (search !== null) return compileExpression(search, GROUP_SEARCH_RULES, readPath);
  const filter = url.searchParams.get('filter');
  if (filter !== null) return compileExpression(filter, GROUP_FILTER_RULES, readPath);
  return () => true;
}

function listGroups({ url, origin, index, countSkew }: RouteContext) {
  const withStats = (url.searchParams.get('expand') ?? '').split(',').includes('stats');
  const skewed = index.org.groups[0]?.id;
  const stats = (group: OktaGroupRecord) => {
    const counted = groupStats(index, group);
    return group.id === skewed ? { ...counted, usersCount: counted.usersCount + countSkew } : counted;
  };
  const render = (group: OktaGroupRecord) => groupJson(group, origin, withStats ? stats(group) : undefined);
  const groups = index.org.groups;
  const q = url.searchParams.get('q');
  if (q !== null && !url.searchParams.has('search') && !url.searchParams.has('filter')) {
    // `q` is a name-prefix lookup for pickers: not paged.
    const limit = pageLimit(url, GROUP_QUERY_PAGE);
    const prefix = q.toLowerCase();
    const found = groups.filter((g) => g.profile.name.toLowerCase().startsWith(prefix)).slice(0, limit);
    return { body: found.map(render), links: linkHeader(origin, url, limit, undefined) };
  }
  const predicate = groupPredicate(url);
  const limit = pageLimit(url, GROUP_PAGE);
  const page = pageAfter(index.groupIds, url.searchParams.get('after'), limit, (_id, i) => {
    const group = groups[i] as OktaGroupRecord;
    return predicate(group) ? group : undefined;
  });
  return { body: page.items.map(render), links: linkHeader(origin, url, limit, page.nextCursor) };
}

export function findGroup(index: OktaOrgIndex, id: string): OktaGroupRecord {
  const group = index.group(id);
  if (!group) throw oktaErrors.notFound(id, 'UserGroup');
  return group;
}

function listMembers({ url, origin, index, params }: RouteContext) {
  const group = findGroup(index, params.groupId as string);
  const limit = pageLimit(url, GROUP_MEMBER_PAGE);
  const page = pageAfter(index.members(group.id), url.searchParams.get('after'), limit, (id) =>
    index.user(id),
  );
  return {
    body: userListJson(page.items, origin),
    links: linkHeader(origin, url, limit, page.nextCursor),
  };
}

export const groupRoutes: Route[] = [
  { path: '/api/v1/groups', handle: listGroups },
  {
    path: '/api/v1/groups/:groupId',
    handle: ({ params, index, origin }) => ({
      body: groupJson(findGroup(index, params.groupId as string), origin),
    }),
  },
  { path: '/api/v1/groups/:groupId/users', handle: listMembers },
  {
    path: '/api/v1/groups/:groupId/roles',
    handle: ({ params, index, origin }) => {
      const group = findGroup(index, params.groupId as string);
      return { body: index.rolesOfGroup(group.id).map((role) => roleJson(role, origin)) };
    },
  },
];
