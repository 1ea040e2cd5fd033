// Seeded, deterministic Okta org: users with a realistic spread of lifecycle states, skewed group
// memberships, app assignments (direct and through groups) and admin roles (direct and through groups).
// Everything is plain arrays and maps built once, so a 100k-user org is generated in about a second and
// the server only slices it.
import { LocalParts, createNameGenerator } from '../shared/people.ts';
import { seededRandom } from '../shared/random.ts';
import type { SeededRandom } from '../shared/random.ts';
import { DEPARTMENTS, FIRST_NAMES, LAST_NAMES } from './catalog.ts';
import { generateApps } from './org-apps.ts';
import { DAY, cumulative, idFactory, pickWeighted, timestamp } from './org-primitives.ts';
import type { GenerationContext } from './org-primitives.ts';
import { generateRoles } from './org-roles.ts';
import type { GeneratedOktaOrg, OktaGroupRecord, OktaUserRecord, OktaUserStatus } from './org-types.ts';

export type { GeneratedOktaOrg } from './org-types.ts';

export interface OktaOrgOptions {
  seed?: number;
  users?: number;
  /** Including the built-in Everyone group. Default max(3, users/50). */
  groups?: number;
  /** Default max(2, users/500). */
  apps?: number;
  /** Default 0.03. */
  deprovisionedFraction?: number;
  /** Default 0.02. */
  suspendedFraction?: number;
  /** The "now" of the generated data; default 2025-06-01T00:00:00Z so the same seed gives the same org. */
  referenceTime?: number;
  /** Share of people named in another script or with diacritics (Cyrillic, CJK, Arabic...). Default 0.2. */
  unicodeNameShare?: number;
}

export const DEFAULT_REFERENCE_TIME = Date.UTC(2025, 5, 1);
const EMAIL_DOMAIN = 'example.com';

export function defaultGroupCount(users: number): number {
  return Math.max(3, Math.round(users / 50));
}

export function defaultAppCount(users: number): number {
  return Math.max(2, Math.round(users / 500));
}

function requireCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

export function generateOktaOrg(options: OktaOrgOptions = {}): GeneratedOktaOrg {
  const seed = options.seed ?? 1;
  const userCount = requireCount('users', options.users ?? 50, 1);
  const groupCount = requireCount('groups', options.groups ?? defaultGroupCount(userCount), 1);
  const appCount = requireCount('apps', options.apps ?? defaultAppCount(userCount), 0);
  const reference = options.referenceTime ?? DEFAULT_REFERENCE_TIME;
  const rng = seededRandom(seed);
  const context: GenerationContext = {
    rng,
    newId: idFactory(rng),
    reference,
    orgCreated: reference - 6 * 365 * DAY,
  };
  const orgId = context.newId('00o');

  const generated = generateUsers(context, userCount, {
    deprovisioned: options.deprovisionedFraction ?? 0.03,
    suspended: options.suspendedFraction ?? 0.02,
    unicodeNameShare: options.unicodeNameShare,
  });
  // Generation order made the first users the admins. From here on users are in listing order (by id,
  // as Okta lists them and pages with id cursors), so member lists come out sorted for free.
  const admins = generated.slice(0, adminCountFor(userCount));
  const users = generated.sort(byId);
  const { groups, memberships, everyoneGroupId } = generateGroups(
    context,
    users,
    groupNameList(groupCount - 1),
  );
  const { apps, appUserAssignments, appGroupAssignments } = generateApps(
    context,
    orgId,
    appCount,
    users,
    groups,
    everyoneGroupId,
  );
  const roleAssignments = generateRoles(context, admins, groups, memberships, everyoneGroupId);
  groups.sort(byId);
  apps.sort(byId);
  return {
    seed,
    orgId,
    emailDomain: EMAIL_DOMAIN,
    users,
    groups,
    apps,
    memberships,
    appUserAssignments,
    appGroupAssignments,
    roleAssignments,
    everyoneGroupId,
    tokenOwnerId: (admins[0] as OktaUserRecord).id,
    referenceTime: new Date(reference).toISOString(),
  };
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function groupNameList(count: number): string[] {
  const names = [
    ...DEPARTMENTS.map((d) => d.name),
    ...DEPARTMENTS.flatMap((d) => d.teams.map((team) => `${d.name} - ${team}`)),
  ];
  for (let i = 1; names.length < count; i++) names.push(`Project ${String(i).padStart(4, '0')}`);
  return names.slice(0, count);
}

function statusPlan(
  rng: SeededRandom,
  count: number,
  protectedCount: number,
  fractions: { deprovisioned: number; suspended: number },
): OktaUserStatus[] {
  const statuses = new Array<OktaUserStatus>(count).fill('ACTIVE');
  // Admins (the first generated users) stay ACTIVE so the token owner can always sign in.
  const candidates = rng.shuffle(
    Array.from({ length: count - protectedCount }, (_, i) => i + protectedCount),
  );
  const atLeastOne = (fraction: number, minUsers: number): number =>
    count >= minUsers && fraction > 0
      ? Math.max(1, Math.round(count * fraction))
      : Math.round(count * fraction);
  const plan: Array<[OktaUserStatus, number]> = [
    ['DEPROVISIONED', atLeastOne(fractions.deprovisioned, 3)],
    ['SUSPENDED', atLeastOne(fractions.suspended, 4)],
    ['STAGED', Math.round(count * 0.01)],
    ['PROVISIONED', Math.round(count * 0.01)],
    ['LOCKED_OUT', Math.round(count * 0.005)],
    ['PASSWORD_EXPIRED', Math.round(count * 0.005)],
    ['RECOVERY', Math.round(count * 0.003)],
  ];
  let next = 0;
  for (const [status, howMany] of plan) {
    for (let i = 0; i < howMany && next < candidates.length; i++)
      statuses[candidates[next++] as number] = status;
  }
  return statuses;
}

function adminCountFor(users: number): number {
  return Math.min(users, Math.max(2, Math.round(users / 2000)));
}

function generateUsers(
  { rng, newId, reference, orgCreated }: GenerationContext,
  count: number,
  fractions: { deprovisioned: number; suspended: number; unicodeNameShare: number | undefined },
): OktaUserRecord[] {
  const statuses = statusPlan(rng, count, adminCountFor(count), fractions);
  const departmentWeights = cumulative(DEPARTMENTS.map((d) => d.weight));
  const nextName = createNameGenerator(rng, {
    latinFirst: FIRST_NAMES,
    latinLast: LAST_NAMES,
    unicodeShare: fractions.unicodeNameShare,
  });
  const localParts = new LocalParts();
  // Shared and frozen: identical for every user, and a 100k-user org should not hold 200k copies.
  const userType = Object.freeze({ id: newId('oty') });
  const credentials = Object.freeze({
    password: Object.freeze({}),
    provider: Object.freeze({ type: 'OKTA', name: 'OKTA' } as const),
  });
  const users: OktaUserRecord[] = new Array(count);
  const between = (from: number, to: number): number => from + rng.next() * Math.max(0, to - from);

  for (let i = 0; i < count; i++) {
    const status = statuses[i] as OktaUserStatus;
    const { firstName, lastName, displayName, asciiFirst, asciiLast } = nextName();
    const login = `${localParts.take(`${asciiFirst}.${asciiLast}`)}@${EMAIL_DOMAIN}`;
    const department = DEPARTMENTS[pickWeighted(rng, departmentWeights)] as (typeof DEPARTMENTS)[number];
    const manager = i >= 5 && rng.chance(0.8) ? users[rng.int(i)] : undefined;

    const created =
      status === 'STAGED'
        ? between(reference - 30 * DAY, reference - DAY)
        : between(orgCreated, reference - 45 * DAY);
    const activated = created + rng.int(3_600_000);
    let activatedAt: number | null = activated;
    let statusChanged: number | null = activated;
    let passwordChanged: number | null = between(activated, reference - DAY);
    let lastLogin: number | null = null;
    const roll = rng.next();
    switch (status) {
      case 'STAGED':
        activatedAt = statusChanged = passwordChanged = null;
        break;
      case 'PROVISIONED':
        activatedAt = passwordChanged = null;
        break;
      case 'DEPROVISIONED':
        statusChanged = between(activated + 7 * DAY, reference - DAY);
        passwordChanged = between(activated, statusChanged);
        lastLogin = roll < 0.9 ? between(activated, statusChanged) : null;
        break;
      case 'SUSPENDED':
        statusChanged = between(Math.max(activated, reference - 120 * DAY), reference - DAY);
        lastLogin = roll < 0.9 ? between(activated, statusChanged) : null;
        break;
      default:
        if (status !== 'ACTIVE')
          statusChanged = between(Math.max(activated, reference - 20 * DAY), reference - 60_000);
        // Most people signed in this month, some are stale, a few never signed in at all.
        lastLogin =
          roll < 0.85
            ? between(Math.max(activated, reference - 30 * DAY), reference - 60_000)
            : roll < 0.95
              ? between(Math.max(activated, reference - 365 * DAY), Math.max(activated, reference - 31 * DAY))
              : null;
    }
    const lastUpdated = between(
      Math.max(created, activatedAt ?? 0, statusChanged ?? 0, passwordChanged ?? 0),
      reference - 60_000,
    );
    users[i] = {
      id: newId('00u'),
      status,
      created: timestamp(created),
      activated: activatedAt === null ? null : timestamp(activatedAt),
      statusChanged: statusChanged === null ? null : timestamp(statusChanged),
      lastLogin: lastLogin === null ? null : timestamp(lastLogin),
      lastUpdated: timestamp(lastUpdated),
      passwordChanged: passwordChanged === null ? null : timestamp(passwordChanged),
      type: userType,
      profile: {
        firstName,
        lastName,
        mobilePhone: null,
        secondEmail: null,
        login,
        email: login,
        displayName,
        title: rng.pick(department.titles),
        department: department.name,
        employeeNumber: String(100_000 + i),
        userType: rng.chance(0.9) ? 'Employee' : 'Contractor',
        managerId: manager ? manager.id : null,
        manager: manager ? manager.profile.displayName : null,
      },
      credentials,
    };
  }
  return users;
}

function generateGroups(
  { rng, newId, reference, orgCreated }: GenerationContext,
  users: OktaUserRecord[],
  names: string[],
): { groups: OktaGroupRecord[]; memberships: Map<string, string[]>; everyoneGroupId: string } {
  const everyone: OktaGroupRecord = {
    id: newId('00g'),
    created: timestamp(orgCreated),
    lastUpdated: timestamp(orgCreated),
    lastMembershipUpdated: timestamp(reference - rng.int(DAY)),
    objectClass: ['okta:user_group'],
    type: 'BUILT_IN',
    profile: { name: 'Everyone', description: 'All users in your organization' },
  };
  const custom: OktaGroupRecord[] = names.map((name) => {
    const created = orgCreated + rng.next() * (reference - orgCreated - 60 * DAY);
    return {
      id: newId('00g'),
      created: timestamp(created),
      lastUpdated: timestamp(created + rng.next() * (reference - created - 30 * DAY)),
      lastMembershipUpdated: timestamp(reference - rng.next() * 60 * DAY),
      objectClass: ['okta:user_group'],
      type: 'OKTA_GROUP',
      profile: { name, description: name.startsWith('Project') ? `Members of ${name}` : `All of ${name}` },
    };
  });

  const members: string[][] = custom.map(() => []);
  if (custom.length > 0) {
    // Zipf-like popularity in list order: department groups come first and are the big ones.
    const popularity = cumulative(custom.map((_, rank) => 1 / (rank + 1)));
    const departmentGroup = new Map(names.map((name, index) => [name, index]));
    const extraGroupsDistribution = cumulative([0.1, 0.45, 0.3, 0.15]);
    for (const user of users) {
      const wanted = Math.min(pickWeighted(rng, extraGroupsDistribution), custom.length);
      const chosen = new Set<number>();
      const ownDepartment = departmentGroup.get(user.profile.department);
      if (wanted > 0 && ownDepartment !== undefined && rng.chance(0.9)) chosen.add(ownDepartment);
      for (let attempts = 0; chosen.size < wanted && attempts < 20; attempts++)
        chosen.add(pickWeighted(rng, popularity));
      for (const index of chosen) (members[index] as string[]).push(user.id);
    }
  }

  const memberships = new Map<string, string[]>();
  memberships.set(
    everyone.id,
    users.map((u) => u.id),
  );
  custom.forEach((group, index) => memberships.set(group.id, members[index] as string[]));
  return { groups: [everyone, ...custom], memberships, everyoneGroupId: everyone.id };
}
