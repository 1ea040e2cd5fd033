// Records to GitHub's JSON, with every URL on the simulator: `api` is where the REST API is served
// (`https://127.0.0.1:PORT` or `.../api/v3`, as GitHub Enterprise Server), `web` the HTML origin.
// Field sets and order follow what api.github.com sends; README.md lists the deliberate omissions.
export { RawJson } from '../shared/replies.ts';
import type { GitHubOrgIndex, TeamMemberEntry } from './org-index.ts';
import type { GitHubUserRecord, OrgSettings, RepoPermission, RepoRecord, TeamRecord } from './org-types.ts';
import { PERMISSION_ORDER } from './org-index.ts';

export interface Bases {
  api: string;
  web: string;
}

const ROLE_NAMES: Record<RepoPermission, string> = {
  pull: 'read',
  triage: 'triage',
  push: 'write',
  maintain: 'maintain',
  admin: 'admin',
};

export function permissionsHash(permission: RepoPermission): Record<RepoPermission, boolean> {
  const rank = PERMISSION_ORDER.indexOf(permission);
  return {
    admin: rank >= PERMISSION_ORDER.indexOf('admin'),
    maintain: rank >= PERMISSION_ORDER.indexOf('maintain'),
    push: rank >= PERMISSION_ORDER.indexOf('push'),
    triage: rank >= PERMISSION_ORDER.indexOf('triage'),
    pull: true,
  };
}

export function simpleUser(user: Pick<GitHubUserRecord, 'login' | 'id' | 'nodeId'>, b: Bases, type = 'User') {
  const api = `${b.api}/users/${user.login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: user.nodeId,
    avatar_url: `${b.web}/avatars/u/${user.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${b.web}/${user.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** Simple-user JSON strings, per API base: member pages of a 50k-member org are joins of these. */
export class UserJsonCache {
  private readonly byBase = new Map<string, Map<number, string>>();

  constructor(private readonly index: GitHubOrgIndex) {}

  simpleUser(userId: number, b: Bases): string {
    let cache = this.byBase.get(b.api);
    if (!cache) {
      cache = new Map();
      this.byBase.set(b.api, cache);
    }
    let json = cache.get(userId);
    if (json === undefined) {
      json = JSON.stringify(simpleUser(this.index.user(userId) as GitHubUserRecord, b));
      cache.set(userId, json);
    }
    return json;
  }
}

export function collaboratorJson(user: GitHubUserRecord, permission: RepoPermission, b: Bases) {
  return {
    ...simpleUser(user, b),
    permissions: permissionsHash(permission),
    role_name: ROLE_NAMES[permission],
  };
}

/** `role` and `inherited` appear only where GitHub has enabled them for the org (an option). */
export function teamMemberJson(user: GitHubUserRecord, entry: TeamMemberEntry, b: Bases, withRole: boolean) {
  return withRole
    ? { ...simpleUser(user, b), role: entry.role, inherited: entry.inherited }
    : simpleUser(user, b);
}

/** `GET /users/{username}` (public-user), and `GET /user` without the `user` scope. */
export function publicUser(user: GitHubUserRecord, b: Bases) {
  return {
    ...simpleUser(user, b),
    name: user.name,
    company: user.company,
    blog: user.blog,
    location: user.location,
    email: user.email,
    hireable: user.hireable,
    bio: user.bio,
    twitter_username: user.twitterUsername,
    public_repos: user.publicRepos,
    public_gists: user.publicGists,
    followers: user.followers,
    following: user.following,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

/** `GET /user` with the `user` scope: private profile fields, `user_view_type: private`. */
export function privateUser(user: GitHubUserRecord, b: Bases) {
  return {
    ...publicUser(user, b),
    user_view_type: 'private',
    notification_email: user.person?.email ?? user.email,
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 1024,
    collaborators: 0,
    two_factor_authentication: user.twoFactor !== 'none',
    plan: { name: 'pro', space: 976562499, collaborators: 0, private_repos: 9999 },
  };
}

function orgUrls(org: OrgSettings, b: Bases) {
  const api = `${b.api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: org.nodeId,
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${b.web}/avatars/u/${org.id}?v=4`,
    description: org.description,
  };
}

export function organizationSimple(org: OrgSettings, b: Bases) {
  return orgUrls(org, b);
}

export interface OrgView {
  /** Owner with `admin:org` (classic) or Administration read (fine-grained): the full settings. */
  full: boolean;
  plan: boolean;
}

export function organizationJson(index: GitHubOrgIndex, b: Bases, view: OrgView) {
  const { org } = index.org;
  const repos = index.org.repos;
  const publicRepos = repos.filter((r) => r.visibility === 'public').length;
  const base = {
    ...orgUrls(org, b),
    name: org.name,
    blog: org.blog,
    ...(org.location === null ? {} : { location: org.location }),
    ...(org.email === null ? {} : { email: org.email }),
    twitter_username: null,
    is_verified: org.isVerified,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: publicRepos,
    public_gists: 0,
    followers: 12,
    following: 0,
    html_url: `${b.web}/${org.login}`,
    created_at: org.createdAt,
    updated_at: org.updatedAt,
    archived_at: null,
    type: 'Organization',
  };
  if (!view.full) return base;
  const privateCount = repos.length - publicRepos;
  return {
    ...base,
    total_private_repos: privateCount,
    owned_private_repos: privateCount,
    private_gists: 0,
    disk_usage: repos.reduce((sum, r) => sum + r.size, 0),
    collaborators: index.org.outsideCollaboratorIds.length,
    billing_email: org.billingEmail,
    ...(view.plan
      ? {
          plan: {
            name: org.plan.name,
            space: 976562499,
            private_repos: 999999,
            filled_seats: org.plan.filledSeats,
            seats: org.plan.seats,
          },
        }
      : {}),
    default_repository_permission: org.defaultRepositoryPermission,
    default_repository_branch: 'main',
    members_can_create_repositories: org.membersCanCreateRepositories,
    two_factor_requirement_enabled: org.twoFactorRequirementEnabled,
    members_allowed_repository_creation_type: org.membersCanCreateRepositories
      ? org.membersCanCreatePublicRepositories
        ? 'all'
        : 'private'
      : 'none',
    members_can_create_public_repositories: org.membersCanCreatePublicRepositories,
    members_can_create_private_repositories: org.membersCanCreatePrivateRepositories,
    members_can_create_internal_repositories: org.membersCanCreateInternalRepositories,
    // Deprecated in favour of code security configurations, yet still sent to owners.
    dependency_graph_enabled_for_new_repositories: false,
    dependabot_alerts_enabled_for_new_repositories: false,
    dependabot_security_updates_enabled_for_new_repositories: false,
    advanced_security_enabled_for_new_repositories: false,
    secret_scanning_enabled_for_new_repositories: false,
    secret_scanning_push_protection_enabled_for_new_repositories: false,
    members_can_create_pages: true,
    members_can_create_public_pages: true,
    members_can_create_private_pages: true,
    members_can_delete_repositories: false,
    members_can_change_repo_visibility: false,
    members_can_invite_outside_collaborators: org.membersCanInviteOutsideCollaborators,
    members_can_delete_issues: false,
    display_commenter_full_name_setting_enabled: false,
    readers_can_create_discussions: true,
    members_can_create_teams: true,
    members_can_view_dependency_insights: true,
    members_can_fork_private_repositories: org.membersCanForkPrivateRepositories,
    web_commit_signoff_required: org.webCommitSignoffRequired,
    deploy_keys_enabled_for_repositories: true,
    secret_scanning_push_protection_custom_link_enabled: false,
    secret_scanning_push_protection_custom_link: null,
  };
}

export function membershipJson(index: GitHubOrgIndex, user: GitHubUserRecord, b: Bases) {
  const { org } = index.org;
  const member = index.member(user.id);
  const invitation = index.org.invitations.find((i) => i.userId === user.id);
  return {
    url: `${b.api}/orgs/${org.login}/memberships/${user.login}`,
    state: member ? 'active' : 'pending',
    role: member?.role ?? invitation?.role ?? 'member',
    organization_url: `${b.api}/orgs/${org.login}`,
    organization: organizationSimple(org, b),
    user: simpleUser(user, b),
    // Org membership here is always direct: the simulator has no enterprise teams.
    direct_membership: true,
    enterprise_teams_providing_indirect_membership: [],
  };
}

function teamSimple(index: GitHubOrgIndex, team: TeamRecord, b: Bases) {
  const orgId = index.org.org.id;
  const api = `${b.api}/organizations/${orgId}/team/${team.id}`;
  return {
    name: team.name,
    id: team.id,
    node_id: team.nodeId,
    slug: team.slug,
    description: team.description,
    privacy: team.privacy,
    notification_setting: team.notificationSetting,
    url: api,
    html_url: `${b.web}/orgs/${index.org.org.login}/teams/${team.slug}`,
    members_url: `${api}/members{/member}`,
    repositories_url: `${api}/repos`,
    type: 'organization',
    organization_id: orgId,
  };
}

/** A team; in a repository's context with its role there and `access_source`. */
export function teamJson(index: GitHubOrgIndex, team: TeamRecord, b: Bases, onRepo?: RepoPermission) {
  const parent = team.parentId === null ? undefined : index.team(team.parentId);
  const simple = teamSimple(index, team, b);
  return {
    ...simple,
    permission: onRepo ?? 'pull',
    ...(onRepo ? { permissions: permissionsHash(onRepo) } : {}),
    parent: parent ? { ...teamSimple(index, parent, b), permission: 'pull' } : null,
    ...(onRepo ? { access_source: 'direct' } : {}),
  };
}

/** `GET /orgs/{org}/teams/{team_slug}`: the team with counts, timestamps and its organization. */
export function teamFullJson(index: GitHubOrgIndex, team: TeamRecord, b: Bases) {
  const repos = [...index.org.repoTeams.values()].filter((grants) =>
    grants.some((g) => g.id === team.id),
  ).length;
  return {
    ...teamJson(index, team, b),
    members_count: index.teamMembers(team.id).size,
    repos_count: repos,
    created_at: team.createdAt,
    updated_at: team.updatedAt,
    organization: organizationJson(index, b, { full: false, plan: false }),
  };
}

export function repoJson(
  index: GitHubOrgIndex,
  repo: RepoRecord,
  b: Bases,
  viewerPermission: RepoPermission | null,
) {
  const { org } = index.org;
  const fullName = `${org.login}/${repo.name}`;
  const api = `${b.api}/repos/${fullName}`;
  const host = new URL(b.web).host;
  return {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: fullName,
    private: repo.visibility !== 'public',
    owner: simpleUser({ login: org.login, id: org.id, nodeId: org.nodeId }, b, 'Organization'),
    html_url: `${b.web}/${fullName}`,
    description: repo.description,
    fork: repo.fork,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    pushed_at: repo.pushedAt,
    git_url: `git://${host}/${fullName}.git`,
    ssh_url: `git@${host}:${fullName}.git`,
    clone_url: `${b.web}/${fullName}.git`,
    svn_url: `${b.web}/${fullName}`,
    homepage: null,
    size: repo.size,
    stargazers_count: repo.stargazers,
    watchers_count: repo.watchers,
    language: repo.language,
    has_issues: repo.hasIssues,
    has_projects: repo.hasProjects,
    has_downloads: true,
    has_wiki: repo.hasWiki,
    has_pages: repo.hasPages,
    has_discussions: repo.hasDiscussions,
    forks_count: repo.forks,
    mirror_url: null,
    archived: repo.archived,
    disabled: false,
    open_issues_count: repo.openIssues,
    license: null,
    allow_forking: repo.visibility === 'public',
    is_template: repo.isTemplate,
    web_commit_signoff_required: false,
    topics: repo.topics,
    visibility: repo.visibility,
    forks: repo.forks,
    open_issues: repo.openIssues,
    watchers: repo.watchers,
    default_branch: repo.defaultBranch,
    ...(viewerPermission ? { permissions: permissionsHash(viewerPermission) } : {}),
  };
}
