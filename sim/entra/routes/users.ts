// /users: the listing (default 100 per page, 999 at most, 120 at most once signInActivity is selected),
// its count, and single users by id or userPrincipalName.
import type { FilterRules } from '../filter.ts';
import { USER } from '../representations.ts';
import type { EntraUserRecord } from '../tenant-types.ts';
import { countCollection, getOne, listCollection, requireAny, requireAuditLogAndPremium } from './route.ts';
import type { GraphRequest, GraphRoute, ListSpec } from './route.ts';

export const USER_PAGE = { default: 100, max: 999 };
/** Microsoft: with signInActivity selected or filtered, pages hold at most 120 users. */
export const SIGN_IN_ACTIVITY_PAGE_MAX = 120;

export const USER_READ = ['User.Read.All', 'Directory.Read.All'] as const;

const SIGN_IN_DATES = { basic: ['eq', 'ge', 'le', 'gt', 'lt'], advanced: ['ne'], kind: 'datetime' } as const;

export const USER_FILTER: FilterRules = {
  resource: 'User',
  properties: {
    id: { basic: ['eq', 'in'], advanced: ['ne'], kind: 'string' },
    userPrincipalName: { basic: ['eq', 'startswith', 'in'], advanced: ['ne', 'endswith'], kind: 'string' },
    displayName: { basic: ['eq', 'startswith', 'in'], advanced: ['ne', 'endswith'], kind: 'string' },
    mail: { basic: ['eq', 'startswith', 'in'], advanced: ['ne', 'endswith'], kind: 'string' },
    givenName: { basic: ['eq', 'startswith', 'in'], advanced: ['ne'], kind: 'string' },
    surname: { basic: ['eq', 'startswith', 'in'], advanced: ['ne'], kind: 'string' },
    accountEnabled: { basic: ['eq'], advanced: ['ne'], kind: 'boolean' },
    userType: { basic: ['eq', 'in'], advanced: ['ne'], kind: 'string' },
    externalUserState: { basic: ['eq', 'in'], advanced: ['ne'], kind: 'string' },
    createdDateTime: { basic: [], advanced: ['eq', 'ne', 'ge', 'le', 'gt', 'lt', 'in'], kind: 'datetime' },
    'signInActivity/lastSignInDateTime': SIGN_IN_DATES,
    'signInActivity/lastNonInteractiveSignInDateTime': SIGN_IN_DATES,
    'signInActivity/lastSuccessfulSignInDateTime': SIGN_IN_DATES,
  },
};

const touchesSignIn = (select: readonly string[] | undefined, filtered: ReadonlySet<string>): boolean =>
  (select?.includes('signInActivity') ?? false) || [...filtered].some((p) => p.startsWith('signInActivity/'));

function userSpec(request: GraphRequest): ListSpec<EntraUserRecord> {
  return {
    type: USER,
    items: request.index.tenant.users,
    contextPath: 'users',
    filterRules: USER_FILTER,
    size: USER_PAGE,
    counted: 'users',
    checkQuery: (select, filtered) => {
      if (touchesSignIn(select, filtered)) requireAuditLogAndPremium(request);
    },
    sizeFor: (select, filtered) =>
      touchesSignIn(select, filtered)
        ? { default: USER_PAGE.default, max: SIGN_IN_ACTIVITY_PAGE_MAX }
        : USER_PAGE,
  };
}

function findUser(request: GraphRequest, key: string): EntraUserRecord | undefined {
  const lower = key.toLowerCase();
  const byId = request.index.user(lower);
  if (byId) return byId;
  return request.index.tenant.users.find((u) => u.userPrincipalName.toLowerCase() === lower);
}

export const userRoutes: GraphRoute[] = [
  {
    path: '/v1.0/users',
    handle: (request) => {
      requireAny(request, USER_READ);
      return listCollection(request, userSpec(request));
    },
  },
  {
    path: '/v1.0/users/$count',
    handle: (request) => {
      requireAny(request, USER_READ);
      return countCollection(request, userSpec(request));
    },
  },
  {
    path: '/v1.0/users/:id',
    handle: (request) => {
      requireAny(request, USER_READ);
      const id = request.params.id as string;
      return getOne(request, USER, findUser(request, id), id, 'users', (select) => {
        if (select?.includes('signInActivity')) requireAuditLogAndPremium(request);
      });
    },
  },
];
