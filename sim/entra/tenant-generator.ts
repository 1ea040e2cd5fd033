// Seeded, deterministic Entra tenant: members and guests (some disabled, some never signed in), security,
// Microsoft 365 and dynamic groups with nested groups, app registrations and service principals, directory
// role assignments (users, role-assignable groups, service principals; directory-wide and scoped) and the
// MFA registration report. Plain arrays and maps built once: 100k users take about a second.
import { createNameGenerator, joinName, LocalParts } from '../shared/people.ts';
import { seededRandom } from '../shared/random.ts';
import type { SeededRandom } from '../shared/random.ts';
import {
  BUILT_IN_ROLES,
  DEFAULT_GRANTED_PERMISSIONS,
  DEPARTMENTS,
  FIRST_NAMES,
  GLOBAL_ADMINISTRATOR_ROLE_ID,
  GRAPH_PERMISSIONS,
  GROUP_NAMES,
  GUEST_DOMAINS,
  JOB_TITLES,
  LAST_NAMES,
  MFA_METHODS,
  OFFICES,
} from './catalog.ts';
import { generateApps } from './tenant-apps.ts';
import {
  DAY,
  cumulativeSums,
  daysBefore,
  guidFactory,
  isoSeconds,
  pickCumulative,
  randomGuid,
} from './tenant-primitives.ts';
import type {
  EntraGroupRecord,
  EntraServicePrincipalRecord,
  EntraUserRecord,
  GeneratedEntraTenant,
  MemberRef,
  RegistrationDetailsRecord,
  RoleAssignmentRecord,
  RoleDefinitionRecord,
} from './tenant-types.ts';

export type { GeneratedEntraTenant } from './tenant-types.ts';

/** Someone who also exists in another simulated system (an Okta org's user, say). */
export interface EntraPerson {
  email: string;
  firstName: string;
  lastName: string;
}

export interface EntraTenantOptions {
  seed?: number;
  /** Default: one more than `people` (the break-glass admin), else 50. */
  users?: number;
  /**
   * The people behind the first member accounts (after the break-glass admin), e.g. an Okta org's users:
   * their email is their userPrincipalName and mail, so identities link across sources. Always enabled
   * members; users beyond the list are made up.
   */
  people?: readonly EntraPerson[];
  /** Default max(3, users/25). */
  groups?: number;
  /** App registrations, the connector's own included. Default max(3, users/200). */
  applications?: number;
  /** Default 0.08. */
  disabledFraction?: number;
  /** Default 0.1. */
  guestFraction?: number;
  /** Share of enabled members who never signed in. Default 0.04. */
  neverSignedInFraction?: number;
  /** Share of people named outside plain Latin (see sim/shared/people.ts). */
  unicodeShare?: number;
  /** The "now" of the generated data; default 2025-06-01T00:00:00Z so a seed always gives the same tenant. */
  referenceTime?: number;
  /** Graph application permissions granted to the connector's app. Default: every one its datasets need. */
  grantedPermissions?: readonly string[];
  /** Epoch ms at which the connector's current secret expires. Default reference + 180 days. */
  clientSecretEndDateTime?: number;
  clientDisplayName?: string;
}

export const DEFAULT_REFERENCE_TIME = Date.UTC(2025, 5, 1);

export function defaultGroupCount(users: number): number {
  return Math.max(3, Math.round(users / 25));
}

export function defaultApplicationCount(users: number): number {
  return Math.max(3, Math.round(users / 200));
}

function requireCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

function requireFraction(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new Error(`${name} must be within [0, 1], got ${value}`);
  return value;
}

interface Context {
  rng: SeededRandom;
  newGuid: () => string;
  reference: number;
  tenantCreated: number;
}

export function generateEntraTenant(options: EntraTenantOptions = {}): GeneratedEntraTenant {
  const seed = options.seed ?? 1;
  const people = options.people ?? [];
  const userCount = requireCount('users', options.users ?? (people.length > 0 ? people.length + 1 : 50), 1);
  const groupCount = requireCount('groups', options.groups ?? defaultGroupCount(userCount), 1);
  const appCount = requireCount(
    'applications',
    options.applications ?? defaultApplicationCount(userCount),
    1,
  );
  const granted = [...(options.grantedPermissions ?? DEFAULT_GRANTED_PERMISSIONS)];
  for (const permission of granted) {
    if (!GRAPH_PERMISSIONS.includes(permission as never))
      throw new Error(`unknown Graph permission ${permission}; known: ${GRAPH_PERMISSIONS.join(', ')}`);
  }
  const reference = options.referenceTime ?? DEFAULT_REFERENCE_TIME;
  const rng = seededRandom(seed);
  const context: Context = {
    rng,
    newGuid: guidFactory(rng),
    reference,
    tenantCreated: reference - 7 * 365 * DAY,
  };
  const tenantId = context.newGuid();
  const name = `vouchsim${seed}`;
  const initialDomain = `${name}.onmicrosoft.com`;
  const verifiedDomain = `contoso${seed}.example`;

  const users = generateUsers(context, userCount, {
    disabled: requireFraction('disabledFraction', options.disabledFraction ?? 0.08),
    guests: requireFraction('guestFraction', options.guestFraction ?? 0.1),
    neverSignedIn: requireFraction('neverSignedInFraction', options.neverSignedInFraction ?? 0.04),
    unicodeShare: options.unicodeShare,
    people,
    initialDomain,
    verifiedDomain,
  });
  const { applications, servicePrincipals, client } = generateApps(
    { rng, newGuid: context.newGuid, reference, tenantId, initialDomain },
    appCount,
    {
      displayName: options.clientDisplayName ?? 'Vouch Compliance Reader',
      grantedPermissions: granted,
      secretEndDateTime: options.clientSecretEndDateTime ?? reference + 180 * DAY,
    },
  );
  const { groups, members } = generateGroups(context, groupCount, users, servicePrincipals, verifiedDomain);
  const roleDefinitions = generateRoleDefinitions(context);
  const roleAssignments = generateRoleAssignments(
    context,
    users,
    groups,
    servicePrincipals,
    applications.map((a) => a.id),
  );
  const registrationDetails = generateRegistrationDetails(context, users, roleAssignments);

  return {
    seed,
    tenantId,
    initialDomain,
    verifiedDomain,
    displayName: `Contoso ${seed}`,
    referenceTime: reference,
    users,
    groups,
    members,
    applications,
    servicePrincipals,
    roleDefinitions,
    roleAssignments,
    registrationDetails,
    client,
  };
}

interface UserMix {
  people: readonly EntraPerson[];
  disabled: number;
  guests: number;
  neverSignedIn: number;
  unicodeShare: number | undefined;
  initialDomain: string;
  verifiedDomain: string;
}

/** Sign-in request ids need no uniqueness check: they are never looked up. */
function requestIdOrNull(context: Context, at: number | null): string | null {
  return at === null ? null : randomGuid(context.rng);
}

function signInActivity(
  context: Context,
  enabled: boolean,
  created: number,
): EntraUserRecord['signInActivity'] {
  const { rng, reference } = context;
  // Disabled accounts mostly stopped signing in a while ago; enabled ones mostly signed in this month.
  const newest = Math.max(
    created,
    enabled ? daysBefore(rng, reference, 0, 3) : daysBefore(rng, reference, 30, 120),
  );
  const stale = rng.chance(enabled ? 0.08 : 0.6);
  const last = Math.max(
    created,
    stale ? daysBefore(rng, reference, 90, 500) : newest - rng.next() * 25 * DAY,
  );
  const failedLast = rng.chance(0.05);
  const lastSuccess = failedLast ? Math.max(created, last - rng.next() * 10 * DAY) : last;
  const nonInteractive = rng.chance(0.7) ? Math.min(reference, last + rng.next() * 2 * DAY) : null;
  return {
    lastSignInDateTime: isoSeconds(last),
    lastSignInRequestId: requestIdOrNull(context, last),
    lastNonInteractiveSignInDateTime: nonInteractive === null ? null : isoSeconds(nonInteractive),
    lastNonInteractiveSignInRequestId: requestIdOrNull(context, nonInteractive),
    lastSuccessfulSignInDateTime: isoSeconds(lastSuccess),
    lastSuccessfulSignInRequestId: requestIdOrNull(context, lastSuccess),
  };
}

function generateUsers(context: Context, count: number, mix: UserMix): EntraUserRecord[] {
  const { rng, reference } = context;
  const names = createNameGenerator(rng, {
    latinFirst: FIRST_NAMES,
    latinLast: LAST_NAMES,
    unicodeShare: mix.unicodeShare,
  });
  const localParts = new LocalParts();
  for (const known of mix.people) localParts.reserve(known.email.split('@')[0] as string);
  const users: EntraUserRecord[] = [];
  for (let i = 0; i < count; i++) {
    const known = i >= 1 ? mix.people[i - 1] : undefined;
    if (known) {
      users.push(knownUser(context, known, i));
      continue;
    }
    const person = names();
    // The first user is the break-glass Global Administrator on the initial domain, as tenants start.
    const breakGlass = i === 0;
    const guest = !breakGlass && rng.chance(mix.guests);
    const enabled = breakGlass || !rng.chance(mix.disabled);
    const created = breakGlass ? context.tenantCreated : daysBefore(rng, reference, 1, 7 * 365 - 1);
    const local = localParts.take(breakGlass ? 'admin' : `${person.asciiFirst}.${person.asciiLast}`);
    let userPrincipalName: string;
    let mail: string | null;
    let externalUserState: EntraUserRecord['externalUserState'] = null;
    if (guest) {
      const domain = rng.pick(GUEST_DOMAINS);
      mail = `${local}@${domain}`;
      userPrincipalName = `${local}_${domain}#EXT#@${mix.initialDomain}`;
      externalUserState = rng.chance(0.85) ? 'Accepted' : 'PendingAcceptance';
    } else {
      const domain = breakGlass ? mix.initialDomain : mix.verifiedDomain;
      userPrincipalName = `${local}@${domain}`;
      mail = breakGlass || rng.chance(0.03) ? null : userPrincipalName;
    }
    const neverSignedIn =
      externalUserState === 'PendingAcceptance' || (!breakGlass && rng.chance(mix.neverSignedIn));
    users.push({
      id: context.newGuid(),
      userPrincipalName,
      displayName: breakGlass ? 'Break Glass Admin' : person.displayName,
      givenName: breakGlass || (guest && rng.chance(0.5)) ? null : person.firstName,
      surname: breakGlass || (guest && rng.chance(0.5)) ? null : person.lastName,
      mail,
      mailNickname: local.replace(/[^A-Za-z0-9._-]/g, ''),
      jobTitle: guest ? null : rng.pick(JOB_TITLES),
      department: guest ? null : rng.pick(DEPARTMENTS),
      officeLocation: guest ? null : rng.pick(OFFICES),
      mobilePhone:
        !guest && rng.chance(0.4) ? `+1 425 555 ${String(rng.int(10_000)).padStart(4, '0')}` : null,
      businessPhones:
        !guest && rng.chance(0.5) ? [`+1 206 555 ${String(rng.int(10_000)).padStart(4, '0')}`] : [],
      preferredLanguage: guest ? null : rng.pick(['en-US', 'en-GB', 'de-DE', 'fr-FR', null]),
      employeeId: guest ? null : String(100_000 + i),
      accountEnabled: enabled,
      userType: guest ? 'Guest' : 'Member',
      externalUserState,
      createdDateTime: isoSeconds(created),
      signInActivity: neverSignedIn ? null : signInActivity(context, enabled, created),
    });
  }
  return users;
}

/** A member account for someone who exists elsewhere: same email, same name, enabled. */
function knownUser(context: Context, person: EntraPerson, i: number): EntraUserRecord {
  const { rng, reference } = context;
  const created = daysBefore(rng, reference, 30, 5 * 365);
  return {
    id: context.newGuid(),
    userPrincipalName: person.email,
    displayName: joinName(person.firstName, person.lastName),
    givenName: person.firstName,
    surname: person.lastName,
    mail: person.email,
    mailNickname: (person.email.split('@')[0] as string).replace(/[^A-Za-z0-9._-]/g, ''),
    jobTitle: rng.pick(JOB_TITLES),
    department: rng.pick(DEPARTMENTS),
    officeLocation: rng.pick(OFFICES),
    mobilePhone: null,
    businessPhones: [],
    preferredLanguage: 'en-US',
    employeeId: String(100_000 + i),
    accountEnabled: true,
    userType: 'Member',
    externalUserState: null,
    createdDateTime: isoSeconds(created),
    signInActivity: signInActivity(context, true, created),
  };
}

function groupName(index: number): string {
  const base = GROUP_NAMES[index % GROUP_NAMES.length] as string;
  const round = Math.floor(index / GROUP_NAMES.length);
  return round === 0 ? base : `${base} ${round + 1}`;
}

function generateGroups(
  context: Context,
  count: number,
  users: EntraUserRecord[],
  servicePrincipals: EntraServicePrincipalRecord[],
  verifiedDomain: string,
): { groups: EntraGroupRecord[]; members: Map<string, MemberRef[]> } {
  const { rng, reference } = context;
  const groups: EntraGroupRecord[] = [];
  const members = new Map<string, MemberRef[]>();
  for (let i = 0; i < count; i++) {
    const displayName = groupName(i);
    const nickname = displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    // Group 0 is the dynamic "All Staff" group; then a mix of security and Microsoft 365 groups.
    const dynamic = i === 0;
    // One security group always holds directory roles (IT Admins, or the second group in small tenants).
    const adminGroup = i === Math.min(11, count - 1) && i > 0;
    const unified = !dynamic && !adminGroup && rng.chance(0.35);
    const roleAssignable = adminGroup || (!dynamic && !unified && rng.chance(0.05));
    groups.push({
      id: context.newGuid(),
      displayName,
      description: rng.chance(0.7) ? `${displayName} team` : null,
      mail: unified ? `${nickname}@${verifiedDomain}` : null,
      mailEnabled: unified,
      mailNickname: nickname,
      securityEnabled: !unified || rng.chance(0.3),
      groupTypes: dynamic ? ['DynamicMembership'] : unified ? ['Unified'] : [],
      membershipRule: dynamic ? '(user.userType -eq "Member") and (user.accountEnabled -eq true)' : null,
      membershipRuleProcessingState: dynamic ? 'On' : null,
      isAssignableToRole: roleAssignable ? true : null,
      visibility: unified ? rng.pick(['Public', 'Private'] as const) : null,
      createdDateTime: isoSeconds(daysBefore(rng, reference, 5, 6 * 365)),
      securityIdentifier: `S-1-12-1-${rng.int(2 ** 31)}-${rng.int(2 ** 31)}-${rng.int(2 ** 31)}-${rng.int(2 ** 31)}`,
    });
    members.set(groups[i]!.id, []);
  }
  const allStaff = members.get(groups[0]!.id) as MemberRef[];
  for (const user of users) {
    if (user.userType === 'Member' && user.accountEnabled) allStaff.push({ kind: 'user', id: user.id });
  }
  if (count > 1) {
    // Zipf-ish sizes: a few big groups, many small ones. Each user joins about two of them.
    const weights = Array.from({ length: count - 1 }, (_, k) => 1 / (k + 1));
    const sums = cumulativeSums(weights);
    for (const user of users) {
      const joins = rng.int(4);
      const seen = new Set<number>();
      for (let j = 0; j < joins; j++) {
        const g = 1 + pickCumulative(rng, sums);
        if (seen.has(g)) continue;
        seen.add(g);
        members.get(groups[g]!.id)!.push({ kind: 'user', id: user.id });
      }
    }
    // Nesting: a group may contain groups created after it, so nesting never loops.
    for (let g = 1; g < count - 1; g++) {
      if (!rng.chance(0.12)) continue;
      const nested = 1 + rng.int(2);
      for (let k = 0; k < nested; k++) {
        const child = g + 1 + rng.int(count - g - 1);
        const list = members.get(groups[g]!.id)!;
        if (!list.some((m) => m.id === groups[child]!.id))
          list.push({ kind: 'group', id: groups[child]!.id });
      }
    }
    // Service principals in groups happen (app access via group membership).
    const someSp = servicePrincipals[rng.int(servicePrincipals.length)];
    if (someSp) members.get(groups[count - 1]!.id)!.push({ kind: 'servicePrincipal', id: someSp.id });
  }
  return { groups, members };
}

function generateRoleDefinitions(context: Context): RoleDefinitionRecord[] {
  const definitions: RoleDefinitionRecord[] = BUILT_IN_ROLES.map((role) => ({
    id: role.id,
    templateId: role.id,
    displayName: role.name,
    description: `Built-in role: ${role.name}.`,
    isBuiltIn: true,
    isEnabled: true,
    allowedResourceActions: [...role.actions],
  }));
  const customId = context.newGuid();
  definitions.push({
    id: customId,
    templateId: customId,
    displayName: 'Vouch Custom Access Reviewer',
    description: 'Custom role: reads users and groups for access reviews.',
    isBuiltIn: false,
    isEnabled: true,
    allowedResourceActions: [
      'microsoft.directory/users/standard/read',
      'microsoft.directory/groups/standard/read',
    ],
  });
  return definitions;
}

/** Role assignment ids look like base64 of the role and principal ids (`lAPpYvVpN0KRkAEhdxReEM...`). */
function assignmentId(rng: SeededRandom): string {
  return rng.base62(43);
}

function generateRoleAssignments(
  context: Context,
  users: EntraUserRecord[],
  groups: EntraGroupRecord[],
  servicePrincipals: EntraServicePrincipalRecord[],
  applicationObjectIds: string[],
): RoleAssignmentRecord[] {
  const { rng } = context;
  const assignments: RoleAssignmentRecord[] = [];
  const taken = new Set<string>();
  const add = (
    principalId: string,
    kind: RoleAssignmentRecord['principalKind'],
    roleId: string,
    scope = '/',
  ) => {
    const key = `${principalId} ${roleId} ${scope}`;
    if (taken.has(key)) return;
    taken.add(key);
    assignments.push({
      id: assignmentId(rng),
      principalId,
      principalKind: kind,
      roleDefinitionId: roleId,
      directoryScopeId: scope,
    });
  };
  const globalAdmins = Math.min(8, 2 + Math.floor(users.length / 5000));
  add(users[0]!.id, 'user', GLOBAL_ADMINISTRATOR_ROLE_ID);
  for (let k = 1; k < globalAdmins && users.length > 1; k++) {
    add(users[1 + rng.int(users.length - 1)]!.id, 'user', GLOBAL_ADMINISTRATOR_ROLE_ID);
  }
  // Every tenant shows each kind of principal: a role-assignable group and an app holding a role.
  const assignable = groups.filter((g) => g.isAssignableToRole);
  if (assignable[0]) add(assignable[0].id, 'group', BUILT_IN_ROLES[8].id);
  const ownApps = servicePrincipals.filter((sp) => sp.servicePrincipalType === 'Application');
  if (ownApps.length > 1) add(ownApps[1]!.id, 'servicePrincipal', BUILT_IN_ROLES[7].id);
  const others = BUILT_IN_ROLES.filter((r) => r.share > 0);
  const sums = cumulativeSums(others.map((r) => r.share));
  const total = Math.min(3000, Math.max(6, Math.round(users.length / 100)));
  for (let k = 0; k < total; k++) {
    const role = others[pickCumulative(rng, sums)]!;
    const roll = rng.next();
    let scope = '/';
    if (role.name === 'Application Administrator' && rng.chance(0.3) && applicationObjectIds.length > 0) {
      scope = `/${rng.pick(applicationObjectIds)}`;
    } else if (rng.chance(0.08)) {
      scope = `/administrativeUnits/${context.newGuid()}`;
    }
    if (roll < 0.08 && assignable.length > 0) add(rng.pick(assignable).id, 'group', role.id, scope);
    else if (roll < 0.12) add(rng.pick(servicePrincipals).id, 'servicePrincipal', role.id, scope);
    else add(rng.pick(users).id, 'user', role.id, scope);
  }
  return assignments;
}

const PREFERRED_BY_METHOD: Record<string, string> = {
  microsoftAuthenticatorPush: 'push',
  softwareOneTimePasscode: 'oath',
  mobilePhone: 'sms',
};

function generateRegistrationDetails(
  context: Context,
  users: EntraUserRecord[],
  roleAssignments: RoleAssignmentRecord[],
): RegistrationDetailsRecord[] {
  const { rng, reference } = context;
  const admins = new Set(roleAssignments.filter((a) => a.principalKind === 'user').map((a) => a.principalId));
  const ssprEnabled = rng.chance(0.8);
  const details: RegistrationDetailsRecord[] = [];
  // Microsoft: the report does not cover disabled users.
  for (const user of users) {
    if (!user.accountEnabled) continue;
    const guest = user.userType === 'Guest';
    const methods: string[] = [];
    if (!rng.chance(guest ? 0.7 : 0.15)) {
      methods.push(rng.chance(0.8) ? 'microsoftAuthenticatorPush' : 'softwareOneTimePasscode');
      if (rng.chance(0.4)) methods.push('mobilePhone');
      if (rng.chance(0.1))
        methods.push(rng.pick(['fido2', 'windowsHelloForBusiness', 'microsoftAuthenticatorPasswordless']));
    } else if (rng.chance(0.3)) {
      methods.push('email'); // SSPR-only: not an MFA method
    }
    const mfa = methods.some((m) => m !== 'email');
    const passwordless = methods.some((m) =>
      ['fido2', 'windowsHelloForBusiness', 'microsoftAuthenticatorPasswordless'].includes(m),
    );
    const sspr = methods.length > 0;
    const first = methods[0];
    details.push({
      id: user.id,
      userPrincipalName: user.userPrincipalName,
      userDisplayName: user.displayName,
      userType: guest ? 'guest' : 'member',
      isAdmin: admins.has(user.id),
      isSsprRegistered: sspr,
      isSsprEnabled: ssprEnabled,
      isSsprCapable: ssprEnabled && sspr,
      isMfaRegistered: mfa,
      isMfaCapable: mfa,
      isPasswordlessCapable: passwordless,
      isSystemPreferredAuthenticationMethodEnabled: true,
      methodsRegistered: methods.filter((m) => (MFA_METHODS as readonly string[]).includes(m)),
      systemPreferredAuthenticationMethods: mfa
        ? [passwordless ? 'Fido2' : first === 'mobilePhone' ? 'Sms' : 'PushNotification']
        : [],
      userPreferredMethodForSecondaryAuthentication: mfa
        ? (PREFERRED_BY_METHOD[first ?? ''] ?? 'push')
        : 'none',
      lastUpdatedDateTime: isoSeconds(daysBefore(rng, reference, 0, 200)),
    });
  }
  return details;
}
