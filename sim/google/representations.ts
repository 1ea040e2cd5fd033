// Records to the Directory API's JSON: `projection=full` users (every field Google sends for a plain
// account; Google omits a false `suspended` reason, empty aliases and a never-set recovery email), groups,
// members, roles, role assignments and tokens, each with its `kind` and an etag.
import { createHash } from 'node:crypto';
import { wholeSecondIso } from '../shared/timestamps.ts';
import type {
  GeneratedGoogleDomain,
  GoogleGroupRecord,
  GoogleUserRecord,
  MemberRef,
  RoleAssignmentRecord,
  RoleRecord,
  TokenRecord,
} from './domain-types.ts';

/** What Google sends as lastLoginTime for an account that never signed in. */
export const NEVER = '1970-01-01T00:00:00.000Z';

export function etag(...parts: string[]): string {
  const digest = createHash('sha1').update(parts.join('|')).digest('base64url');
  return `"${digest.slice(0, 27)}/${digest.slice(0, 27).split('').reverse().join('')}"`;
}

const iso = (ms: number): string => wholeSecondIso(ms, '.000Z');

export function userJson(
  user: GoogleUserRecord,
  domain: GeneratedGoogleDomain,
  projection: string,
): Record<string, unknown> {
  const local = user.primaryEmail.split('@')[0] as string;
  const json: Record<string, unknown> = {
    kind: 'admin#directory#user',
    id: user.id,
    etag: etag(user.id, user.primaryEmail),
    primaryEmail: user.primaryEmail,
    name: {
      givenName: user.givenName,
      familyName: user.familyName,
      fullName: user.fullName,
      displayName: user.fullName,
    },
    isAdmin: user.isAdmin,
    isDelegatedAdmin: user.isDelegatedAdmin,
    lastLoginTime: user.lastLoginTime === null ? NEVER : iso(user.lastLoginTime),
    creationTime: iso(user.creationTime),
    agreedToTerms: user.agreedToTerms,
    suspended: user.suspended,
    archived: user.archived,
    changePasswordAtNextLogin: user.changePasswordAtNextLogin,
    ipWhitelisted: false,
    emails: [
      { address: user.primaryEmail, primary: true },
      ...user.aliases.map((address) => ({ address })),
      { address: `${local}@${domain.domain.replace(/\.example$/, '')}.test-google-a.com` },
    ],
    languages: [{ languageCode: 'en', preference: 'preferred' }],
    nonEditableAliases: [`${local}@${domain.domain.replace(/\.example$/, '')}.test-google-a.com`],
    customerId: domain.customerId,
    orgUnitPath: user.orgUnitPath,
    isMailboxSetup: user.isMailboxSetup,
    isEnrolledIn2Sv: user.isEnrolledIn2Sv,
    isEnforcedIn2Sv: user.isEnforcedIn2Sv,
    includeInGlobalAddressList: true,
  };
  if (user.suspensionReason !== null) json.suspensionReason = user.suspensionReason;
  if (user.aliases.length > 0) json.aliases = user.aliases;
  if (user.recoveryEmail !== null) json.recoveryEmail = user.recoveryEmail;
  if (user.deletionTime !== null) json.deletionTime = iso(user.deletionTime);
  if (projection === 'full') json.customSchemas = {};
  return json;
}

export function groupJson(group: GoogleGroupRecord, countSkew = 0): Record<string, unknown> {
  const json: Record<string, unknown> = {
    kind: 'admin#directory#group',
    id: group.id,
    etag: etag(group.id),
    email: group.email,
    name: group.name,
    directMembersCount: String(group.members.length + countSkew),
    description: group.description,
    adminCreated: group.adminCreated,
  };
  if (group.aliases.length > 0) json.aliases = group.aliases;
  return json;
}

export function memberJson(
  ref: MemberRef,
  domain: GeneratedGoogleDomain,
  lookup: {
    user(id: string): GoogleUserRecord | undefined;
    group(id: string): GoogleGroupRecord | undefined;
  },
): Record<string, unknown> {
  if (ref.type === 'CUSTOMER') {
    // Google lists the whole-customer member with the customer id and no email.
    return {
      kind: 'admin#directory#member',
      etag: etag('C', domain.customerId),
      id: domain.customerId,
      role: ref.role,
      type: 'CUSTOMER',
    };
  }
  if (ref.type === 'GROUP') {
    const group = lookup.group(ref.id);
    return {
      kind: 'admin#directory#member',
      etag: etag('G', ref.id),
      id: ref.id,
      email: group?.email ?? '',
      role: ref.role,
      type: 'GROUP',
      status: 'ACTIVE',
    };
  }
  const user = lookup.user(ref.id);
  return {
    kind: 'admin#directory#member',
    etag: etag('U', ref.id),
    id: ref.id,
    email: user?.primaryEmail ?? '',
    role: ref.role,
    type: 'USER',
    status: user?.suspended ? 'SUSPENDED' : 'ACTIVE',
    delivery_settings: 'ALL_MAIL',
  };
}

export function roleJson(role: RoleRecord): Record<string, unknown> {
  const json: Record<string, unknown> = {
    kind: 'admin#directory#role',
    etag: etag('R', role.roleId),
    roleId: role.roleId,
    roleName: role.roleName,
    roleDescription: role.roleDescription,
    rolePrivileges: role.privileges.map((p) => ({ privilegeName: p.privilegeName, serviceId: p.serviceId })),
  };
  if (role.isSystemRole) json.isSystemRole = true;
  if (role.isSuperAdminRole) json.isSuperAdminRole = true;
  return json;
}

export function roleAssignmentJson(assignment: RoleAssignmentRecord): Record<string, unknown> {
  const json: Record<string, unknown> = {
    kind: 'admin#directory#roleAssignment',
    etag: etag('A', assignment.roleAssignmentId),
    roleAssignmentId: assignment.roleAssignmentId,
    roleId: assignment.roleId,
    assignedTo: assignment.assignedTo,
    assigneeType: assignment.assigneeType,
    scopeType: assignment.scopeType,
  };
  if (assignment.orgUnitId !== null) json.orgUnitId = assignment.orgUnitId.replace(/^id:/, '');
  return json;
}

export function tokenJson(token: TokenRecord, userId: string): Record<string, unknown> {
  return {
    kind: 'admin#directory#token',
    etag: etag('T', userId, token.clientId),
    clientId: token.clientId,
    displayText: token.displayText,
    anonymous: token.anonymous,
    nativeApp: token.nativeApp,
    userKey: userId,
    scopes: token.scopes,
  };
}
