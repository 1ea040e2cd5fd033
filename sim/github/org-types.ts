// The generated GitHub organization: plain records the representations turn into GitHub's JSON. Ids are
// numbers as GitHub's are; every list is in the order the REST API pages it (see README.md).

export type TwoFactorMethod = 'none' | 'sms' | 'totp' | 'webauthn';
export type OrgRole = 'admin' | 'member';
export type TeamRole = 'maintainer' | 'member';
/** A repository role, from least to most. */
export type RepoPermission = 'pull' | 'triage' | 'push' | 'maintain' | 'admin';
export type BasePermission = 'read' | 'write' | 'admin' | 'none';
export type RepoVisibility = 'public' | 'private' | 'internal';

/** A person from another system (an Okta user, say) that a GitHub account belongs to. */
export interface Person {
  email: string;
  firstName: string;
  lastName: string;
}

export interface GitHubUserRecord {
  id: number;
  nodeId: string;
  login: string;
  /** Profile name; null when the user never set one. */
  name: string | null;
  /** The public profile email: null for most users, and not necessarily the corporate address. */
  email: string | null;
  company: string | null;
  blog: string;
  location: string | null;
  bio: string | null;
  twitterUsername: string | null;
  hireable: boolean | null;
  publicRepos: number;
  publicGists: number;
  followers: number;
  following: number;
  createdAt: string;
  updatedAt: string;
  twoFactor: TwoFactorMethod;
  /** The person behind the account, when the generator was given people or made one up. */
  person: Person | null;
}

export interface OrgMemberRecord {
  userId: number;
  role: OrgRole;
  /** Whether the member publicized their membership (what tokens without org read access see). */
  publicMembership: boolean;
}

export interface InvitationRecord {
  userId: number;
  role: OrgRole;
}

export interface TeamRecord {
  id: number;
  nodeId: string;
  name: string;
  slug: string;
  description: string | null;
  privacy: 'closed' | 'secret';
  notificationSetting: 'notifications_enabled' | 'notifications_disabled';
  parentId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface TeamMemberRecord {
  userId: number;
  role: TeamRole;
}

export interface RepoRecord {
  id: number;
  nodeId: string;
  name: string;
  description: string | null;
  visibility: RepoVisibility;
  fork: boolean;
  archived: boolean;
  language: string | null;
  topics: string[];
  defaultBranch: string;
  size: number;
  stargazers: number;
  watchers: number;
  forks: number;
  openIssues: number;
  hasIssues: boolean;
  hasProjects: boolean;
  hasWiki: boolean;
  hasPages: boolean;
  hasDiscussions: boolean;
  isTemplate: boolean;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
}

export interface RepoGrant<K extends 'userId' | 'teamId'> {
  /** The user or team id. */
  id: number;
  kind: K;
  permission: RepoPermission;
}

export interface SamlIdentityRecord {
  guid: string;
  nodeId: string;
  nameId: string;
  username: string;
  givenName: string;
  familyName: string;
  /** The linked GitHub account; null for an identity nobody has claimed yet. */
  userId: number | null;
}

export interface OrgSettings {
  id: number;
  nodeId: string;
  login: string;
  name: string;
  description: string | null;
  email: string | null;
  blog: string;
  location: string | null;
  billingEmail: string;
  isVerified: boolean;
  createdAt: string;
  updatedAt: string;
  twoFactorRequirementEnabled: boolean;
  defaultRepositoryPermission: BasePermission;
  membersCanCreateRepositories: boolean;
  membersCanCreatePublicRepositories: boolean;
  membersCanCreatePrivateRepositories: boolean;
  membersCanCreateInternalRepositories: boolean;
  membersCanForkPrivateRepositories: boolean;
  membersCanInviteOutsideCollaborators: boolean;
  webCommitSignoffRequired: boolean;
  plan: { name: 'free' | 'team' | 'enterprise'; seats: number; filledSeats: number };
  /** The org's SAML IdP; null when the org has no SAML single sign-on. */
  saml: { ssoUrl: string; issuer: string } | null;
}

export interface GeneratedGitHubOrg {
  seed: number;
  org: OrgSettings;
  emailDomain: string;
  /** Every account the org knows: members, invitees, outside collaborators, by id. */
  users: GitHubUserRecord[];
  /** Members ascending by user id (the listing order). */
  members: OrgMemberRecord[];
  invitations: InvitationRecord[];
  /** Outside collaborators' user ids, ascending. */
  outsideCollaboratorIds: number[];
  teams: TeamRecord[];
  /** Team id -> direct members ascending by user id. */
  teamMembers: Map<number, TeamMemberRecord[]>;
  repos: RepoRecord[];
  /** Repo id -> users added to the repository directly (members and outside collaborators). */
  repoCollaborators: Map<number, RepoGrant<'userId'>[]>;
  /** Repo id -> teams granted access to the repository. */
  repoTeams: Map<number, RepoGrant<'teamId'>[]>;
  /** SAML identities in creation order (the GraphQL connection order); empty without SAML. */
  samlIdentities: SamlIdentityRecord[];
  /** An owner and a plain member, for tokens of either kind. */
  ownerUserId: number;
  memberUserId: number;
  referenceTime: string;
}
