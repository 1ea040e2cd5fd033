// /api/v1/users: the listing (default, `search`, `filter`, `q`), single reads, a user's groups and roles.
import { oktaErrors } from '../errors.ts';
import { compileExpression, readPath } from '../expressions.ts';
import type { ExpressionRules, Operator, Predicate } from '../expressions.ts';
import type { OktaOrgIndex } from '../org-index.ts';
import type { OktaUserRecord } from '../org-types.ts';
import { linkHeader, pageAfter, pageLimit } from '../pagination.ts';
import { groupJson, roleJson, userInFull, userListJson } from '../representations.ts';
import type { Route, RouteContext } from './route.ts';

/** Okta: default and maximum page size 200 for list users. */
export const USER_PAGE = { defaultLimit: 200, maxLimit: 200 };
/** With `q` Okta defaults to 10 results and does not paginate. */
const USER_QUERY_PAGE = { defaultLimit: 10, maxLimit: 200 };

const DATES = new Set(['created', 'activated', 'statusChanged', 'lastUpdated']);
const CONTAINS_ALLOWED = new Set(['profile.firstName', 'profile.lastName', 'profile.email', 'profile.login']);
const ALL: readonly Operator[] = ['eq', 'sw', 'co', 'gt', 'ge', 'lt', 'le', 'pr'];
const NO_CONTAINS: readonly Operator[] = ['eq', 'sw', 'gt', 'ge', 'lt', 'le', 'pr'];

/** `search`: any profile attribute plus the documented top-level ones; `co` only on four names. */
export const USER_SEARCH_RULES: ExpressionRules = {
  caseInsensitiveValues: true,
  operatorsFor(attribute) {
    if (CONTAINS_ALLOWED.has(attribute)) return ALL;
    if (
      /^profile\.[A-Za-z0-9_]+$/.test(attribute) ||
      attribute === 'id' ||
      attribute === 'status' ||
      attribute === 'type.id'
    ) {
      return NO_CONTAINS;
    }
    if (DATES.has(attribute)) return ['eq', 'gt', 'ge', 'lt', 'le', 'pr'];
    return undefined;
  },
  isDate: (attribute) => DATES.has(attribute),
};

/** `filter`: seven properties, `eq` only, plus orderings on lastUpdated; values are case-sensitive. */
export const USER_FILTER_RULES: ExpressionRules = {
  caseInsensitiveValues: false,
  operatorsFor(attribute) {
    if (attribute === 'lastUpdated') return ['eq', 'gt', 'ge', 'lt', 'le'];
    const eqOnly = [
      'status',
      'id',
      'profile.login',
      'profile.email',
      'profile.firstName',
      'profile.lastName',
    ];
    return eqOnly.includes(attribute) ? ['eq'] : undefined;
  },
  isDate: (attribute) => attribute === 'lastUpdated',
};

function userPredicate(url: URL): Predicate<OktaUserRecord> {
  const search = url.searchParams.get('search');
  if (search !== null) return compileExpression(search, USER_SEARCH_RULES, readPath);
  const filter = url.searchParams.get('filter');
  if (filter !== null) return compileExpression(filter, USER_FILTER_RULES, readPath);
  // The plain listing (and `q`) leaves deprovisioned users out; only search and filter return them.
  return (user) => user.status !== 'DEPROVISIONED';
}

function listUsers({ url, origin, index }: RouteContext) {
  const q = url.searchParams.get('q');
  if (q !== null && url.searchParams.get('search') === null && url.searchParams.get('filter') === null) {
    const prefix = q.toLowerCase();
    const limit = pageLimit(url, USER_QUERY_PAGE);
    const matches = (value: string) => value.toLowerCase().startsWith(prefix);
    const found = index.org.users
      .filter(
        (u) =>
          u.status !== 'DEPROVISIONED' &&
          (matches(u.profile.firstName) || matches(u.profile.lastName) || matches(u.profile.email)),
      )
      .slice(0, limit);
    return { body: userListJson(found, origin), links: linkHeader(origin, url, limit, undefined) };
  }
  const predicate = userPredicate(url);
  const limit = pageLimit(url, USER_PAGE);
  const users = index.org.users;
  const page = pageAfter(index.userIds, url.searchParams.get('after'), limit, (_id, i) => {
    const user = users[i] as OktaUserRecord;
    return predicate(user) ? user : undefined;
  });
  return {
    body: userListJson(page.items, origin),
    links: linkHeader(origin, url, limit, page.nextCursor),
  };
}

export function findUser(index: OktaOrgIndex, key: string): OktaUserRecord {
  const user = key === 'me' ? index.user(index.org.tokenOwnerId) : index.userByIdOrLogin(key);
  if (!user) throw oktaErrors.notFound(key, 'User');
  return user;
}

export const userRoutes: Route[] = [
  { path: '/api/v1/users', handle: listUsers },
  {
    path: '/api/v1/users/:id',
    handle: ({ params, index, origin }) => ({
      body: userInFull(findUser(index, params.id as string), origin),
    }),
  },
  {
    path: '/api/v1/users/:id/groups',
    handle: ({ params, index, origin }) => {
      const user = findUser(index, params.id as string);
      return { body: index.groupsOfUser(user.id).map((id) => groupJson(index.group(id)!, origin)) };
    },
  },
  {
    path: '/api/v1/users/:userId/roles',
    handle: ({ params, index, origin }) => {
      const user = findUser(index, params.userId as string);
      return { body: index.rolesOfUser(user.id).map((role) => roleJson(role, origin)) };
    },
  },
];
