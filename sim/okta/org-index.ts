// Lookups the routes need over a generated org: by id, by login, reverse memberships, the effective app
// users (direct and through groups) and the effective admins. Derived views are built on first use and
// kept, because the org never changes while a simulator runs.
import type {
  GeneratedOktaOrg,
  OktaAppRecord,
  OktaGroupRecord,
  OktaRoleAssignmentRecord,
  OktaUserRecord,
} from './org-types.ts';

export interface AppUserEntry {
  userId: string;
  /** USER when assigned directly (which wins over any group), GROUP when only through a group. */
  scope: 'USER' | 'GROUP';
  /** For GROUP scope: the highest-priority assigned group the user is a member of. */
  groupId?: string;
}

/** Index of the first id strictly greater than `after` in an ascending list: Okta's cursor semantics. */
export function firstIndexAfter(sortedIds: readonly string[], after: string): number {
  let lo = 0;
  let hi = sortedIds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sortedIds[mid] as string) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class OktaOrgIndex {
  readonly userIds: string[];
  readonly groupIds: string[];
  readonly appIds: string[];
  private readonly usersById = new Map<string, OktaUserRecord>();
  private readonly usersByLogin = new Map<string, OktaUserRecord>();
  /** null marks a short name shared by several users, which Okta refuses to resolve. */
  private readonly usersByShortName = new Map<string, OktaUserRecord | null>();
  private readonly groupsById: Map<string, OktaGroupRecord>;
  private readonly appsById: Map<string, OktaAppRecord>;
  private readonly appUsersCache = new Map<
    string,
    { entries: AppUserEntry[]; ids: string[]; idSet?: Set<string> }
  >();
  private groupsOfUserCache: Map<string, string[]> | undefined;
  private appsOfGroupCache: Map<string, number> | undefined;
  private adminUserIdsCache: string[] | undefined;

  constructor(readonly org: GeneratedOktaOrg) {
    this.userIds = org.users.map((u) => u.id);
    this.groupIds = org.groups.map((g) => g.id);
    this.appIds = org.apps.map((a) => a.id);
    for (const user of org.users) {
      this.usersById.set(user.id, user);
      const login = user.profile.login.toLowerCase();
      this.usersByLogin.set(login, user);
      const shortName = login.split('@')[0] as string;
      this.usersByShortName.set(shortName, this.usersByShortName.has(shortName) ? null : user);
    }
    this.groupsById = new Map(org.groups.map((g) => [g.id, g]));
    this.appsById = new Map(org.apps.map((a) => [a.id, a]));
  }

  user(id: string): OktaUserRecord | undefined {
    return this.usersById.get(id);
  }

  /** `GET /api/v1/users/{id}` accepts an id, a login, or an unambiguous login short name. */
  userByIdOrLogin(key: string): OktaUserRecord | undefined {
    const lower = key.toLowerCase();
    return (
      this.usersById.get(key) ?? this.usersByLogin.get(lower) ?? this.usersByShortName.get(lower) ?? undefined
    );
  }

  group(id: string): OktaGroupRecord | undefined {
    return this.groupsById.get(id);
  }

  app(id: string): OktaAppRecord | undefined {
    return this.appsById.get(id);
  }

  members(groupId: string): string[] {
    return this.org.memberships.get(groupId) ?? [];
  }

  groupsOfUser(userId: string): string[] {
    if (!this.groupsOfUserCache) {
      const byUser = new Map<string, string[]>();
      for (const groupId of this.groupIds) {
        for (const userId of this.members(groupId)) {
          const list = byUser.get(userId);
          if (list) list.push(groupId);
          else byUser.set(userId, [groupId]);
        }
      }
      this.groupsOfUserCache = byUser;
    }
    return this.groupsOfUserCache.get(userId) ?? [];
  }

  appCountOfGroup(groupId: string): number {
    if (!this.appsOfGroupCache) {
      const counts = new Map<string, number>();
      for (const groupIds of this.org.appGroupAssignments.values()) {
        for (const id of groupIds) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      this.appsOfGroupCache = counts;
    }
    return this.appsOfGroupCache.get(groupId) ?? 0;
  }

  /** What `GET /api/v1/apps/{appId}/users` lists, ascending by user id. */
  appUsers(appId: string): AppUserEntry[] {
    return this.appUserView(appId).entries;
  }

  /** The user ids of `appUsers(appId)`, in the same order (the pagination cursor walks these). */
  appUserIdList(appId: string): string[] {
    return this.appUserView(appId).ids;
  }

  /** The same ids as a Set, for `filter=user.id eq "..."` on the app listing. */
  appUserIds(appId: string): Set<string> {
    const view = this.appUserView(appId);
    view.idSet ??= new Set(view.ids);
    return view.idSet;
  }

  private appUserView(appId: string): { entries: AppUserEntry[]; ids: string[]; idSet?: Set<string> } {
    const cached = this.appUsersCache.get(appId);
    if (cached) return cached;
    const entries = new Map<string, AppUserEntry>();
    for (const groupId of this.org.appGroupAssignments.get(appId) ?? []) {
      for (const userId of this.members(groupId)) {
        // Okta drops the app users of deprovisioned people even when their group membership stays.
        if (!entries.has(userId) && this.usersById.get(userId)?.status !== 'DEPROVISIONED') {
          entries.set(userId, { userId, scope: 'GROUP', groupId });
        }
      }
    }
    for (const userId of this.org.appUserAssignments.get(appId) ?? [])
      entries.set(userId, { userId, scope: 'USER' });
    const list = [...entries.values()].sort((a, b) =>
      a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0,
    );
    const view = { entries: list, ids: list.map((entry) => entry.userId) };
    this.appUsersCache.set(appId, view);
    return view;
  }

  rolesOfGroup(groupId: string): OktaRoleAssignmentRecord[] {
    return this.org.roleAssignments.filter((r) => r.assignmentType === 'GROUP' && r.assigneeId === groupId);
  }

  /** Direct assignments first, then the ones inherited from groups, as Okta lists them. */
  rolesOfUser(userId: string): OktaRoleAssignmentRecord[] {
    const groups = new Set(this.groupsOfUser(userId));
    const direct = this.org.roleAssignments.filter(
      (r) => r.assignmentType === 'USER' && r.assigneeId === userId,
    );
    const inherited = this.org.roleAssignments.filter(
      (r) => r.assignmentType === 'GROUP' && groups.has(r.assigneeId),
    );
    return [...direct, ...inherited];
  }

  /** Users holding any admin role, directly or through a group, ascending by id. */
  adminUserIds(): string[] {
    if (!this.adminUserIdsCache) {
      const ids = new Set<string>();
      for (const role of this.org.roleAssignments) {
        if (role.assignmentType === 'USER') ids.add(role.assigneeId);
        else for (const userId of this.members(role.assigneeId)) ids.add(userId);
      }
      this.adminUserIdsCache = [...ids].sort();
    }
    return this.adminUserIdsCache;
  }
}
