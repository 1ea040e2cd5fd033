// Seeded, deterministic Jira Cloud site: Atlassian accounts (some inactive, many with their email hidden
// by their profile's privacy settings), app accounts (bots) and customer accounts (Jira Service
// Management), groups (the site's default groups plus team groups), projects, and project roles whose
// actors are users and groups.
import { LocalParts, createNameGenerator } from '../shared/people.ts';
import { seededRandom } from '../shared/random.ts';

export const DEFAULT_SITE = 'acme';

export interface JiraUserRecord {
  accountId: string;
  accountType: 'atlassian' | 'app' | 'customer';
  displayName: string;
  /** What the profile holds; `emailVisible` says whether the API shows it. */
  email: string | null;
  emailVisible: boolean;
  active: boolean;
  timeZone: string;
  locale: string;
}

export interface JiraGroupRecord {
  groupId: string;
  name: string;
  /** Account ids, in Jira's order (by display name). */
  members: string[];
}

export interface JiraRoleRecord {
  id: number;
  name: string;
  description: string;
}

export interface JiraProjectRecord {
  id: string;
  key: string;
  name: string;
  projectTypeKey: 'software' | 'service_desk' | 'business';
  simplified: boolean;
  isPrivate: boolean;
  leadAccountId: string;
  /** Role id → actors. */
  roleActors: Map<number, Array<{ type: 'user'; accountId: string } | { type: 'group'; groupId: string }>>;
}

export interface GeneratedJiraSite {
  users: JiraUserRecord[];
  groups: JiraGroupRecord[];
  projects: JiraProjectRecord[];
  roles: JiraRoleRecord[];
  /** Groups holding the Administer Jira global permission. */
  adminGroupIds: string[];
  /** The account whose API token the default credential is. */
  adminAccountId: string;
  /** A plain user without global permissions. */
  userAccountId: string;
}

export interface JiraSiteOptions {
  seed?: number;
  /** Atlassian (human) accounts. Default 50. */
  users?: number;
  projects?: number;
  site?: string;
  emailDomain?: string;
}

// prettier-ignore
const FIRST = ['Ada', 'Ben', 'Chloé', 'Dev', 'Elif', 'Finn', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Lars', 'Mina', 'Noor', 'Olu', 'Pia', 'Quinn', 'Rosa', 'Sami', 'Tove'] as const;
// prettier-ignore
const LAST = ['Adams', 'Berg', 'Costa', 'Dubois', 'Eze', 'Fischer', 'Gómez', 'Haddad', 'Ivanova', 'Jensen', 'Khan', 'Larsen', 'Moreau', 'Nakamura', "O'Neil", 'Petrov'] as const;
const APPS = [
  'Automation for Jira',
  'Jira Service Management Widget',
  'Slack',
  'Jira Spreadsheets',
  'Trello',
  'Opsgenie',
  'Statuspage',
];
const TEAMS = ['engineering', 'product', 'support', 'design', 'finance', 'security', 'marketing', 'data'];
const ROLES: JiraRoleRecord[] = [
  {
    id: 10002,
    name: 'Administrators',
    description: 'A project role that represents administrators in a project',
  },
  {
    id: 10003,
    name: 'atlassian-addons-project-access',
    description:
      'A project role that represents Connect add-ons declaring a scope that requires more than read issue permissions',
  },
  { id: 10100, name: 'Member', description: 'A project role that represents members in a project' },
  { id: 10101, name: 'Viewer', description: 'A project role that represents viewers in a project' },
];

function hex(rng: ReturnType<typeof seededRandom>, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += rng.int(16).toString(16);
  return out;
}

function uuid(rng: ReturnType<typeof seededRandom>): string {
  const h = hex(rng, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function generateJiraSite(options: JiraSiteOptions = {}): GeneratedJiraSite {
  const rng = seededRandom(options.seed ?? 1);
  const humans = Math.max(3, options.users ?? 50);
  const site = options.site ?? DEFAULT_SITE;
  const domain = options.emailDomain ?? 'example.com';
  const names = createNameGenerator(rng, { latinFirst: FIRST, latinLast: LAST });
  const locals = new LocalParts();
  const users: JiraUserRecord[] = [];
  for (let i = 0; i < humans; i++) {
    const person = names();
    const email = `${locals.take(`${person.asciiFirst}.${person.asciiLast}`)}@${domain}`;
    users.push({
      // Atlassian account ids: 24 hex digits (older accounts) or `712020:` and a UUID.
      accountId: rng.chance(0.5) ? hex(rng, 24) : `712020:${uuid(rng)}`,
      accountType: 'atlassian',
      displayName: person.displayName,
      email,
      // The token's own accounts show their email; others by their privacy settings (often hidden).
      emailVisible: i < 2 || rng.chance(0.6),
      active: i < 2 || rng.chance(0.92),
      timeZone: rng.pick(['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC']),
      locale: rng.pick(['en_US', 'de_DE', 'ja_JP']),
    });
  }
  for (const app of APPS.slice(0, Math.max(2, Math.floor(humans / 25)))) {
    users.push({
      accountId: `557058:${uuid(rng)}`,
      accountType: 'app',
      displayName: app,
      email: null,
      emailVisible: false,
      active: true,
      timeZone: 'UTC',
      locale: 'en_US',
    });
  }
  const customers = Math.floor(humans / 10);
  for (let i = 0; i < customers; i++) {
    const person = names();
    users.push({
      accountId: `qm:${uuid(rng)}:${uuid(rng)}`,
      accountType: 'customer',
      displayName: person.displayName,
      email: `${locals.take(`${person.asciiFirst}${person.asciiLast}`)}@customer.example.org`,
      emailVisible: false,
      active: rng.chance(0.95),
      timeZone: 'UTC',
      locale: 'en_US',
    });
  }
  const atlassian = users.filter((u) => u.accountType === 'atlassian');
  const byName = (ids: string[]) => {
    const display = new Map(users.map((u) => [u.accountId, u.displayName]));
    return ids.sort(
      (a, b) => (display.get(a) ?? '').localeCompare(display.get(b) ?? '') || a.localeCompare(b),
    );
  };
  const groups: JiraGroupRecord[] = [];
  const group = (name: string, members: string[]) => {
    const record = { groupId: uuid(rng), name, members: byName([...new Set(members)]) };
    groups.push(record);
    return record;
  };
  const admins = group(`jira-admins-${site}`, [
    atlassian[0]?.accountId as string,
    ...atlassian.filter(() => rng.chance(0.03)).map((u) => u.accountId),
  ]);
  const siteAdmins = group('site-admins', [atlassian[0]?.accountId as string]);
  group(
    `jira-software-users-${site}`,
    atlassian
      .filter((u, i) => i > 0 && rng.chance(0.9))
      .map((u) => u.accountId)
      .concat(atlassian[1]?.accountId as string),
  );
  group(
    `jira-servicemanagement-users-${site}`,
    atlassian.filter(() => rng.chance(0.2)).map((u) => u.accountId),
  );
  for (const team of TEAMS.slice(0, Math.max(2, Math.min(TEAMS.length, Math.floor(humans / 20))))) {
    group(
      team,
      atlassian.filter(() => rng.chance(0.15)).map((u) => u.accountId),
    );
  }
  const projectCount = options.projects ?? Math.max(4, Math.floor(humans / 15));
  const projects: JiraProjectRecord[] = [];
  const usedKeys = new Set<string>();
  const teamGroups = groups.slice(4);
  for (let i = 0; i < projectCount; i++) {
    let key = '';
    do key = Array.from({ length: 3 + rng.int(2) }, () => String.fromCharCode(65 + rng.int(26))).join('');
    while (usedKeys.has(key));
    usedKeys.add(key);
    const lead = rng.pick(atlassian);
    const roleActors: JiraProjectRecord['roleActors'] = new Map();
    roleActors.set(10002, [
      { type: 'user', accountId: lead.accountId },
      { type: 'group', groupId: admins.groupId },
    ]);
    roleActors.set(10003, []);
    const members: Array<{ type: 'user'; accountId: string } | { type: 'group'; groupId: string }> = [];
    if (teamGroups.length > 0) members.push({ type: 'group', groupId: rng.pick(teamGroups).groupId });
    for (const u of atlassian) if (rng.chance(0.05)) members.push({ type: 'user', accountId: u.accountId });
    roleActors.set(10100, members);
    roleActors.set(
      10101,
      rng.chance(0.5) ? [{ type: 'group', groupId: (groups[2] as JiraGroupRecord).groupId }] : [],
    );
    projects.push({
      id: String(10_000 + i),
      key,
      name: `${key[0]}${key.slice(1).toLowerCase()} project`,
      projectTypeKey: rng.pick(['software', 'software', 'service_desk', 'business'] as const),
      simplified: rng.chance(0.4),
      isPrivate: rng.chance(0.2),
      leadAccountId: lead.accountId,
      roleActors,
    });
  }
  projects.sort((a, b) => a.key.localeCompare(b.key));
  return {
    users,
    groups: groups.sort((a, b) => a.name.localeCompare(b.name)),
    projects,
    roles: ROLES,
    adminGroupIds: [admins.groupId, siteAdmins.groupId],
    adminAccountId: atlassian[0]?.accountId as string,
    userAccountId: atlassian[1]?.accountId as string,
  };
}
