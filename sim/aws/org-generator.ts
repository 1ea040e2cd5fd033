// A seeded IAM Identity Center instance: identity store users (some disabled, most SCIM-provisioned with the
// IdP's id), groups and memberships, permission sets with AWS managed, customer managed and inline policies,
// and account assignments to users and groups across the organization's accounts.
import { createNameGenerator, LocalParts } from '../shared/people.ts';
import { seededRandom, type SeededRandom } from '../shared/random.ts';
import type {
  AwsAssignmentRecord,
  AwsGroupRecord,
  AwsMembershipRecord,
  AwsPermissionSetRecord,
  AwsUserRecord,
  GeneratedAwsOrg,
} from './org-types.ts';

export const DEFAULT_REFERENCE_TIME = Date.UTC(2025, 5, 1);
const DAY_S = 86_400;

const FIRST = [
  'Alex',
  'Maria',
  'Sam',
  'Priya',
  'Chen',
  'Olga',
  'Tom',
  'Fatima',
  'Lucas',
  'Emma',
  'Noah',
  'Ava',
];
const LAST = ['Smith', 'Garcia', 'Johnson', 'Brown', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Clark', 'Lewis'];
const TEAMS = [
  'platform',
  'payments',
  'data',
  'security',
  'sre',
  'mobile',
  'web',
  'ml',
  'finance',
  'support',
];

const PERMISSION_SETS: Array<{
  name: string;
  managed: string[];
  customer: string[];
  inline: boolean;
  duration: string;
}> = [
  {
    name: 'AdministratorAccess',
    managed: ['AdministratorAccess'],
    customer: [],
    inline: false,
    duration: 'PT1H',
  },
  { name: 'PowerUserAccess', managed: ['PowerUserAccess'], customer: [], inline: false, duration: 'PT4H' },
  { name: 'ReadOnlyAccess', managed: ['ReadOnlyAccess'], customer: [], inline: false, duration: 'PT8H' },
  { name: 'Billing', managed: ['job-function/Billing'], customer: [], inline: false, duration: 'PT8H' },
  {
    name: 'SecurityAudit',
    managed: ['SecurityAudit'],
    customer: ['vouch-extra-audit'],
    inline: false,
    duration: 'PT12H',
  },
  { name: 'DataEngineer', managed: [], customer: ['data-lake-rw'], inline: true, duration: 'PT8H' },
  { name: 'BreakGlass', managed: ['AdministratorAccess'], customer: [], inline: true, duration: 'PT1H' },
];

function hex(rng: SeededRandom, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += '0123456789abcdef'[rng.int(16)];
  return out;
}

/** Identity store ids: ten hex, a dash, then a UUID. */
function resourceId(rng: SeededRandom, prefix: string): string {
  return `${prefix}-${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}`;
}

export interface AwsOrgOptions {
  seed?: number;
  users?: number;
  groups?: number;
  accounts?: number;
  disabledFraction?: number;
  referenceTime?: number;
  unicodeNameShare?: number;
}

export function generateAwsOrg(options: AwsOrgOptions = {}): GeneratedAwsOrg {
  const rng = seededRandom(options.seed ?? 1);
  const now = Math.floor((options.referenceTime ?? DEFAULT_REFERENCE_TIME) / 1000);
  const storePrefix = hex(rng, 10);
  const identityStoreId = `d-${storePrefix}`;
  const managementAccountId = String(100000000000 + rng.int(899999999999));
  const instanceArn = `arn:aws:sso:::instance/ssoins-${hex(rng, 16)}`;
  const accountCount = options.accounts ?? 6;
  const accounts = [managementAccountId];
  while (accounts.length < accountCount) {
    const id = String(100000000000 + rng.int(899999999999));
    if (!accounts.includes(id)) accounts.push(id);
  }
  const names = createNameGenerator(rng, {
    latinFirst: FIRST,
    latinLast: LAST,
    unicodeShare: options.unicodeNameShare,
  });
  const locals = new LocalParts();
  const users: AwsUserRecord[] = [];
  const userCount = options.users ?? 40;
  for (let i = 0; i < userCount; i++) {
    const person = names();
    const email = `${locals.take(`${person.asciiFirst}.${person.asciiLast}`)}@example.com`;
    const created = now - rng.int(900) * DAY_S;
    users.push({
      userId: resourceId(rng, storePrefix),
      userName: email,
      displayName: person.displayName,
      givenName: person.firstName,
      familyName: person.lastName,
      email,
      externalId: rng.chance(0.8)
        ? { issuer: 'https://scim.example-idp.com', id: `00u${rng.base62(17)}` }
        : null,
      status: rng.chance(options.disabledFraction ?? 0.07) ? 'DISABLED' : 'ENABLED',
      title: rng.chance(0.5) ? rng.pick(['Engineer', 'SRE', 'Analyst', 'Manager']) : null,
      createdAt: created,
      updatedAt: Math.min(now, created + rng.int(200) * DAY_S),
    });
  }
  const groupCount = options.groups ?? Math.max(3, Math.min(60, Math.ceil(userCount / 8)));
  const groups: AwsGroupRecord[] = [];
  for (let i = 0; i < groupCount; i++) {
    const team = `${TEAMS[i % TEAMS.length]}${i >= TEAMS.length ? `-${Math.floor(i / TEAMS.length) + 1}` : ''}`;
    groups.push({
      groupId: resourceId(rng, storePrefix),
      displayName: `aws-${team}`,
      description: rng.chance(0.6) ? `AWS access for the ${team} team` : null,
      externalId: rng.chance(0.8)
        ? { issuer: 'https://scim.example-idp.com', id: `00g${rng.base62(17)}` }
        : null,
    });
  }
  const memberships: AwsMembershipRecord[] = [];
  for (const user of users) {
    const picked = new Set<string>();
    const count = 1 + rng.int(3);
    for (let k = 0; k < count; k++) picked.add(rng.pick(groups).groupId);
    for (const groupId of picked)
      memberships.push({ membershipId: resourceId(rng, storePrefix), groupId, userId: user.userId });
  }
  memberships.sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));

  const instanceId = instanceArn.split('/')[1] as string;
  const permissionSets: AwsPermissionSetRecord[] = PERMISSION_SETS.map((p) => ({
    arn: `arn:aws:sso:::permissionSet/${instanceId}/ps-${hex(rng, 16)}`,
    name: p.name,
    description: rng.chance(0.7) ? `${p.name} for engineers` : null,
    sessionDuration: p.duration,
    createdDate: now - rng.int(700) * DAY_S,
    managedPolicies: p.managed.map((m) => ({
      Name: m.split('/').pop() as string,
      Arn: `arn:aws:iam::aws:policy/${m}`,
    })),
    customerManagedPolicies: p.customer.map((c) => ({ Name: c, Path: '/' })),
    inlinePolicy: p.inline
      ? JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }],
        })
      : '',
  }));
  const assignments: AwsAssignmentRecord[] = [];
  const seen = new Set<string>();
  const add = (a: AwsAssignmentRecord) => {
    const key = `${a.accountId}|${a.permissionSetArn}|${a.principalType}|${a.principalId}`;
    if (!seen.has(key)) {
      seen.add(key);
      assignments.push(a);
    }
  };
  for (const accountId of accounts) {
    for (const ps of permissionSets) {
      if (ps.name === 'BreakGlass' && accountId !== managementAccountId) continue;
      if (!rng.chance(ps.name === 'ReadOnlyAccess' ? 0.9 : 0.5)) continue;
      const groupAssignments = 1 + rng.int(3);
      for (let k = 0; k < groupAssignments; k++)
        add({
          accountId,
          permissionSetArn: ps.arn,
          principalType: 'GROUP',
          principalId: rng.pick(groups).groupId,
        });
      if (rng.chance(0.4))
        add({
          accountId,
          permissionSetArn: ps.arn,
          principalType: 'USER',
          principalId: rng.pick(users).userId,
        });
    }
  }
  return {
    instanceArn,
    identityStoreId,
    managementAccountId,
    accounts,
    users,
    groups,
    memberships,
    permissionSets,
    assignments,
  };
}
