// Seeded, deterministic GitHub organization: members (owners and plain members, some without 2FA, most
// with a null public email), pending invitations, outside collaborators, nested teams, repositories with
// team and direct grants, and SAML identities whose NameID is the corporate email. Given `people` (say,
// an Okta org's users), the members are those people, so identity linking can be tested across sources.
import { asciiName, createNameGenerator, joinName } from '../shared/people.ts';
import type { PersonName } from '../shared/people.ts';
import { seededRandom } from '../shared/random.ts';
import type { SeededRandom } from '../shared/random.ts';
import {
  DEPARTMENT_TEAMS,
  FIRST_NAMES,
  HANDLE_WORDS,
  LANGUAGES,
  LAST_NAMES,
  REPO_PREFIXES,
  REPO_SUFFIXES,
} from './catalog.ts';
import {
  DAY,
  asciiWord,
  ghTimestamp,
  legacyNodeId,
  nodeId,
  sampleIndexes,
  slugify,
  uuid,
} from './org-primitives.ts';
import type {
  BasePermission,
  GeneratedGitHubOrg,
  GitHubUserRecord,
  InvitationRecord,
  OrgMemberRecord,
  OrgSettings,
  Person,
  RepoGrant,
  RepoPermission,
  RepoRecord,
  SamlIdentityRecord,
  TeamMemberRecord,
  TeamRecord,
  TwoFactorMethod,
} from './org-types.ts';

export type { GeneratedGitHubOrg } from './org-types.ts';

export interface GitHubOrgOptions {
  seed?: number;
  /** Org login. Default `acme-corp`. */
  login?: string;
  /** Members (owners included). Default: the number of `people`, else 50. */
  members?: number;
  /**
   * The people behind the first accounts, e.g. an Okta org's users. Members beyond the list are made
   * up; people beyond `members` are left out. SAML NameIDs are these emails, exactly.
   */
  people?: readonly Person[];
  /** Domain of made-up people's corporate email (the SAML NameID). Default `example.com`. */
  emailDomain?: string;
  /** Default max(4, members/100): hundreds for a 50k-member org. */
  teams?: number;
  /** Default max(5, members/10): thousands for a 50k-member org. */
  repos?: number;
  /** Default max(1, 3% of members). */
  outsideCollaborators?: number;
  /** Default max(1, 1% of members). */
  pendingInvitations?: number;
  /** Owners. Default min(40, max(2, members/500)). */
  owners?: number;
  /** Fraction of members (and outside collaborators) without 2FA. Default 0.06; 0 when 2FA is required. */
  without2faFraction?: number;
  /** Fraction using SMS, which GitHub calls insecure 2FA (`filter=2fa_insecure`). Default 0.06. */
  sms2faFraction?: number;
  /** Default false. When true, nobody in the org lacks 2FA (GitHub removes such members). */
  twoFactorRequirementEnabled?: boolean;
  defaultRepositoryPermission?: BasePermission;
  /** Default `enterprise` (GitHub Enterprise Cloud: SAML SSO and internal repositories). */
  plan?: 'free' | 'team' | 'enterprise';
  /** Whether the org has SAML SSO. Default true on the enterprise plan. */
  saml?: boolean;
  /** Fraction of members with a linked SAML identity. Default 0.9. */
  samlCoverage?: number;
  /** The "now" of the generated data; default 2025-06-01T00:00:00Z so the same seed gives the same org. */
  referenceTime?: number;
  /** Share of made-up people named in another script or with diacritics. Default 0.2. */
  unicodeNameShare?: number;
}

export const DEFAULT_REFERENCE_TIME = Date.UTC(2025, 5, 1);
export const DEFAULT_ORG_LOGIN = 'acme-corp';

export function defaultTeamCount(members: number): number {
  return Math.max(4, Math.round(members / 100));
}

export function defaultRepoCount(members: number): number {
  return Math.max(5, Math.round(members / 10));
}

function count(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

function fraction(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new Error(`${name} must be between 0 and 1, got ${value}`);
  return value;
}

interface Context {
  rng: SeededRandom;
  reference: number;
  orgCreated: number;
  nextUserId: () => number;
  orgLogin: string;
  nextName: () => PersonName;
}

export function generateGitHubOrg(options: GitHubOrgOptions = {}): GeneratedGitHubOrg {
  const seed = options.seed ?? 1;
  const people = options.people ?? [];
  const memberCount = count('members', options.members ?? (people.length > 0 ? people.length : 50), 2);
  const teamCount = count('teams', options.teams ?? defaultTeamCount(memberCount), 0);
  const repoCount = count('repos', options.repos ?? defaultRepoCount(memberCount), 0);
  const outsideCount = count(
    'outsideCollaborators',
    options.outsideCollaborators ?? Math.max(1, Math.round(memberCount * 0.03)),
    0,
  );
  const inviteCount = count(
    'pendingInvitations',
    options.pendingInvitations ?? Math.max(1, Math.round(memberCount * 0.01)),
    0,
  );
  const ownerCount = count(
    'owners',
    options.owners ?? Math.min(40, Math.max(2, Math.round(memberCount / 500))),
    1,
  );
  if (ownerCount >= memberCount) throw new Error('owners must be fewer than members');
  const requires2fa = options.twoFactorRequirementEnabled ?? false;
  const without2fa = requires2fa ? 0 : fraction('without2faFraction', options.without2faFraction ?? 0.06);
  const sms = fraction('sms2faFraction', options.sms2faFraction ?? 0.06);
  const plan = options.plan ?? 'enterprise';
  const hasSaml = options.saml ?? plan === 'enterprise';
  const samlCoverage = fraction('samlCoverage', options.samlCoverage ?? 0.9);
  const emailDomain = options.emailDomain ?? 'example.com';
  const orgLogin = options.login ?? DEFAULT_ORG_LOGIN;
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(orgLogin))
    throw new Error(`invalid org login ${orgLogin}`);
  const reference = options.referenceTime ?? DEFAULT_REFERENCE_TIME;
  const rng = seededRandom(seed);
  let lastUserId = 1_000_000 + rng.int(5_000_000);
  const context: Context = {
    rng,
    reference,
    orgCreated: reference - 7 * 365 * DAY,
    nextUserId: () => (lastUserId += 1 + rng.int(40_000)),
    orgLogin,
    nextName: createNameGenerator(rng, {
      latinFirst: FIRST_NAMES,
      latinLast: LAST_NAMES,
      unicodeShare: options.unicodeNameShare,
    }),
  };

  const memberPeople = choosePeople(context, people, memberCount, emailDomain);
  const logins = new Set<string>();
  const twoFactor = (): TwoFactorMethod => {
    const roll = rng.next();
    if (roll < without2fa) return 'none';
    if (roll < without2fa + sms) return 'sms';
    return roll < 0.7 ? 'totp' : 'webauthn';
  };
  // Accounts are created in id order; who gets which account is shuffled so that `people[0]` is not
  // always the oldest account.
  const memberUsers = memberPeople.map((person) =>
    newUser(context, logins, person, emailDomain, twoFactor()),
  );
  const owners = new Set(sampleIndexes(rng, memberCount, ownerCount));
  // The token owners must be able to sign in and use every filter: give them 2FA.
  const ownerIndex = Math.min(...owners);
  let memberIndex = 0;
  while (owners.has(memberIndex)) memberIndex++;
  for (const index of [ownerIndex, memberIndex]) {
    const user = memberUsers[index] as GitHubUserRecord;
    if (user.twoFactor === 'none') user.twoFactor = 'totp';
  }
  const members: OrgMemberRecord[] = memberUsers.map((user, index) => ({
    userId: user.id,
    role: owners.has(index) ? 'admin' : 'member',
    publicMembership: rng.chance(0.4),
  }));

  const invitees = Array.from({ length: inviteCount }, () =>
    newUser(context, logins, madeUpPerson(context, new Set(), emailDomain), emailDomain, twoFactor()),
  );
  const invitations: InvitationRecord[] = invitees.map((user) => ({
    userId: user.id,
    role: rng.chance(0.05) ? 'admin' : 'member',
  }));
  const outsiders = Array.from({ length: outsideCount }, () =>
    newUser(context, logins, null, emailDomain, twoFactor()),
  );

  const { teams, teamMembers } = generateTeams(
    context,
    teamCount,
    members,
    members[memberIndex] as OrgMemberRecord,
  );
  const { repos, repoCollaborators, repoTeams } = generateRepos(
    context,
    repoCount,
    plan,
    members,
    outsiders.map((u) => u.id),
    teams,
    (members[memberIndex] as OrgMemberRecord).userId,
  );
  // Outside collaborators are, by definition, direct collaborators on at least one repository.
  const granted = new Set([...repoCollaborators.values()].flatMap((grants) => grants.map((g) => g.id)));
  const outsideCollaboratorIds = outsiders.map((u) => u.id).filter((id) => granted.has(id));

  const users = [...memberUsers, ...invitees, ...outsiders].sort((a, b) => a.id - b.id);
  members.sort((a, b) => a.userId - b.userId);
  const samlIdentities = hasSaml
    ? generateSamlIdentities(context, memberUsers, samlCoverage, emailDomain)
    : [];
  const orgId = 5_000_000 + rng.int(90_000_000);
  const org: OrgSettings = {
    id: orgId,
    nodeId: nodeId('O', orgId),
    login: orgLogin,
    name: orgLogin
      .split('-')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join(' '),
    description: 'Simulated organization for Vouch tests',
    email: `opensource@${emailDomain}`,
    blog: `https://www.${emailDomain}`,
    location: 'Remote',
    billingEmail: `billing@${emailDomain}`,
    isVerified: true,
    createdAt: ghTimestamp(context.orgCreated),
    updatedAt: ghTimestamp(reference - 3 * DAY),
    twoFactorRequirementEnabled: requires2fa,
    defaultRepositoryPermission: options.defaultRepositoryPermission ?? 'read',
    membersCanCreateRepositories: false,
    membersCanCreatePublicRepositories: false,
    membersCanCreatePrivateRepositories: true,
    membersCanCreateInternalRepositories: plan === 'enterprise',
    membersCanForkPrivateRepositories: false,
    membersCanInviteOutsideCollaborators: false,
    webCommitSignoffRequired: false,
    plan: { name: plan, seats: memberCount + 25, filledSeats: memberCount + inviteCount },
    saml: hasSaml
      ? {
          ssoUrl: `https://idp.${emailDomain}/app/github/sso/saml`,
          issuer: `http://www.okta.com/exk${rng.base62(17)}`,
        }
      : null,
  };
  return {
    seed,
    org,
    emailDomain,
    users,
    members,
    invitations,
    outsideCollaboratorIds,
    teams,
    teamMembers,
    repos,
    repoCollaborators,
    repoTeams,
    samlIdentities,
    ownerUserId: (memberUsers[ownerIndex] as GitHubUserRecord).id,
    memberUserId: (memberUsers[memberIndex] as GitHubUserRecord).id,
    referenceTime: new Date(reference).toISOString(),
  };
}

function madeUpPerson({ nextName }: Context, emails: Set<string>, domain: string): Person {
  const { firstName, lastName, asciiFirst, asciiLast } = nextName();
  const base = `${asciiFirst}.${asciiLast}`;
  let email = `${base}@${domain}`;
  for (let n = 2; emails.has(email); n++) email = `${base}${n}@${domain}`;
  emails.add(email);
  return { email, firstName, lastName };
}

function choosePeople(
  context: Context,
  people: readonly Person[],
  howMany: number,
  domain: string,
): Person[] {
  const chosen = people.slice(0, howMany);
  const emails = new Set(chosen.map((p) => p.email.toLowerCase()));
  while (chosen.length < howMany) chosen.push(madeUpPerson(context, emails, domain));
  return context.rng.shuffle(chosen);
}

function newUser(
  { rng, reference, nextUserId, orgLogin, nextName }: Context,
  logins: Set<string>,
  person: Person | null,
  emailDomain: string,
  twoFactor: TwoFactorMethod,
): GitHubUserRecord {
  const made = person ? undefined : nextName();
  const firstName = person?.firstName ?? (made as PersonName).firstName;
  const lastName = person?.lastName ?? (made as PersonName).lastName;
  // Names in other scripts log in with their romanization (or, unknown, their email's local part).
  const local = person?.email.split('@')[0] ?? '';
  const first = made?.asciiFirst ?? (asciiName(firstName) || asciiWord(local.split('.')[0] ?? ''));
  const last = made?.asciiLast ?? (asciiName(lastName) || asciiWord(local.split('.')[1] ?? ''));
  const style = rng.int(5);
  let base =
    style === 0
      ? `${first}${last}`
      : style === 1
        ? `${first}-${last}`
        : style === 2
          ? `${first.charAt(0)}${last}`
          : style === 3
            ? `${rng.pick(HANDLE_WORDS)}-${rng.pick(HANDLE_WORDS)}`
            : `${first}-${orgLogin.split('-')[0]}`;
  base = base.slice(0, 30) || 'user';
  let login = base;
  for (let n = 1 + rng.int(90); logins.has(login.toLowerCase()); n++) login = `${base}${n}`;
  // Some people capitalise their handle; logins are unique without regard to case.
  if (rng.chance(0.1)) login = login.charAt(0).toUpperCase() + login.slice(1);
  logins.add(login.toLowerCase());
  const id = nextUserId();
  const created = reference - (200 + rng.int(12 * 365)) * DAY;
  const nameRoll = rng.next();
  const name =
    nameRoll < 0.75
      ? joinName(firstName, lastName)
      : nameRoll < 0.85
        ? firstName
        : nameRoll < 0.92
          ? login
          : null;
  const emailRoll = rng.next();
  const email =
    emailRoll < 0.12 && person
      ? person.email
      : emailRoll < 0.3
        ? `${login.toLowerCase()}@personal.example`
        : null;
  return {
    id,
    nodeId: nodeId('U', id),
    login,
    name,
    email,
    company: rng.chance(0.4)
      ? person
        ? `@${orgLogin}`
        : rng.pick(['Freelance', '@contoso', 'Globex Inc.'])
      : null,
    blog: rng.chance(0.2) ? `https://${login.toLowerCase()}.dev` : '',
    location: rng.chance(0.5)
      ? rng.pick(['Berlin', 'London', 'New York, NY', 'São Paulo', 'Tokyo', 'Remote'])
      : null,
    bio: rng.chance(0.3)
      ? rng.pick(['Engineer.', 'Building things.', 'Coffee first.', 'he/him', 'she/her'])
      : null,
    twitterUsername: rng.chance(0.15) ? login.toLowerCase().replace(/-/g, '_') : null,
    hireable: rng.chance(0.1) ? true : null,
    publicRepos: rng.int(60),
    publicGists: rng.int(10),
    followers: rng.int(200),
    following: rng.int(100),
    createdAt: ghTimestamp(created),
    updatedAt: ghTimestamp(reference - rng.int(120) * DAY - rng.int(DAY)),
    twoFactor,
    person: person ? { ...person } : null,
  };
}

/** Departments come first with one child each, so even a handful of teams includes nesting. */
function teamPlan(howMany: number): Array<{ name: string; parent: string | null; weight: number }> {
  const plan: Array<{ name: string; parent: string | null; weight: number }> = [];
  for (const department of DEPARTMENT_TEAMS) {
    plan.push({ name: department.name, parent: null, weight: department.weight });
    const child = department.children[0];
    if (child) plan.push({ name: child, parent: department.name, weight: department.weight / 3 });
  }
  for (const department of DEPARTMENT_TEAMS) {
    for (const child of department.children.slice(1)) {
      plan.push({ name: child, parent: department.name, weight: department.weight / 4 });
    }
  }
  const children = plan.filter((t) => t.parent !== null);
  for (let i = 1; plan.length < howMany; i++) {
    const parent = children[i % children.length] as { name: string };
    plan.push({ name: `${parent.name} Squad ${String(i).padStart(3, '0')}`, parent: parent.name, weight: 1 });
  }
  return plan.slice(0, howMany);
}

function generateTeams(
  { rng, reference, orgCreated }: Context,
  howMany: number,
  members: OrgMemberRecord[],
  tokenMember: OrgMemberRecord,
): { teams: TeamRecord[]; teamMembers: Map<number, TeamMemberRecord[]> } {
  const plan = teamPlan(howMany);
  const byName = new Map<string, TeamRecord>();
  let lastId = 100_000 + rng.int(1_000_000);
  const teams = plan.map(({ name, parent }) => {
    const id = (lastId += 1 + rng.int(5_000));
    const team: TeamRecord = {
      id,
      nodeId: nodeId('T', id),
      name,
      slug: slugify(name),
      description: rng.chance(0.7) ? `The ${name} team` : null,
      privacy: name === 'Leadership' || name === 'Security' || rng.chance(0.08) ? 'secret' : 'closed',
      notificationSetting: rng.chance(0.9) ? 'notifications_enabled' : 'notifications_disabled',
      parentId: parent === null ? null : (byName.get(parent)?.id ?? null),
      createdAt: '',
      updatedAt: '',
    };
    const created = orgCreated + rng.next() * (reference - orgCreated - 30 * DAY);
    team.createdAt = ghTimestamp(created);
    team.updatedAt = ghTimestamp(created + rng.next() * (reference - created - DAY));
    byName.set(name, team);
    return team;
  });
  const teamMembers = new Map<number, TeamMemberRecord[]>(teams.map((t) => [t.id, []]));
  if (teams.length > 0) {
    // Skewed popularity: department teams are the big ones.
    const weights = plan.map((t) => t.weight);
    const total = weights.reduce((a, b) => a + b, 0);
    const pick = (): number => {
      let target = rng.next() * total;
      for (let i = 0; i < weights.length; i++) {
        target -= weights[i] as number;
        if (target < 0) return i;
      }
      return weights.length - 1;
    };
    for (const member of members) {
      const wanted = member === tokenMember ? 1 : rng.int(4);
      const chosen = new Set<number>(member === tokenMember ? [0] : []);
      for (let attempts = 0; chosen.size < wanted && attempts < 10; attempts++) chosen.add(pick());
      for (const index of chosen) {
        const team = teams[index] as TeamRecord;
        teamMembers
          .get(team.id)
          ?.push({ userId: member.userId, role: rng.chance(0.08) ? 'maintainer' : 'member' });
      }
    }
    for (const list of teamMembers.values()) {
      list.sort((a, b) => a.userId - b.userId);
      // Every team with members has at least one maintainer, as the creator becomes one.
      if (list.length > 0 && !list.some((m) => m.role === 'maintainer'))
        (list[0] as TeamMemberRecord).role = 'maintainer';
    }
  }
  return { teams, teamMembers };
}

const TEAM_PERMISSIONS: readonly RepoPermission[] = ['pull', 'push', 'push', 'push', 'maintain', 'admin'];
const DIRECT_PERMISSIONS: readonly RepoPermission[] = ['push', 'push', 'admin', 'maintain', 'triage'];
const OUTSIDE_PERMISSIONS: readonly RepoPermission[] = ['pull', 'push', 'triage'];

function generateRepos(
  { rng, reference, orgCreated }: Context,
  howMany: number,
  plan: 'free' | 'team' | 'enterprise',
  members: OrgMemberRecord[],
  outsideIds: number[],
  teams: TeamRecord[],
  tokenMemberId: number,
): {
  repos: RepoRecord[];
  repoCollaborators: Map<number, RepoGrant<'userId'>[]>;
  repoTeams: Map<number, RepoGrant<'teamId'>[]>;
} {
  const names = new Set<string>();
  let lastId = 200_000_000 + rng.int(100_000_000);
  const repos: RepoRecord[] = [];
  for (let i = 0; i < howMany; i++) {
    let name = `${rng.pick(REPO_PREFIXES)}-${rng.pick(REPO_SUFFIXES)}`;
    if (names.has(name)) name = `${name}-${i}`;
    names.add(name);
    const id = (lastId += 1 + rng.int(200_000));
    const created =
      orgCreated + (reference - orgCreated - 10 * DAY) * (i / Math.max(1, howMany)) + rng.int(DAY);
    const pushed = Math.min(reference - 60_000, created + rng.next() * (reference - created));
    const roll = rng.next();
    // The first repositories cover every visibility the plan allows, so no seed yields an org whose
    // `type=` filters and evidence miss one; the rest are drawn.
    const visibility =
      i === 0 || (i > 1 && roll < 0.15)
        ? 'public'
        : plan === 'enterprise' && (i === 1 || roll < 0.45)
          ? 'internal'
          : 'private';
    const stars = visibility === 'public' ? rng.int(500) : rng.int(5);
    repos.push({
      id,
      nodeId: nodeId('R', id),
      name,
      description: rng.chance(0.8) ? `${name.replace(/-/g, ' ')} for Acme` : null,
      visibility,
      fork: rng.chance(0.04),
      archived: rng.chance(0.08),
      language: rng.chance(0.9) ? rng.pick(LANGUAGES) : null,
      topics: rng.chance(0.3) ? [rng.pick(['backend', 'frontend', 'infra', 'compliance', 'pci'])] : [],
      defaultBranch: rng.chance(0.85) ? 'main' : 'master',
      size: rng.int(250_000),
      stargazers: stars,
      watchers: stars,
      forks: rng.int(visibility === 'public' ? 80 : 4),
      openIssues: rng.int(40),
      hasIssues: true,
      hasProjects: rng.chance(0.5),
      hasWiki: rng.chance(0.3),
      hasPages: rng.chance(0.05),
      hasDiscussions: rng.chance(0.1),
      isTemplate: rng.chance(0.02),
      createdAt: ghTimestamp(created),
      updatedAt: ghTimestamp(Math.max(created, pushed - rng.int(DAY))),
      pushedAt: ghTimestamp(pushed),
    });
  }
  const repoTeams = new Map<number, RepoGrant<'teamId'>[]>();
  const repoCollaborators = new Map<number, RepoGrant<'userId'>[]>();
  repos.forEach((repo, index) => {
    const grants: RepoGrant<'teamId'>[] = [];
    if (teams.length > 0) {
      for (const t of sampleIndexes(rng, teams.length, 1 + rng.int(Math.min(3, teams.length)))) {
        grants.push({
          id: (teams[t] as TeamRecord).id,
          kind: 'teamId',
          permission: rng.pick(TEAM_PERMISSIONS),
        });
      }
    }
    repoTeams.set(repo.id, grants);
    const direct: RepoGrant<'userId'>[] = [];
    if (rng.chance(0.3)) {
      for (const m of sampleIndexes(rng, members.length, 1 + rng.int(3))) {
        direct.push({
          id: (members[m] as OrgMemberRecord).userId,
          kind: 'userId',
          permission: rng.pick(DIRECT_PERMISSIONS),
        });
      }
    }
    // The member token's user can push to the first repositories, so it may list their collaborators.
    if (index < 2 && !direct.some((g) => g.id === tokenMemberId)) {
      direct.push({ id: tokenMemberId, kind: 'userId', permission: 'push' });
    }
    repoCollaborators.set(repo.id, direct);
  });
  if (repos.length > 0) {
    for (const userId of outsideIds) {
      for (const r of sampleIndexes(rng, repos.length, 1 + rng.int(Math.min(3, repos.length)))) {
        repoCollaborators
          .get((repos[r] as RepoRecord).id)
          ?.push({ id: userId, kind: 'userId', permission: rng.pick(OUTSIDE_PERMISSIONS) });
      }
    }
  }
  for (const grants of repoCollaborators.values()) grants.sort((a, b) => a.id - b.id);
  return { repos, repoCollaborators, repoTeams };
}

function generateSamlIdentities(
  context: Context,
  memberUsers: GitHubUserRecord[],
  coverage: number,
  emailDomain: string,
): SamlIdentityRecord[] {
  const { rng } = context;
  const identities: SamlIdentityRecord[] = [];
  let serial = 1_000 + rng.int(100_000);
  const identity = (person: Person, userId: number | null): SamlIdentityRecord => {
    const id = (serial += 1 + rng.int(50));
    return {
      guid: uuid(rng),
      nodeId: legacyNodeId('ExternalIdentity', id),
      nameId: person.email,
      username: person.email,
      givenName: person.firstName,
      familyName: person.lastName,
      userId,
    };
  };
  const linked = sampleIndexes(rng, memberUsers.length, Math.round(memberUsers.length * coverage));
  for (const index of rng.shuffle([...linked])) {
    const user = memberUsers[index] as GitHubUserRecord;
    if (user.person) identities.push(identity(user.person, user.id));
  }
  // People who completed SSO at the IdP but never linked a GitHub account: identities without a user.
  const unclaimed = Math.max(1, Math.round(memberUsers.length * 0.01));
  const emails = new Set(identities.map((i) => i.nameId.toLowerCase()));
  for (let i = 0; i < unclaimed; i++)
    identities.push(identity(madeUpPerson(context, emails, emailDomain), null));
  return identities;
}
