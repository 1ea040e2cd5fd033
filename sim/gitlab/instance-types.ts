// The records a generated GitLab instance is made of: users, a group tree, projects, and direct
// memberships. Effective (inherited) memberships are derived from these in instance-index.ts, the way
// GitLab derives `members/all`.

/** GitLab's user states (admins see all of them; `banned` is gitlab.com's and Ultimate's). */
export type UserState =
  'active' | 'blocked' | 'deactivated' | 'ldap_blocked' | 'banned' | 'blocked_pending_approval';

export interface UserRecord {
  id: number;
  username: string;
  name: string;
  state: UserState;
  locked: boolean;
  /** Primary email: only admins (and the user) see it. */
  email: string;
  /** Shown to everyone when the user made it public; null otherwise (most users). */
  publicEmail: string | null;
  commitEmail: string | null;
  isAdmin: boolean;
  /** Project, group and service-account bots (`bot: true`, usernames like project_12_bot_...). */
  bot: boolean;
  external: boolean;
  twoFactorEnabled: boolean;
  createdAt: number;
  lastSignInAt: number | null;
  lastActivityOn: number | null;
  /** SAML extern_uid of the top group's SSO (group_saml_identity), when the group has SSO. */
  samlExternUid: string | null;
}

export interface GroupRecord {
  id: number;
  name: string;
  path: string;
  fullPath: string;
  fullName: string;
  parentId: number | null;
  visibility: 'private' | 'internal' | 'public';
  description: string;
  createdAt: number;
}

export interface ProjectRecord {
  id: number;
  name: string;
  path: string;
  namespaceId: number;
  visibility: 'private' | 'internal' | 'public';
  archived: boolean;
  description: string | null;
  defaultBranch: string;
  createdAt: number;
  lastActivityAt: number;
  creatorId: number;
}

/** A direct membership of a group or a project. */
export interface MembershipRecord {
  userId: number;
  /** 10 guest, 15 planner, 20 reporter, 30 developer, 40 maintainer, 50 owner (groups only); 5 minimal. */
  accessLevel: number;
  expiresAt: string | null;
  createdAt: number;
  createdBy: number | null;
  /** `awaiting` when a top-level group with a user cap holds the membership for approval. */
  membershipState: 'active' | 'awaiting';
}

export interface GeneratedGitLabInstance {
  users: UserRecord[];
  /** Top group first, then subgroups breadth-first (GitLab's descendant order is by id). */
  groups: GroupRecord[];
  projects: ProjectRecord[];
  groupMembers: Map<number, MembershipRecord[]>;
  projectMembers: Map<number, MembershipRecord[]>;
  /** Id of the user every default token belongs to. */
  adminUserId: number;
  /** A group owner who is not an instance admin (its token sees no instance-wide user data). */
  ownerUserId: number;
  topGroupId: number;
  referenceTime: number;
}
