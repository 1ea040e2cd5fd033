// Derived views over the generated org, as GitHub computes them: team membership including child teams,
// effective repository roles (owner, base permission, team grants inherited by child teams, direct
// grants: the highest wins), and what a given viewer may see.
import type {
  GeneratedGitHubOrg,
  GitHubUserRecord,
  OrgMemberRecord,
  RepoPermission,
  RepoRecord,
  TeamRecord,
  TeamRole,
} from './org-types.ts';

export const PERMISSION_ORDER: readonly RepoPermission[] = ['pull', 'triage', 'push', 'maintain', 'admin'];

export function higher(a: RepoPermission | null, b: RepoPermission | null): RepoPermission | null {
  if (a === null) return b;
  if (b === null) return a;
  return PERMISSION_ORDER.indexOf(a) >= PERMISSION_ORDER.indexOf(b) ? a : b;
}

const BASE: Record<string, RepoPermission | null> = {
  read: 'pull',
  write: 'push',
  admin: 'admin',
  none: null,
};

export interface TeamMemberEntry {
  userId: number;
  role: TeamRole;
  /** True when the user is on the team only through a child team. */
  inherited: boolean;
}

export interface CollaboratorEntry {
  userId: number;
  permission: RepoPermission;
}

export type Affiliation = 'all' | 'direct' | 'outside';

export class GitHubOrgIndex {
  private readonly usersById = new Map<number, GitHubUserRecord>();
  private readonly usersByLogin = new Map<string, GitHubUserRecord>();
  private readonly membersById = new Map<number, OrgMemberRecord>();
  private readonly invitees = new Set<number>();
  private readonly outside = new Set<number>();
  private readonly teamsById = new Map<number, TeamRecord>();
  private readonly teamsBySlug = new Map<string, TeamRecord>();
  private readonly children = new Map<number, TeamRecord[]>();
  private readonly reposById = new Map<number, RepoRecord>();
  private readonly reposByName = new Map<string, RepoRecord>();
  /** Team id -> everyone on the team or a descendant team. */
  private readonly closure = new Map<number, Map<number, TeamMemberEntry>>();
  /** User id -> teams the user is directly on. */
  private readonly directTeams = new Map<number, number[]>();
  private readonly collaboratorCache = new Map<number, CollaboratorEntry[]>();

  constructor(readonly org: GeneratedGitHubOrg) {
    for (const user of org.users) {
      this.usersById.set(user.id, user);
      this.usersByLogin.set(user.login.toLowerCase(), user);
    }
    for (const member of org.members) this.membersById.set(member.userId, member);
    for (const invitation of org.invitations) this.invitees.add(invitation.userId);
    for (const id of org.outsideCollaboratorIds) this.outside.add(id);
    for (const team of org.teams) {
      this.teamsById.set(team.id, team);
      this.teamsBySlug.set(team.slug, team);
      if (team.parentId !== null) {
        const siblings = this.children.get(team.parentId) ?? [];
        siblings.push(team);
        this.children.set(team.parentId, siblings);
      }
    }
    for (const [teamId, members] of org.teamMembers) {
      for (const m of members) {
        const list = this.directTeams.get(m.userId) ?? [];
        list.push(teamId);
        this.directTeams.set(m.userId, list);
      }
    }
    for (const repo of org.repos) {
      this.reposById.set(repo.id, repo);
      this.reposByName.set(repo.name.toLowerCase(), repo);
    }
  }

  user(id: number): GitHubUserRecord | undefined {
    return this.usersById.get(id);
  }

  /** Logins are case-insensitive on GitHub. */
  userByLogin(login: string): GitHubUserRecord | undefined {
    return this.usersByLogin.get(login.toLowerCase());
  }

  member(userId: number): OrgMemberRecord | undefined {
    return this.membersById.get(userId);
  }

  isOwner(userId: number | null): boolean {
    return userId !== null && this.membersById.get(userId)?.role === 'admin';
  }

  isInvited(userId: number): boolean {
    return this.invitees.has(userId);
  }

  isOutsideCollaborator(userId: number | null): boolean {
    return userId !== null && this.outside.has(userId);
  }

  team(id: number): TeamRecord | undefined {
    return this.teamsById.get(id);
  }

  teamBySlug(slug: string): TeamRecord | undefined {
    return this.teamsBySlug.get(slug.toLowerCase());
  }

  childTeams(teamId: number): TeamRecord[] {
    return this.children.get(teamId) ?? [];
  }

  repo(id: number): RepoRecord | undefined {
    return this.reposById.get(id);
  }

  repoByName(name: string): RepoRecord | undefined {
    return this.reposByName.get(name.toLowerCase());
  }

  /** Direct members first; members of descendant teams are `inherited` (with the role `member`). */
  teamMembers(teamId: number): Map<number, TeamMemberEntry> {
    let members = this.closure.get(teamId);
    if (!members) {
      members = new Map();
      for (const m of this.org.teamMembers.get(teamId) ?? []) {
        members.set(m.userId, { userId: m.userId, role: m.role, inherited: false });
      }
      for (const child of this.childTeams(teamId)) {
        for (const userId of this.teamMembers(child.id).keys()) {
          if (!members.has(userId)) members.set(userId, { userId, role: 'member', inherited: true });
        }
      }
      members = new Map([...members].sort((a, b) => a[0] - b[0]));
      this.closure.set(teamId, members);
    }
    return members;
  }

  /** Secret teams are visible to owners and to their own members only. */
  teamVisibleTo(team: TeamRecord, viewerId: number | null): boolean {
    if (team.privacy === 'closed') return viewerId !== null && this.member(viewerId) !== undefined;
    return this.isOwner(viewerId) || (viewerId !== null && this.teamMembers(team.id).has(viewerId));
  }

  /** The user's highest role on the repository from every source, or null without access. */
  permissionOf(repo: RepoRecord, userId: number): RepoPermission | null {
    let best: RepoPermission | null = null;
    const member = this.membersById.get(userId);
    if (member) {
      if (member.role === 'admin') return 'admin';
      best = BASE[this.org.org.defaultRepositoryPermission] ?? null;
      for (const grant of this.org.repoTeams.get(repo.id) ?? []) {
        if (this.teamMembers(grant.id).has(userId)) best = higher(best, grant.permission);
      }
    }
    for (const grant of this.org.repoCollaborators.get(repo.id) ?? []) {
      if (grant.id === userId) best = higher(best, grant.permission);
    }
    return best;
  }

  /** Whether the viewer can see the repository at all (otherwise GitHub answers 404). */
  repoVisibleTo(repo: RepoRecord, viewerId: number | null, privateRepos: boolean): boolean {
    if (repo.visibility === 'public') return true;
    if (!privateRepos || viewerId === null) return false;
    if (repo.visibility === 'internal' && this.member(viewerId)) return true;
    return this.permissionOf(repo, viewerId) !== null;
  }

  /** Everyone with access (`all`), users added directly (`direct`), or non-members added directly (`outside`). */
  collaborators(repo: RepoRecord, affiliation: Affiliation): CollaboratorEntry[] {
    const direct = this.org.repoCollaborators.get(repo.id) ?? [];
    if (affiliation === 'direct' || affiliation === 'outside') {
      return direct
        .filter((g) => affiliation === 'direct' || !this.membersById.has(g.id))
        .map((g) => ({ userId: g.id, permission: this.permissionOf(repo, g.id) ?? g.permission }));
    }
    let all = this.collaboratorCache.get(repo.id);
    if (!all) {
      const entries: CollaboratorEntry[] = [];
      for (const member of this.org.members) {
        const permission = this.permissionOf(repo, member.userId);
        if (permission !== null) entries.push({ userId: member.userId, permission });
      }
      for (const grant of direct) {
        if (!this.membersById.has(grant.id)) entries.push({ userId: grant.id, permission: grant.permission });
      }
      all = entries.sort((a, b) => a.userId - b.userId);
      // Keep a few: an org with 50k members and a read base permission has 50k collaborators per repo.
      if (this.collaboratorCache.size >= 16)
        this.collaboratorCache.delete(this.collaboratorCache.keys().next().value as number);
      this.collaboratorCache.set(repo.id, all);
    }
    return all;
  }

  /** Teams granted access to the repository directly. */
  repoTeams(repo: RepoRecord): Array<{ team: TeamRecord; permission: RepoPermission }> {
    return (this.org.repoTeams.get(repo.id) ?? [])
      .map((grant) => ({ team: this.team(grant.id) as TeamRecord, permission: grant.permission }))
      .sort((a, b) => a.team.id - b.team.id);
  }

  directTeamsOf(userId: number): number[] {
    return this.directTeams.get(userId) ?? [];
  }
}
