// Seeded, deterministic GitLab instance: users (admins, bots, blocked, deactivated, banned, a share
// with a public email), one top-level group with nested subgroups, projects in them, and direct
// memberships with access levels and expiry dates. Most people are members of a subgroup rather than
// of the top group, as in real instances (otherwise every project's `members/all` holds everyone).
import { wholeSecondIso } from '../shared/timestamps.ts';
import { LocalParts, createNameGenerator } from '../shared/people.ts';
import { seededRandom } from '../shared/random.ts';
import type { SeededRandom } from '../shared/random.ts';
import { FIRST_NAMES, LAST_NAMES, PROJECT_WORDS, SUBGROUP_NAMES } from './catalog.ts';
import type {
  GeneratedGitLabInstance,
  GroupRecord,
  MembershipRecord,
  ProjectRecord,
  UserRecord,
  UserState,
} from './instance-types.ts';

export const DEFAULT_REFERENCE_TIME = Date.UTC(2025, 5, 1);
export const DEFAULT_TOP_GROUP = 'acme-corp';
const DAY = 86_400_000;

export interface GitLabInstanceOptions {
  seed?: number;
  /** Human users (admins included; bots come on top). Default 50. */
  users?: number;
  /** Subgroups under the top group. Default max(3, users/100). */
  subgroups?: number;
  /** Projects. Default max(5, users/10). */
  projects?: number;
  /** Path of the top-level group. Default `acme-corp`. */
  topGroup?: string;
  /** Domain of people's emails. Default `example.com`. */
  emailDomain?: string;
  /** The top group has SAML SSO: members carry `group_saml_identity`. Default true. */
  saml?: boolean;
  /** Dates are relative to it. Default 2025-06-01. */
  referenceTime?: number;
}

export const gitlabTimestamp = (ms: number): string => wholeSecondIso(ms, '.000Z');
export const gitlabDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function pickState(rng: SeededRandom): UserState {
  const roll = rng.next();
  if (roll < 0.04) return 'blocked';
  if (roll < 0.07) return 'deactivated';
  if (roll < 0.075) return 'ldap_blocked';
  if (roll < 0.08) return 'banned';
  return 'active';
}

function accessLevel(rng: SeededRandom, groupLevels: boolean): number {
  const roll = rng.next();
  if (roll < 0.25) return 10;
  if (roll < 0.3) return 15;
  if (roll < 0.5) return 20;
  if (roll < 0.85) return 30;
  if (roll < 0.97 || !groupLevels) return 40;
  return 50;
}

export function generateGitLabInstance(options: GitLabInstanceOptions = {}): GeneratedGitLabInstance {
  const rng = seededRandom(options.seed ?? 1);
  const now = options.referenceTime ?? DEFAULT_REFERENCE_TIME;
  const humans = Math.max(3, options.users ?? 50);
  const subgroupCount = options.subgroups ?? Math.max(3, Math.floor(humans / 100));
  const projectCount = options.projects ?? Math.max(5, Math.floor(humans / 10));
  const topPath = options.topGroup ?? DEFAULT_TOP_GROUP;
  const domain = options.emailDomain ?? 'example.com';
  const saml = options.saml ?? true;
  const names = createNameGenerator(rng, { latinFirst: FIRST_NAMES, latinLast: LAST_NAMES });
  const locals = new LocalParts();
  const usernames = new LocalParts();
  const users: UserRecord[] = [];
  const stamp = (daysAgoMax: number) => now - (1 + rng.int(daysAgoMax)) * DAY - rng.int(DAY);

  // id 1 is the instance's root administrator, as on every self-managed install.
  locals.reserve('admin');
  usernames.reserve('root');
  users.push({
    id: 1,
    username: 'root',
    name: 'Administrator',
    state: 'active',
    locked: false,
    email: `admin@${domain}`,
    publicEmail: null,
    commitEmail: `admin@${domain}`,
    isAdmin: true,
    bot: false,
    external: false,
    twoFactorEnabled: true,
    createdAt: now - 1500 * DAY,
    lastSignInAt: now - DAY,
    lastActivityOn: now - DAY,
    samlExternUid: null,
  });
  for (let i = 1; i < humans; i++) {
    const person = names();
    const local = locals.take(`${person.asciiFirst}.${person.asciiLast}`);
    const email = `${local}@${domain}`;
    const state = i === 1 ? 'active' : pickState(rng);
    const createdAt = stamp(1400);
    const signedIn = state === 'active' && rng.chance(0.92);
    users.push({
      id: users.length + 1,
      username: usernames.take(
        rng.chance(0.7) ? `${person.asciiFirst[0] ?? 'x'}${person.asciiLast}` : local.replace('.', '_'),
      ),
      name: person.displayName,
      state,
      locked: state === 'active' && rng.chance(0.01),
      email,
      publicEmail: rng.chance(0.15) ? email : null,
      commitEmail: rng.chance(0.8) ? email : null,
      isAdmin: i > 1 && rng.chance(0.02),
      bot: false,
      external: rng.chance(0.05),
      twoFactorEnabled: rng.chance(0.8),
      createdAt,
      lastSignInAt: signedIn ? Math.max(createdAt, stamp(90)) : null,
      lastActivityOn: signedIn ? Math.max(createdAt, stamp(30)) : null,
      samlExternUid: saml ? email : null,
    });
  }

  const groups: GroupRecord[] = [];
  const topId = 1000;
  groups.push({
    id: topId,
    name: topPath
      .split('-')
      .map((w) => (w[0] ?? '').toUpperCase() + w.slice(1))
      .join(' '),
    path: topPath,
    fullPath: topPath,
    fullName: '',
    parentId: null,
    visibility: 'private',
    description: 'Top-level group',
    createdAt: now - 1500 * DAY,
  });
  (groups[0] as GroupRecord).fullName = (groups[0] as GroupRecord).name;
  const depth = new Map<number, number>([[topId, 0]]);
  for (let i = 0; i < subgroupCount; i++) {
    const candidates = groups.filter((g) => (depth.get(g.id) ?? 0) < 3);
    const parent = i < Math.min(subgroupCount, 4) ? (groups[0] as GroupRecord) : rng.pick(candidates);
    const base = SUBGROUP_NAMES[i % SUBGROUP_NAMES.length] as string;
    const name = i < SUBGROUP_NAMES.length ? base : `${base} ${Math.floor(i / SUBGROUP_NAMES.length) + 1}`;
    const path = slug(name);
    const id = topId + 1 + i;
    groups.push({
      id,
      name,
      path,
      fullPath: `${parent.fullPath}/${path}`,
      fullName: `${parent.fullName} / ${name}`,
      parentId: parent.id,
      visibility: rng.chance(0.8) ? 'private' : 'internal',
      description: rng.chance(0.5) ? `${name} team` : '',
      createdAt: stamp(1200),
    });
    depth.set(id, (depth.get(parent.id) ?? 0) + 1);
  }

  const membership = (userId: number, level: number): MembershipRecord => ({
    userId,
    accessLevel: level,
    expiresAt: rng.chance(0.08) ? gitlabDate(now + (rng.int(200) - 30) * DAY) : null,
    createdAt: stamp(900),
    createdBy: 1,
    membershipState: rng.chance(0.01) ? 'awaiting' : 'active',
  });
  const groupMembers = new Map<number, MembershipRecord[]>(groups.map((g) => [g.id, []]));
  const humanIds = users.map((u) => u.id);
  // The top group: its owners (user 2 first: the default non-admin token belongs to it) and a few others.
  const top = groupMembers.get(topId) as MembershipRecord[];
  top.push({ ...membership(2, 50), expiresAt: null, membershipState: 'active' });
  for (const id of humanIds.slice(2))
    if (rng.chance(0.04)) top.push(membership(id, rng.chance(0.3) ? 50 : 30));
  // Everyone else lands in one or two subgroups.
  const subgroups = groups.slice(1);
  for (const id of humanIds.slice(1)) {
    if (subgroups.length === 0) break;
    const homes = rng.chance(0.2) ? 2 : 1;
    const seen = new Set<number>();
    for (let h = 0; h < homes; h++) {
      const group = rng.pick(subgroups);
      if (seen.has(group.id)) continue;
      seen.add(group.id);
      (groupMembers.get(group.id) as MembershipRecord[]).push(membership(id, accessLevel(rng, true)));
    }
  }

  const projects: ProjectRecord[] = [];
  const others = humanIds.slice(1);
  const projectMembers = new Map<number, MembershipRecord[]>();
  for (let i = 0; i < projectCount; i++) {
    const namespace = i === 0 ? (groups[0] as GroupRecord) : rng.pick(groups);
    const name = `${rng.pick(PROJECT_WORDS)}-${rng.pick(PROJECT_WORDS)}-${i + 1}`;
    const id = 20_000 + i;
    const createdAt = stamp(1000);
    projects.push({
      id,
      name,
      path: name,
      namespaceId: namespace.id,
      visibility: rng.chance(0.85) ? 'private' : rng.chance(0.7) ? 'internal' : 'public',
      archived: rng.chance(0.06),
      description: rng.chance(0.6) ? `The ${name} service` : null,
      defaultBranch: 'main',
      createdAt,
      lastActivityAt: Math.max(createdAt, stamp(60)),
      creatorId: 2,
    });
    const direct: MembershipRecord[] = [];
    const extra = rng.int(4);
    const seen = new Set<number>();
    for (let m = 0; m < extra; m++) {
      const userId = rng.pick(others);
      if (seen.has(userId)) continue;
      seen.add(userId);
      direct.push(membership(userId, accessLevel(rng, false)));
    }
    // A project access token's bot: a user of its own, Maintainer of that one project.
    if (rng.chance(0.1)) {
      const botId = users.length + 1;
      const hex = Array.from({ length: 32 }, () => rng.int(16).toString(16)).join('');
      users.push({
        id: botId,
        username: `project_${id}_bot_${hex}`,
        name: `${name} deploy token`,
        state: 'active',
        locked: false,
        email: `project_${id}_bot_${hex}@noreply.${domain}`,
        publicEmail: null,
        commitEmail: null,
        isAdmin: false,
        bot: true,
        external: false,
        twoFactorEnabled: false,
        createdAt,
        lastSignInAt: null,
        lastActivityOn: stamp(20),
        samlExternUid: null,
      });
      direct.push({ ...membership(botId, 40), membershipState: 'active' });
    }
    projectMembers.set(id, direct);
  }

  return {
    users,
    groups,
    projects,
    groupMembers,
    projectMembers,
    adminUserId: 1,
    ownerUserId: 2,
    topGroupId: topId,
    referenceTime: now,
  };
}
