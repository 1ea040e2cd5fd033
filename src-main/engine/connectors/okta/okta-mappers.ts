// Okta SDK models → Vouch dataset records.
import type {
  AccountRecord,
  AdminRoleRecord,
  AppRecord,
  GroupRecord,
} from '../../../../src-shared/datasets.ts';

type Loose = Record<string, unknown>;

function iso(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return typeof value === 'string' && value ? value : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

export function oktaUserToAccount(user: Loose): AccountRecord {
  const profile = (user.profile ?? {}) as Loose;
  const first = str(profile.firstName);
  const last = str(profile.lastName);
  const displayName = str(profile.displayName) ?? ([first, last].filter(Boolean).join(' ') || null);
  return {
    externalId: String(user.id),
    login: str(profile.login),
    email: str(profile.email),
    displayName,
    status: String(user.status ?? 'UNKNOWN'),
    createdAt: iso(user.created),
    lastLoginAt: iso(user.lastLogin),
    attributes: {
      firstName: first,
      lastName: last,
      activated: iso(user.activated),
      statusChanged: iso(user.statusChanged),
      passwordChanged: iso(user.passwordChanged),
      lastUpdated: iso(user.lastUpdated),
    },
  };
}

export interface OktaGroupFacts {
  record: GroupRecord;
  /** null when Okta did not say (no stats): then the group's roles must be asked for. */
  hasAdminPrivilege: boolean | null;
}

export function oktaGroupToRecord(group: Loose): OktaGroupFacts {
  const profile = (group.profile ?? {}) as Loose;
  const stats = (((group._embedded ?? {}) as Loose).stats ?? null) as Loose | null;
  const usersCount = stats && typeof stats.usersCount === 'number' ? stats.usersCount : null;
  // The published spec (and so the SDK) spells it hasAdminPrivlege; accept the dictionary spelling too.
  const admin = stats ? (stats.hasAdminPrivlege ?? stats.hasAdminPrivilege) : undefined;
  return {
    record: {
      externalId: String(group.id),
      name: str(profile.name) ?? String(group.id),
      description: str(profile.description),
      type: str(group.type),
      reportedMemberCount: usersCount,
    },
    hasAdminPrivilege: typeof admin === 'boolean' ? admin : null,
  };
}

export function oktaAppToRecord(app: Loose): AppRecord {
  return {
    externalId: String(app.id),
    name: str(app.name) ?? String(app.id),
    label: str(app.label) ?? str(app.name) ?? String(app.id),
    status: String(app.status ?? 'UNKNOWN'),
    signOnMode: str(app.signOnMode),
  };
}

export function oktaRoleToRecord(
  role: Loose,
  principalType: 'user' | 'group',
  principalId: string,
): AdminRoleRecord {
  return {
    principalType,
    principalExternalId: principalId,
    roleId: String(role.id),
    roleType: str(role.type) ?? 'CUSTOM',
    roleLabel: str(role.label) ?? str(role.type) ?? String(role.id),
    assignmentType: str(role.assignmentType),
  };
}
