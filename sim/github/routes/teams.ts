// Teams: the list, one team by slug, its members (child teams' members included) and its child teams.
// Each also answers on the id-based routes GitHub's Link headers point at.
import { githubErrors } from '../errors.ts';
import type { GitHubUserRecord, TeamRecord } from '../org-types.ts';
import { paginate } from '../pagination.ts';
import { teamFullJson, teamJson, teamMemberJson } from '../representations.ts';
import { enumParam, orgOf, requireOrgInternals } from './access.ts';
import type { Route, RouteContext } from './route.ts';

const DOCS = {
  list: 'https://docs.github.com/rest/teams/teams#list-teams',
  get: 'https://docs.github.com/rest/teams/teams#get-a-team-by-name',
  members: 'https://docs.github.com/rest/teams/members#list-team-members',
  children: 'https://docs.github.com/rest/teams/teams#list-child-teams',
};

const SCOPES = 'admin:org, read:org, repo, write:org';

function visibleTeams(ctx: RouteContext, teams: readonly TeamRecord[]): TeamRecord[] {
  return teams.filter((team) => ctx.index.teamVisibleTo(team, ctx.viewer.userId)).sort((a, b) => a.id - b.id);
}

/** `:team_slug` or `:teamId`; a team the viewer cannot see is 404, as GitHub answers for secret teams. */
function teamOf(ctx: RouteContext, docs: string): TeamRecord {
  orgOf(ctx, docs);
  requireOrgInternals(ctx, docs);
  const { team_slug: slug, teamId } = ctx.params;
  const team =
    slug !== undefined
      ? ctx.index.teamBySlug(slug)
      : teamId !== undefined
        ? ctx.index.team(Number(teamId))
        : undefined;
  if (!team || !ctx.index.teamVisibleTo(team, ctx.viewer.userId)) throw githubErrors.notFound(docs);
  return team;
}

function listTeams(ctx: RouteContext) {
  const org = orgOf(ctx, DOCS.list);
  requireOrgInternals(ctx, DOCS.list);
  const page = paginate(
    visibleTeams(ctx, ctx.index.org.teams),
    ctx.url,
    `${ctx.bases.api}/organizations/${org.id}/teams`,
  );
  return { body: page.items.map((team) => teamJson(ctx.index, team, ctx.bases)), link: page.link };
}

function listMembers(ctx: RouteContext) {
  const team = teamOf(ctx, DOCS.members);
  const role = enumParam(ctx, 'role', ['all', 'maintainer', 'member'] as const, 'all', DOCS.members);
  const entries = [...ctx.index.teamMembers(team.id).values()].filter(
    (entry) =>
      role === 'all' || (role === 'maintainer') === (entry.role === 'maintainer' && !entry.inherited),
  );
  const orgId = ctx.index.org.org.id;
  const page = paginate(entries, ctx.url, `${ctx.bases.api}/organizations/${orgId}/team/${team.id}/members`);
  return {
    body: page.items.map((entry) =>
      teamMemberJson(
        ctx.index.user(entry.userId) as GitHubUserRecord,
        entry,
        ctx.bases,
        ctx.teamMemberRoleFields,
      ),
    ),
    link: page.link,
  };
}

function listChildren(ctx: RouteContext) {
  const team = teamOf(ctx, DOCS.children);
  const orgId = ctx.index.org.org.id;
  const page = paginate(
    visibleTeams(ctx, ctx.index.childTeams(team.id)),
    ctx.url,
    `${ctx.bases.api}/organizations/${orgId}/team/${team.id}/teams`,
  );
  return { body: page.items.map((child) => teamJson(ctx.index, child, ctx.bases)), link: page.link };
}

const common = { acceptedScopes: SCOPES, acceptedPermissions: 'members=read', orgScoped: true };

export const teamRoutes: Route[] = [
  ...['/orgs/:org/teams', '/organizations/:orgId/teams'].map((path) => ({
    ...common,
    path,
    operation: '/orgs/{org}/teams',
    docs: DOCS.list,
    handle: listTeams,
  })),
  {
    ...common,
    path: '/orgs/:org/teams/:team_slug',
    operation: '/orgs/{org}/teams/{team_slug}',
    docs: DOCS.get,
    handle: (ctx) => ({ body: teamFullJson(ctx.index, teamOf(ctx, DOCS.get), ctx.bases) }),
  },
  ...['/orgs/:org/teams/:team_slug/members', '/organizations/:orgId/team/:teamId/members'].map((path) => ({
    ...common,
    path,
    operation: '/orgs/{org}/teams/{team_slug}/members',
    docs: DOCS.members,
    handle: listMembers,
  })),
  ...['/orgs/:org/teams/:team_slug/teams', '/organizations/:orgId/team/:teamId/teams'].map((path) => ({
    ...common,
    path,
    operation: '/orgs/{org}/teams/{team_slug}/teams',
    docs: DOCS.children,
    handle: listChildren,
  })),
];
