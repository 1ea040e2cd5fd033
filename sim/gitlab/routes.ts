// The v4 routes the simulator serves: pure functions of the request, the instance and the caller,
// throwing GitLabHttpError the way GitLab answers. Paths are below `/api/v4`.
import { RawJson } from '../shared/replies.ts';
import { createRouteMatcher } from '../shared/route-table.ts';
import { gitlabTimestamp } from './instance-generator.ts';
import type { GitLabInstanceIndex } from './instance-index.ts';
import type { GroupRecord, ProjectRecord, UserRecord } from './instance-types.ts';
import { gitlabErrors } from './errors.ts';
import { keysetPage, offsetPage } from './pagination.ts';
import type { PageResult } from './pagination.ts';
import {
  currentUserJson,
  groupJson,
  memberJson,
  projectJson,
  userAdminJson,
  userBasicJson,
} from './representations.ts';
import type { Bases } from './representations.ts';
import type { TokenGrant } from './tokens.ts';

export interface RouteContext {
  url: URL;
  params: Record<string, string>;
  index: GitLabInstanceIndex;
  bases: Bases;
  caller: UserRecord;
  token: TokenGrant;
  omitTotals: boolean;
  countSkew: number;
  groupNotFound: boolean;
}

export interface RouteResult {
  body: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  /** Below /api/v4, with `:param` segments. */
  path: string;
  /** The documented operation, for stats and spec checks (`/groups/{id}/members/all`). */
  operation: string;
  handle(ctx: RouteContext): RouteResult;
}

const page = <T>(result: PageResult<T>, render: (item: T) => unknown): RouteResult => ({
  body: new RawJson(JSON.stringify(result.items.map(render))),
  headers: result.headers,
});

const isKeyset = (url: URL) => url.searchParams.get('pagination') === 'keyset';

/** Admins see every group; others the groups they (or a subgroup's membership) reach. */
function visibleGroup(ctx: RouteContext): GroupRecord {
  const group = ctx.index.group(ctx.params.id ?? '');
  if (!group || ctx.groupNotFound) throw gitlabErrors.groupNotFound();
  if (ctx.caller.isAdmin || group.visibility === 'public') return group;
  const reach = [group, ...ctx.index.descendants(group)];
  if (
    reach.some((g) => ctx.index.effectiveGroupMembers(g).some((m) => m.membership.userId === ctx.caller.id))
  )
    return group;
  throw gitlabErrors.groupNotFound();
}

function visibleProject(ctx: RouteContext): ProjectRecord {
  const project = ctx.index.project(ctx.params.id ?? '');
  if (!project) throw gitlabErrors.projectNotFound();
  if (ctx.caller.isAdmin || project.visibility === 'public') return project;
  if (ctx.index.effectiveProjectMembers(project).some((m) => m.membership.userId === ctx.caller.id))
    return project;
  throw gitlabErrors.projectNotFound();
}

/** SAML identities of members are shown to administrators and Owners of the top-level group. */
function samlVisible(ctx: RouteContext): boolean {
  if (ctx.caller.isAdmin) return true;
  const top = ctx.index.groupsById.get(ctx.index.instance.topGroupId) as GroupRecord;
  return ctx.index
    .effectiveGroupMembers(top)
    .some((m) => m.membership.userId === ctx.caller.id && m.membership.accessLevel >= 50);
}

function boolParam(url: URL, name: string): boolean | undefined {
  const raw = url.searchParams.get(name);
  return raw === null ? undefined : raw === 'true';
}

export const ROUTES: readonly Route[] = [
  {
    path: '/user',
    operation: '/user',
    handle: (ctx) => ({ body: currentUserJson(ctx.caller, ctx.bases) }),
  },
  {
    path: '/version',
    operation: '/version',
    handle: () => ({
      body: {
        version: '18.6.1-ee',
        revision: '0a1b2c3d4e5',
        kas: { enabled: false, externalUrl: null, version: null },
        enterprise: true,
      },
    }),
  },
  {
    path: '/personal_access_tokens/self',
    operation: '/personal_access_tokens/self',
    handle: (ctx) => ({
      body: {
        id: ctx.token.id,
        name: `vouch-${ctx.token.name}`,
        revoked: ctx.token.revoked,
        created_at: gitlabTimestamp(ctx.token.createdAt),
        description: 'Read-only token for Vouch',
        scopes: ctx.token.scopes,
        user_id: ctx.token.userId,
        last_used_at: ctx.token.lastUsedAt === null ? null : gitlabTimestamp(ctx.token.lastUsedAt),
        active: !ctx.token.revoked,
        expires_at:
          ctx.token.expiresAt === null ? null : new Date(ctx.token.expiresAt).toISOString().slice(0, 10),
      },
    }),
  },
  {
    path: '/users',
    operation: '/users',
    handle: (ctx) => {
      const { url } = ctx;
      let users: UserRecord[] = ctx.index.instance.users;
      // Non-administrators see active people only, and only their public fields.
      if (!ctx.caller.isAdmin) users = users.filter((u) => u.state === 'active');
      if (boolParam(url, 'active')) users = users.filter((u) => u.state === 'active');
      if (boolParam(url, 'blocked'))
        users = users.filter((u) => u.state === 'blocked' || u.state === 'ldap_blocked');
      if (boolParam(url, 'humans')) users = users.filter((u) => !u.bot);
      if (boolParam(url, 'without_project_bots')) users = users.filter((u) => !u.bot);
      const render = (u: UserRecord) =>
        ctx.caller.isAdmin ? userAdminJson(u, ctx.bases) : userBasicJson(u, ctx.bases);
      return page(
        isKeyset(url) ? keysetPage(users, url) : offsetPage(users, url, ctx.omitTotals, ctx.countSkew),
        render,
      );
    },
  },
  {
    path: '/users/:id',
    operation: '/users/{id}',
    handle: (ctx) => {
      const user = /^\d+$/.test(ctx.params.id ?? '')
        ? ctx.index.usersById.get(Number(ctx.params.id))
        : undefined;
      if (!user) throw gitlabErrors.userNotFound();
      return { body: ctx.caller.isAdmin ? userAdminJson(user, ctx.bases) : userBasicJson(user, ctx.bases) };
    },
  },
  {
    path: '/groups/:id',
    operation: '/groups/{id}',
    handle: (ctx) => ({ body: groupJson(visibleGroup(ctx), ctx.bases) }),
  },
  {
    path: '/groups/:id/descendant_groups',
    operation: '/groups/{id}/descendant_groups',
    handle: (ctx) =>
      page(
        offsetPage(ctx.index.descendants(visibleGroup(ctx)), ctx.url, ctx.omitTotals, ctx.countSkew),
        (g) => groupJson(g, ctx.bases),
      ),
  },
  {
    path: '/groups/:id/subgroups',
    operation: '/groups/{id}/subgroups',
    handle: (ctx) => {
      const group = visibleGroup(ctx);
      const children = ctx.index.descendants(group).filter((g) => g.parentId === group.id);
      return page(offsetPage(children, ctx.url, ctx.omitTotals, ctx.countSkew), (g) =>
        groupJson(g, ctx.bases),
      );
    },
  },
  {
    path: '/groups/:id/projects',
    operation: '/groups/{id}/projects',
    handle: (ctx) => {
      const group = visibleGroup(ctx);
      let projects = ctx.index.projectsOf(group, boolParam(ctx.url, 'include_subgroups') ?? false);
      const archived = boolParam(ctx.url, 'archived');
      if (archived !== undefined) projects = projects.filter((p) => p.archived === archived);
      const render = (p: ProjectRecord) => projectJson(ctx.index, p, ctx.bases);
      return page(
        isKeyset(ctx.url)
          ? keysetPage(projects, ctx.url)
          : offsetPage(projects, ctx.url, ctx.omitTotals, ctx.countSkew),
        render,
      );
    },
  },
  {
    path: '/groups/:id/members',
    operation: '/groups/{id}/members',
    handle: (ctx) => {
      const group = visibleGroup(ctx);
      const saml = samlVisible(ctx);
      const members = [...ctx.index.directGroupMembers(group)].sort((a, b) => a.userId - b.userId);
      return page(offsetPage(members, ctx.url, ctx.omitTotals, ctx.countSkew), (m) =>
        memberJson(ctx.index, m, ctx.bases, saml),
      );
    },
  },
  {
    path: '/groups/:id/members/all',
    operation: '/groups/{id}/members/all',
    handle: (ctx) => {
      const group = visibleGroup(ctx);
      const saml = samlVisible(ctx);
      return page(
        offsetPage(ctx.index.effectiveGroupMembers(group), ctx.url, ctx.omitTotals, ctx.countSkew),
        (m) => memberJson(ctx.index, m.membership, ctx.bases, saml),
      );
    },
  },
  {
    path: '/projects/:id',
    operation: '/projects/{id}',
    handle: (ctx) => ({ body: projectJson(ctx.index, visibleProject(ctx), ctx.bases) }),
  },
  {
    path: '/projects/:id/members',
    operation: '/projects/{id}/members',
    handle: (ctx) => {
      const project = visibleProject(ctx);
      const saml = samlVisible(ctx);
      const members = [...ctx.index.directProjectMembers(project)].sort((a, b) => a.userId - b.userId);
      return page(offsetPage(members, ctx.url, ctx.omitTotals, ctx.countSkew), (m) =>
        memberJson(ctx.index, m, ctx.bases, saml),
      );
    },
  },
  {
    path: '/projects/:id/members/all',
    operation: '/projects/{id}/members/all',
    handle: (ctx) => {
      const project = visibleProject(ctx);
      const saml = samlVisible(ctx);
      return page(
        offsetPage(ctx.index.effectiveProjectMembers(project), ctx.url, ctx.omitTotals, ctx.countSkew),
        (m) => memberJson(ctx.index, m.membership, ctx.bases, saml),
      );
    },
  },
];

export const matchRoute = createRouteMatcher(ROUTES);
