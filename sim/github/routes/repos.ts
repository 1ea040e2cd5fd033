// Organization repositories, a repository's collaborators (with their effective role) and its teams.
import { githubErrors } from '../errors.ts';
import type { Affiliation } from '../org-index.ts';
import type { GitHubUserRecord, RepoPermission, RepoRecord } from '../org-types.ts';
import { paginate } from '../pagination.ts';
import { collaboratorJson, repoJson, teamJson } from '../representations.ts';
import { enumParam, forbidden, orgOf } from './access.ts';
import type { Route, RouteContext } from './route.ts';

const DOCS = {
  list: 'https://docs.github.com/rest/repos/repos#list-organization-repositories',
  collaborators: 'https://docs.github.com/rest/collaborators/collaborators#list-repository-collaborators',
  teams: 'https://docs.github.com/rest/repos/repos#list-repository-teams',
};

const REPO_TYPES = ['all', 'public', 'private', 'forks', 'sources', 'member'] as const;
const SORTS = ['created', 'updated', 'pushed', 'full_name'] as const;

function visible(ctx: RouteContext, repo: RepoRecord): boolean {
  const { userId, access } = ctx.viewer;
  return ctx.index.repoVisibleTo(repo, userId, access?.privateRepos ?? false);
}

/** What the viewer may do on a repository it can see: at least pull. */
function viewerPermission(ctx: RouteContext, repo: RepoRecord): RepoPermission | null {
  const { userId } = ctx.viewer;
  if (userId === null) return null;
  return ctx.index.permissionOf(repo, userId) ?? 'pull';
}

function listRepos(ctx: RouteContext) {
  const org = orgOf(ctx, DOCS.list);
  const type = enumParam(ctx, 'type', REPO_TYPES, 'all', DOCS.list);
  const sort = enumParam(ctx, 'sort', SORTS, 'created', DOCS.list);
  // GitHub: ascending for full_name, otherwise newest first.
  const direction = enumParam(
    ctx,
    'direction',
    ['asc', 'desc'] as const,
    sort === 'full_name' ? 'asc' : 'desc',
    DOCS.list,
  );
  const { userId } = ctx.viewer;
  const repos = ctx.index.org.repos.filter((repo) => {
    if (!visible(ctx, repo)) return false;
    switch (type) {
      case 'public':
        return repo.visibility === 'public';
      case 'private':
        return repo.visibility !== 'public';
      case 'forks':
        return repo.fork;
      case 'sources':
        return !repo.fork;
      case 'member':
        return (
          userId !== null &&
          ((ctx.index.org.repoCollaborators.get(repo.id) ?? []).some((g) => g.id === userId) ||
            ctx.index.repoTeams(repo).some(({ team }) => ctx.index.teamMembers(team.id).has(userId)))
        );
      default:
        return true;
    }
  });
  const key = (repo: RepoRecord): string =>
    sort === 'full_name'
      ? repo.name.toLowerCase()
      : sort === 'updated'
        ? repo.updatedAt
        : sort === 'pushed'
          ? repo.pushedAt
          : repo.createdAt;
  repos.sort((a, b) => {
    const order = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id;
    return direction === 'asc' ? order : -order;
  });
  const page = paginate(repos, ctx.url, `${ctx.bases.api}/organizations/${org.id}/repos`);
  return {
    body: page.items.map((repo) => repoJson(ctx.index, repo, ctx.bases, viewerPermission(ctx, repo))),
    link: page.link,
  };
}

/** `:owner/:repo` or `:repoId`; repositories the viewer cannot see are 404, never 403. */
function repoOf(ctx: RouteContext, docs: string): RepoRecord {
  const { owner, repo: name, repoId } = ctx.params;
  let repo: RepoRecord | undefined;
  if (repoId !== undefined) repo = ctx.index.repo(Number(repoId));
  else if (owner !== undefined && owner.toLowerCase() === ctx.index.org.org.login.toLowerCase()) {
    repo = ctx.index.repoByName(name as string);
  }
  if (!repo || !visible(ctx, repo)) throw githubErrors.notFound(docs);
  return repo;
}

function listCollaborators(ctx: RouteContext) {
  const repo = repoOf(ctx, DOCS.collaborators);
  const { userId, access } = ctx.viewer;
  if (userId === null || access === null) throw githubErrors.requiresAuthentication(DOCS.collaborators);
  // Classic tokens need `read:org` and `repo` (the docs of this endpoint).
  if (access.classic && !(access.orgRead && access.privateRepos))
    forbidden(ctx, DOCS.collaborators, 'metadata=read');
  const permission = ctx.index.permissionOf(repo, userId);
  if (permission === null || permission === 'pull' || permission === 'triage') {
    throw githubErrors.pushAccessForCollaborators(DOCS.collaborators);
  }
  const affiliation: Affiliation = enumParam(
    ctx,
    'affiliation',
    ['all', 'direct', 'outside'] as const,
    'all',
    DOCS.collaborators,
  );
  const wanted = enumParam(
    ctx,
    'permission',
    ['', 'pull', 'triage', 'push', 'maintain', 'admin'] as const,
    '',
    DOCS.collaborators,
  );
  const entries = ctx.index
    .collaborators(repo, affiliation)
    .filter((entry) => wanted === '' || entry.permission === wanted);
  const page = paginate(entries, ctx.url, `${ctx.bases.api}/repositories/${repo.id}/collaborators`);
  return {
    body: page.items.map((entry) =>
      collaboratorJson(ctx.index.user(entry.userId) as GitHubUserRecord, entry.permission, ctx.bases),
    ),
    link: page.link,
  };
}

function listRepoTeams(ctx: RouteContext) {
  const repo = repoOf(ctx, DOCS.teams);
  const teams = ctx.index
    .repoTeams(repo)
    .filter(({ team }) => ctx.index.teamVisibleTo(team, ctx.viewer.userId));
  const page = paginate(teams, ctx.url, `${ctx.bases.api}/repositories/${repo.id}/teams`);
  return {
    body: page.items.map(({ team, permission }) => teamJson(ctx.index, team, ctx.bases, permission)),
    link: page.link,
  };
}

export const repoRoutes: Route[] = [
  ...['/orgs/:org/repos', '/organizations/:orgId/repos'].map((path) => ({
    path,
    operation: '/orgs/{org}/repos',
    docs: DOCS.list,
    acceptedScopes: '',
    acceptedPermissions: 'metadata=read',
    orgScoped: true,
    handle: listRepos,
  })),
  ...['/repos/:owner/:repo/collaborators', '/repositories/:repoId/collaborators'].map((path) => ({
    path,
    operation: '/repos/{owner}/{repo}/collaborators',
    docs: DOCS.collaborators,
    acceptedScopes: 'read:org, repo',
    acceptedPermissions: 'metadata=read',
    orgScoped: true,
    handle: listCollaborators,
  })),
  ...['/repos/:owner/:repo/teams', '/repositories/:repoId/teams'].map((path) => ({
    path,
    operation: '/repos/{owner}/{repo}/teams',
    docs: DOCS.teams,
    acceptedScopes: 'public_repo, repo',
    acceptedPermissions: 'metadata=read',
    orgScoped: true,
    handle: listRepoTeams,
  })),
];
