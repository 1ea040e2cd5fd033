// Turns org records into the JSON Okta sends, adding the HAL `_links` that point at the simulator's own
// origin. Collections carry only `self` links on users, as Okta's do; single reads carry the lifecycle
// links that the user's status allows.
import { RawJson } from '../shared/replies.ts';
import type { AppUserEntry, OktaOrgIndex } from './org-index.ts';
import type {
  OktaAppRecord,
  OktaGroupRecord,
  OktaRoleAssignmentRecord,
  OktaUserRecord,
  OktaUserStatus,
} from './org-types.ts';

const post = (href: string) => ({ href, method: 'POST' });

/** Lifecycle operations Okta links for a user in each status. */
const LIFECYCLE_LINKS: Record<OktaUserStatus, readonly string[]> = {
  ACTIVE: ['suspend', 'resetPassword', 'expirePassword', 'resetFactors', 'deactivate'],
  LOCKED_OUT: ['unlock', 'resetPassword', 'expirePassword', 'resetFactors', 'deactivate'],
  PASSWORD_EXPIRED: ['resetPassword', 'resetFactors', 'deactivate'],
  RECOVERY: ['resetPassword', 'expirePassword', 'resetFactors', 'deactivate'],
  SUSPENDED: ['unsuspend', 'resetFactors', 'deactivate'],
  STAGED: ['activate', 'deactivate'],
  PROVISIONED: ['reactivate', 'resetFactors', 'deactivate'],
  DEPROVISIONED: ['activate'],
};

const LIFECYCLE_PATHS: Record<string, string> = {
  suspend: 'lifecycle/suspend',
  unsuspend: 'lifecycle/unsuspend',
  unlock: 'lifecycle/unlock',
  activate: 'lifecycle/activate',
  reactivate: 'lifecycle/reactivate',
  deactivate: 'lifecycle/deactivate',
  resetPassword: 'lifecycle/reset_password',
  expirePassword: 'lifecycle/expire_password',
  resetFactors: 'lifecycle/reset_factors',
};

export function userInList(user: OktaUserRecord, origin: string): object {
  return { ...user, _links: { self: { href: `${origin}/api/v1/users/${user.id}` } } };
}

/** Each user's JSON without its closing brace, serialized once: user pages are the hot path. */
const userJsonPrefixes = new WeakMap<OktaUserRecord, string>();

/** Same JSON as `userInList`, built from a cached serialization (ids and origins need no escaping). */
export function userInListJson(user: OktaUserRecord, origin: string): string {
  let prefix = userJsonPrefixes.get(user);
  if (prefix === undefined) {
    prefix = JSON.stringify(user).slice(0, -1);
    userJsonPrefixes.set(user, prefix);
  }
  return `${prefix},"_links":{"self":{"href":"${origin}/api/v1/users/${user.id}"}}}`;
}

export function userListJson(users: readonly OktaUserRecord[], origin: string): RawJson {
  return new RawJson(`[${users.map((user) => userInListJson(user, origin)).join(',')}]`);
}

export function userInFull(user: OktaUserRecord, origin: string): object {
  const self = `${origin}/api/v1/users/${user.id}`;
  const links: Record<string, object> = {};
  for (const name of LIFECYCLE_LINKS[user.status])
    links[name] = post(`${self}/${LIFECYCLE_PATHS[name] as string}`);
  if (user.status === 'ACTIVE') {
    links.forgotPassword = post(`${self}/credentials/forgot_password`);
    links.changeRecoveryQuestion = post(`${self}/credentials/change_recovery_question`);
    links.changePassword = post(`${self}/credentials/change_password`);
  }
  links.schema = { href: `${origin}/api/v1/meta/schemas/user/osc${user.type.id.slice(3)}` };
  links.type = { href: `${origin}/api/v1/meta/types/user/${user.type.id}` };
  links.self = { href: self };
  return { ...user, _links: links };
}

export interface GroupStats {
  usersCount: number;
  appsCount: number;
  groupPushMappingsCount: number;
  hasAdminPrivilege: boolean;
}

export function groupJson(group: OktaGroupRecord, origin: string, stats?: GroupStats): object {
  const self = `${origin}/api/v1/groups/${group.id}`;
  return {
    ...group,
    ...(stats ? { _embedded: { stats: { ...stats, _links: { self: { href: `${self}/stats` } } } } } : {}),
    _links: {
      logo: ['medium', 'large'].map((size) => ({
        name: size,
        href: `${origin}/img/logos/groups/okta-${size}.png`,
        type: 'image/png',
      })),
      users: { href: `${self}/users` },
      apps: { href: `${self}/apps` },
    },
  };
}

export function groupStats(index: OktaOrgIndex, group: OktaGroupRecord): GroupStats {
  return {
    usersCount: index.members(group.id).length,
    appsCount: index.appCountOfGroup(group.id),
    groupPushMappingsCount: 0,
    // Okta's schema spells this `hasAdminPrivlege`; the API and its docs examples say `hasAdminPrivilege`.
    hasAdminPrivilege: index.rolesOfGroup(group.id).length > 0,
  };
}

export function appJson(app: OktaAppRecord, origin: string): object {
  const self = `${origin}/api/v1/apps/${app.id}`;
  const links: Record<string, unknown> = {
    logo: [{ name: 'medium', href: `${origin}/assets/img/logos/default.png`, type: 'image/png' }],
    appLinks: Object.keys(app.visibility.appLinks).map((name) => ({
      name,
      href: `${origin}/home/${app.name}/${app.id}/${name}`,
      type: 'text/html',
    })),
    users: { href: `${self}/users` },
    groups: { href: `${self}/groups` },
    self: { href: self },
  };
  links[app.status === 'ACTIVE' ? 'deactivate' : 'activate'] = {
    href: `${self}/lifecycle/${app.status === 'ACTIVE' ? 'deactivate' : 'activate'}`,
  };
  if (app.signOnMode === 'SAML_2_0') {
    links.metadata = { href: `${self}/sso/saml/metadata`, type: 'application/xml' };
  }
  return { ...app, _links: links };
}

export function appUserJson(
  entry: AppUserEntry,
  user: OktaUserRecord,
  app: OktaAppRecord,
  origin: string,
  index: OktaOrgIndex,
  expandUser: boolean,
): object {
  const provisioned = app.features.includes('PUSH_NEW_USERS');
  // Assignment timestamps are derived from the ids, so nothing per assignment needs storing.
  const assigned = derivedInstant(
    entry.userId + app.id,
    Math.max(Date.parse(user.created), Date.parse(app.created)),
    Date.parse(index.org.referenceTime),
  );
  const group = entry.groupId ? index.group(entry.groupId) : undefined;
  return {
    id: user.id,
    created: assigned,
    lastUpdated: assigned,
    scope: entry.scope,
    status: provisioned ? 'PROVISIONED' : 'ACTIVE',
    statusChanged: assigned,
    passwordChanged: null,
    syncState: provisioned ? 'SYNCHRONIZED' : 'DISABLED',
    ...(provisioned ? { externalId: `ext-${user.id.slice(3, 13)}`, lastSync: assigned } : {}),
    credentials: { userName: user.profile.login },
    profile: {
      email: user.profile.email,
      firstName: user.profile.firstName,
      lastName: user.profile.lastName,
      displayName: user.profile.displayName,
    },
    ...(expandUser ? { _embedded: { user: userInList(user, origin) } } : {}),
    _links: {
      app: { href: `${origin}/api/v1/apps/${app.id}` },
      user: { href: `${origin}/api/v1/users/${user.id}` },
      ...(group ? { group: { name: group.profile.name, href: `${origin}/api/v1/groups/${group.id}` } } : {}),
    },
  };
}

export function appGroupJson(
  groupId: string,
  priority: number,
  app: OktaAppRecord,
  origin: string,
  index: OktaOrgIndex,
  expandGroup: boolean,
): object {
  const group = index.group(groupId) as OktaGroupRecord;
  return {
    id: groupId,
    lastUpdated: derivedInstant(
      groupId + app.id,
      Math.max(Date.parse(group.created), Date.parse(app.created)),
      Date.parse(index.org.referenceTime),
    ),
    priority,
    profile: {},
    ...(expandGroup ? { _embedded: { group: groupJson(group, origin) } } : {}),
    _links: {
      app: { href: `${origin}/api/v1/apps/${app.id}` },
      self: { href: `${origin}/api/v1/apps/${app.id}/groups/${groupId}` },
      group: { href: `${origin}/api/v1/groups/${groupId}` },
    },
  };
}

export function roleJson(role: OktaRoleAssignmentRecord, origin: string): object {
  const { assigneeId, ...fields } = role;
  const kind = role.assignmentType === 'USER' ? 'users' : 'groups';
  return { ...fields, _links: { assignee: { href: `${origin}/api/v1/${kind}/${assigneeId}` } } };
}

/** A stable instant in [from, to) chosen by hashing `key` (FNV-1a). */
function derivedInstant(key: string, from: number, to: number): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  const span = Math.max(0, to - from - 86_400_000);
  const ms = from + Math.floor((hash / 4294967296) * span);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}
