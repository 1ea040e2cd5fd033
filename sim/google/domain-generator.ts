// A seeded Google Workspace customer: users (active, suspended, archived, deleted, admins, 2SV enrolled or
// enforced by org unit), groups with users, nested groups and the whole-customer member, system and
// custom admin roles with customer- and org-unit-scoped assignments, and third-party OAuth tokens. A pure
// function of its options: the same seed gives the same domain on every machine.
import { createNameGenerator, LocalParts } from '../shared/people.ts';
import type { PersonName } from '../shared/people.ts';
import { seededRandom } from '../shared/random.ts';
import type { SeededRandom } from '../shared/random.ts';
import {
  CUSTOM_ROLES,
  LATIN_FIRST,
  LATIN_LAST,
  OAUTH_CLIENTS,
  ORG_UNIT_PATHS,
  SYSTEM_ROLES,
} from './catalog.ts';
import type {
  GeneratedGoogleDomain,
  GoogleGroupRecord,
  GoogleUserRecord,
  OrgUnitRecord,
  RoleAssignmentRecord,
  RoleRecord,
  TokenRecord,
} from './domain-types.ts';

export type * from './domain-types.ts';

export const DAY = 86_400_000;
/** 2025-06-01T00:00:00Z, like the other simulators. */
export const DEFAULT_REFERENCE_TIME = Date.UTC(2025, 5, 1);

/** Someone who also exists in another simulated system (an Okta org's user, say). */
export interface GooglePerson {
  email: string;
  firstName: string;
  lastName: string;
}

export interface GoogleDomainOptions {
  seed?: number;
  /** Default: one more than `people` (the super admin), else 50. */
  users?: number;
  /** Default: about one per 20 users, at least 3. */
  groups?: number;
  /** The people behind the first accounts after the super admin; their emails are kept as they are. */
  people?: readonly GooglePerson[];
  /** Primary domain; default `vouchsim<seed>.example`. */
  domain?: string;
  referenceTime?: number;
  unicodeShare?: number;
  /** Users deleted within the last 20 days (only listed with showDeleted=true). Default 1 per 100 users. */
  deletedUsers?: number;
}

export function defaultGroupCount(users: number): number {
  return Math.max(3, Math.round(users / 20));
}

function numericId(rng: SeededRandom, digits: number): string {
  let out = String(1 + rng.int(9));
  for (let i = 1; i < digits; i++) out += String(rng.int(10));
  return out;
}

function lowerBase36(rng: SeededRandom, length: number): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rng.int(36)];
  return out;
}

function requireCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

export function generateGoogleDomain(options: GoogleDomainOptions = {}): GeneratedGoogleDomain {
  const seed = options.seed ?? 1;
  const people = options.people ?? [];
  const userCount = requireCount('users', options.users ?? (people.length > 0 ? people.length + 1 : 50), 1);
  const groupCount = requireCount('groups', options.groups ?? defaultGroupCount(userCount), 1);
  const deletedCount = requireCount('deletedUsers', options.deletedUsers ?? Math.floor(userCount / 100), 0);
  const reference = options.referenceTime ?? DEFAULT_REFERENCE_TIME;
  const rng = seededRandom(seed);
  const domain = options.domain ?? `vouchsim${seed}.example`;
  const customerId = `C0${lowerBase36(rng, 7)}`;
  const orgUnits: OrgUnitRecord[] = ORG_UNIT_PATHS.map((ou) => ({
    orgUnitId: `id:03ph8a2z${lowerBase36(rng, 7)}`,
    path: ou.path,
    enforce2Sv: ou.enforce2Sv,
  }));
  const ids = new Set<string>();
  const newUserId = (): string => {
    for (;;) {
      const id = numericId(rng, 21);
      if (!ids.has(id)) {
        ids.add(id);
        return id;
      }
    }
  };

  const names = createNameGenerator(rng, {
    latinFirst: LATIN_FIRST,
    latinLast: LATIN_LAST,
    unicodeShare: options.unicodeShare,
  });
  const localParts = new LocalParts();
  localParts.reserve('admin');
  for (const person of people) localParts.reserve(person.email.split('@')[0] as string);

  const users: GoogleUserRecord[] = [];
  const created = reference - 6 * 365 * DAY;
  for (let i = 0; i < userCount + deletedCount; i++) {
    const deleted = i >= userCount;
    const known = i >= 1 && !deleted ? people[i - 1] : undefined;
    let given: string;
    let family: string;
    let email: string;
    if (i === 0) {
      given = 'Workspace';
      family = 'Admin';
      email = `admin@${domain}`;
    } else if (known) {
      given = known.firstName;
      family = known.lastName;
      email = known.email;
    } else {
      const name: PersonName = names();
      given = name.firstName;
      family = name.lastName;
      email = `${localParts.take(`${name.asciiFirst}.${name.asciiLast}`)}@${domain}`;
    }
    const ou = i === 0 ? orgUnits[0] : rng.pick(orgUnits.slice(1));
    const suspended = i > 0 && rng.chance(0.06);
    const archived = i > 0 && !suspended && rng.chance(0.02);
    const neverSignedIn = i > 0 && rng.chance(0.04);
    const creationTime = created + rng.int(6 * 365) * DAY + rng.int(DAY);
    const enforced = i === 0 || (ou?.enforce2Sv ?? false);
    const enrolled = i === 0 || (enforced ? rng.chance(0.95) : rng.chance(0.6));
    users.push({
      id: newUserId(),
      primaryEmail: email,
      givenName: given,
      familyName: family,
      fullName: `${given} ${family}`,
      aliases: rng.chance(0.05) ? [`${email.split('@')[0] as string}.alias@${domain}`] : [],
      isAdmin: i === 0,
      isDelegatedAdmin: false,
      suspended,
      suspensionReason: suspended
        ? rng.pick(['ADMIN', 'ADMIN', 'ADMIN', 'WEB_LOGIN_REQUIRED', 'ABUSE'])
        : null,
      archived,
      isEnrolledIn2Sv: enrolled,
      isEnforcedIn2Sv: enforced,
      lastLoginTime: neverSignedIn
        ? null
        : Math.max(creationTime, reference - rng.int(rng.chance(0.1) ? 200 : 30) * DAY - rng.int(DAY)),
      creationTime,
      deletionTime: deleted ? reference - rng.int(20) * DAY - rng.int(DAY) : null,
      orgUnitPath: ou?.path ?? '/',
      agreedToTerms: !neverSignedIn,
      changePasswordAtNextLogin: neverSignedIn && rng.chance(0.5),
      isMailboxSetup: true,
      recoveryEmail: rng.chance(0.3)
        ? `${given.toLowerCase().replace(/[^a-z]/g, '') || 'user'}${rng.int(1000)}@gmail.example`
        : null,
    });
  }

  const live = users.filter((u) => u.deletionTime === null);
  const groups = generateGroups(rng, groupCount, live, domain);
  const roles = generateRoles(rng);
  const roleAssignments = generateRoleAssignments(rng, live, groups, roles, orgUnits);
  const byId = new Map(live.map((u) => [u.id, u]));
  for (const assignment of roleAssignments) {
    const user = assignment.assigneeType === 'user' ? byId.get(assignment.assignedTo) : undefined;
    const role = roles.find((r) => r.roleId === assignment.roleId);
    if (!user || !role) continue;
    if (role.isSuperAdminRole) user.isAdmin = true;
    else user.isDelegatedAdmin = true;
  }
  const tokens = generateTokens(rng, live);

  return {
    seed,
    customerId,
    domain,
    referenceTime: reference,
    adminEmail: `admin@${domain}`,
    users,
    groups,
    orgUnits,
    roles,
    roleAssignments,
    tokens,
  };
}

function generateGroups(
  rng: SeededRandom,
  count: number,
  users: GoogleUserRecord[],
  domain: string,
): GoogleGroupRecord[] {
  const topics = [
    'engineering',
    'sales',
    'finance',
    'support',
    'security',
    'it',
    'legal',
    'marketing',
    'design',
    'ops',
  ];
  const groups: GoogleGroupRecord[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    let local =
      i === 0
        ? 'everyone'
        : `${rng.pick(topics)}-${rng.pick(['team', 'admins', 'announce', 'oncall', 'project'])}`;
    let n = 2;
    while (used.has(local)) local = `${local.replace(/-\d+$/, '')}-${n++}`;
    used.add(local);
    groups.push({
      id: `0${lowerBase36(rng, 14)}`,
      email: `${local}@${domain}`,
      name: local
        .split('-')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join(' '),
      description: i === 0 ? 'Every user of the account' : rng.chance(0.5) ? `${local} mailing list` : '',
      adminCreated: i === 0 || rng.chance(0.8),
      aliases: [],
      members: [],
    });
  }
  // Skewed sizes: most groups small, a few large. Owners and managers are users; never cyclic nesting
  // (a group only contains groups created after it).
  for (const [i, group] of groups.entries()) {
    if (i === 0) {
      group.members.push({ type: 'CUSTOMER', id: 'C', role: 'MEMBER' });
      group.members.push({ type: 'USER', id: users[0]?.id ?? '', role: 'OWNER' });
      continue;
    }
    const size = Math.min(
      users.length,
      rng.chance(0.1) ? 50 + rng.int(Math.max(1, Math.min(users.length / 4, 2000))) : 2 + rng.int(15),
    );
    const chosen = new Set<string>();
    for (let k = 0; k < size; k++) chosen.add((users[rng.int(users.length)] as GoogleUserRecord).id);
    let first = true;
    for (const id of chosen) {
      group.members.push({
        type: 'USER',
        id,
        role: first ? 'OWNER' : rng.chance(0.05) ? 'MANAGER' : 'MEMBER',
      });
      first = false;
    }
    if (i + 1 < groups.length && rng.chance(0.2)) {
      const child = groups[i + 1 + rng.int(groups.length - i - 1)] as GoogleGroupRecord;
      group.members.push({ type: 'GROUP', id: child.id, role: 'MEMBER' });
    }
  }
  return groups;
}

function generateRoles(rng: SeededRandom): RoleRecord[] {
  const used = new Set<string>();
  const roleId = (): string => {
    for (;;) {
      const id = numericId(rng, 16);
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
  const privilege = (name: string): { privilegeName: string; serviceId: string } => ({
    privilegeName: name,
    serviceId: name === 'MANAGE_DEVICES' ? '03hv69ve4bjwe54' : '00haapch16h1ysv',
  });
  return [
    ...SYSTEM_ROLES.map((r) => ({
      roleId: roleId(),
      roleName: r.name,
      roleDescription: r.description,
      privileges: r.privileges.map(privilege),
      isSystemRole: true,
      isSuperAdminRole: r.superAdmin === true,
    })),
    ...CUSTOM_ROLES.map((r) => ({
      roleId: roleId(),
      roleName: r.name,
      roleDescription: r.description,
      privileges: r.privileges.map(privilege),
      isSystemRole: false,
      isSuperAdminRole: false,
    })),
  ];
}

function generateRoleAssignments(
  rng: SeededRandom,
  users: GoogleUserRecord[],
  groups: GoogleGroupRecord[],
  roles: RoleRecord[],
  orgUnits: OrgUnitRecord[],
): RoleAssignmentRecord[] {
  const assignments: RoleAssignmentRecord[] = [];
  const add = (
    roleId: string,
    assignedTo: string,
    assigneeType: 'user' | 'group',
    ou: OrgUnitRecord | null,
  ): void => {
    assignments.push({
      roleAssignmentId: numericId(rng, 16),
      roleId,
      assignedTo,
      assigneeType,
      scopeType: ou ? 'ORG_UNIT' : 'CUSTOMER',
      orgUnitId: ou ? ou.orgUnitId : null,
    });
  };
  const superAdmin = roles.find((r) => r.isSuperAdminRole) as RoleRecord;
  const delegated = roles.filter((r) => !r.isSuperAdminRole);
  const active = users.filter((u) => !u.suspended && !u.archived);
  add(superAdmin.roleId, (users[0] as GoogleUserRecord).id, 'user', null);
  // A second super admin (Google recommends two), and delegated admins: ~1% of users, some scoped to an OU.
  if (active.length > 1) add(superAdmin.roleId, (active[1] as GoogleUserRecord).id, 'user', null);
  const delegatedCount = Math.max(2, Math.round(users.length / 100));
  for (let i = 0; i < delegatedCount && users.length > 2; i++) {
    const user = users[1 + rng.int(users.length - 1)] as GoogleUserRecord;
    const ou = rng.chance(0.4) ? (orgUnits[1 + rng.int(orgUnits.length - 1)] as OrgUnitRecord) : null;
    add(rng.pick(delegated).roleId, user.id, 'user', ou);
  }
  const securityGroup = groups.find((g) => g.email.startsWith('security-')) ?? groups[groups.length - 1];
  if (securityGroup && groups.length > 1) {
    const reviewer = roles.find((r) => r.roleName === 'Security Reviewer') as RoleRecord;
    add(reviewer.roleId, securityGroup.id, 'group', null);
  }
  return assignments;
}

function generateTokens(rng: SeededRandom, users: GoogleUserRecord[]): Map<string, TokenRecord[]> {
  const clients = OAUTH_CLIENTS.map((c) => ({
    ...c,
    clientId: `${numericId(rng, 12)}-${lowerBase36(rng, 32)}.apps.googleusercontent.com`,
  }));
  const tokens = new Map<string, TokenRecord[]>();
  for (const user of users) {
    if (user.lastLoginTime === null || !rng.chance(0.4)) continue;
    const count = 1 + rng.int(3);
    const picked = new Set<number>();
    for (let k = 0; k < count; k++) picked.add(rng.int(clients.length));
    tokens.set(
      user.id,
      [...picked].map((index) => {
        const c = clients[index] as (typeof clients)[number];
        return {
          clientId: c.clientId,
          displayText: c.displayText,
          scopes: [...c.scopes],
          anonymous: c.anonymous === true,
          nativeApp: c.nativeApp === true,
        };
      }),
    );
  }
  return tokens;
}
