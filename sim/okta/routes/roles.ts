// /api/v1/iam/assignees/users: every user holding an admin role, directly or through a group. Unlike the
// other listings it pages through `_links.next` in the body (RoleAssignedUsers), not a Link header.
import { firstIndexAfter } from '../org-index.ts';
import { nextPageUrl, pageLimit } from '../pagination.ts';
import type { Route, RouteContext } from './route.ts';

/** Okta documents a default of 100; no maximum is documented, so we do not go above the default. */
export const ROLE_ASSIGNEE_PAGE = { defaultLimit: 100, maxLimit: 100 };

function listAdmins({ url, origin, index }: RouteContext) {
  const ids = index.adminUserIds();
  const limit = pageLimit(url, ROLE_ASSIGNEE_PAGE);
  const after = url.searchParams.get('after');
  const start = after === null ? 0 : firstIndexAfter(ids, after);
  const pageIds = ids.slice(start, start + limit);
  const hasMore = start + limit < ids.length;
  return {
    body: {
      value: pageIds.map((id) => ({
        id,
        orn: `orn:okta:directory:${index.org.orgId}:users:${id}`,
        _links: {
          self: { href: `${origin}/api/v1/users/${id}` },
          roles: { href: `${origin}/api/v1/users/${id}/roles` },
        },
      })),
      _links: hasMore
        ? { next: { href: nextPageUrl(origin, url, limit, pageIds[pageIds.length - 1] as string) } }
        : {},
    },
  };
}

export const roleRoutes: Route[] = [{ path: '/api/v1/iam/assignees/users', handle: listAdmins }];
