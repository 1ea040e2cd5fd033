// /api/v1/apps: the app listing, single reads, and an app's users and group assignments.
import { oktaErrors } from '../errors.ts';
import { compileExpression, readPath } from '../expressions.ts';
import type { ExpressionRules } from '../expressions.ts';
import type { AppUserEntry, OktaOrgIndex } from '../org-index.ts';
import type { OktaAppRecord, OktaUserRecord } from '../org-types.ts';
import { linkHeader, pageAfter, pageLimit } from '../pagination.ts';
import { appGroupJson, appJson, appUserJson } from '../representations.ts';
import type { Route, RouteContext } from './route.ts';

/**
 * Okta's reference documents 20 per page by default and 200 at most; the OpenAPI description says the
 * default is -1. We follow the reference (see README).
 */
export const APP_PAGE = { defaultLimit: 20, maxLimit: 200 };
export const APP_USER_PAGE = { defaultLimit: 50, maxLimit: 500 };
export const APP_GROUP_PAGE = { defaultLimit: 20, maxLimit: 200 };

const APP_FILTER_RULES: ExpressionRules = {
  caseInsensitiveValues: false,
  operatorsFor: (attribute) =>
    ['id', 'status', 'name', 'user.id', 'group.id', 'credentials.signing.kid'].includes(attribute)
      ? ['eq']
      : undefined,
  isDate: () => false,
};

function appFilterReader(index: OktaOrgIndex) {
  return (app: OktaAppRecord, attribute: string): unknown => {
    if (attribute === 'user.id') return index.appUserIds(app.id);
    if (attribute === 'group.id') return index.org.appGroupAssignments.get(app.id) ?? [];
    return readPath(app, attribute);
  };
}

function listApps({ url, origin, index }: RouteContext) {
  const filter = url.searchParams.get('filter');
  const q = url.searchParams.get('q')?.toLowerCase();
  const filtered =
    filter === null ? () => true : compileExpression(filter, APP_FILTER_RULES, appFilterReader(index));
  const predicate =
    q === undefined
      ? filtered
      : (app: OktaAppRecord) =>
          (app.name.toLowerCase().startsWith(q) || app.label.toLowerCase().startsWith(q)) && filtered(app);
  const limit = pageLimit(url, APP_PAGE);
  const apps = index.org.apps;
  const page = pageAfter(index.appIds, url.searchParams.get('after'), limit, (_id, i) => {
    const app = apps[i] as OktaAppRecord;
    return predicate(app) ? app : undefined;
  });
  return {
    body: page.items.map((app) => appJson(app, origin)),
    links: linkHeader(origin, url, limit, page.nextCursor),
  };
}

export function findApp(index: OktaOrgIndex, id: string): OktaAppRecord {
  const app = index.app(id);
  if (!app) throw oktaErrors.notFound(id, 'AppInstance');
  return app;
}

function listAppUsers({ url, origin, index, params }: RouteContext) {
  const app = findApp(index, params.appId as string);
  const limit = pageLimit(url, APP_USER_PAGE);
  const q = url.searchParams.get('q')?.toLowerCase();
  const expandUser = url.searchParams.get('expand') === 'user';
  const entries = index.appUsers(app.id);
  const matchesQuery = (user: OktaUserRecord) =>
    q === undefined ||
    [user.profile.login, user.profile.firstName, user.profile.lastName, user.profile.email].some((v) =>
      v.toLowerCase().startsWith(q),
    );
  const page = pageAfter(index.appUserIdList(app.id), url.searchParams.get('after'), limit, (_id, i) => {
    const entry = entries[i] as AppUserEntry;
    const user = index.user(entry.userId) as OktaUserRecord;
    return matchesQuery(user) ? appUserJson(entry, user, app, origin, index, expandUser) : undefined;
  });
  return { body: page.items, links: linkHeader(origin, url, limit, page.nextCursor) };
}

function listAppGroups({ url, origin, index, params }: RouteContext) {
  const app = findApp(index, params.appId as string);
  const limit = pageLimit(url, APP_GROUP_PAGE);
  const q = url.searchParams.get('q')?.toLowerCase();
  const expandGroup = url.searchParams.get('expand') === 'group';
  const assigned = index.org.appGroupAssignments.get(app.id) ?? [];
  // Priority order is assignment order; the cursor walks ids, so page over an id-sorted copy.
  const byId = [...assigned].sort();
  const page = pageAfter(byId, url.searchParams.get('after'), limit, (groupId) => {
    const name = index.group(groupId)?.profile.name.toLowerCase() ?? '';
    if (q !== undefined && !name.startsWith(q)) return undefined;
    return appGroupJson(groupId, assigned.indexOf(groupId), app, origin, index, expandGroup);
  });
  return { body: page.items, links: linkHeader(origin, url, limit, page.nextCursor) };
}

export const appRoutes: Route[] = [
  { path: '/api/v1/apps', handle: listApps },
  {
    path: '/api/v1/apps/:appId',
    handle: ({ params, index, origin }) => ({
      body: appJson(findApp(index, params.appId as string), origin),
    }),
  },
  { path: '/api/v1/apps/:appId/users', handle: listAppUsers },
  { path: '/api/v1/apps/:appId/groups', handle: listAppGroups },
];
