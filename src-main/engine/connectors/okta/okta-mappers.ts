// Okta's JSON as far as each dataset reads it, parsed with zod at the boundary, and its mapping to Vouch
// dataset records. Each schema names only the fields its dataset maps (zod drops the rest without looking at
// them), so a group member, a full user object of ~650 bytes, costs one checked id. A missing or empty id is
// an error that leaves the dataset partial; it never becomes the text "undefined".
import { z } from 'zod';
import type {
  AccountRecord,
  AdminRoleRecord,
  AppRecord,
  GroupRecord,
} from '../../../../src-shared/datasets.ts';

const id = z.string().min(1);
/** Okta sends null or omits what it does not know; both read as absent. */
const text = z.string().nullish();

export const oktaUserSchema = z.object({
  id,
  status: text,
  created: text,
  activated: text,
  statusChanged: text,
  lastLogin: text,
  lastUpdated: text,
  passwordChanged: text,
  profile: z
    .object({ login: text, email: text, firstName: text, lastName: text, displayName: text })
    .nullish(),
});
export type OktaUser = z.infer<typeof oktaUserSchema>;

/** A member of a group or an admin: only who it is. */
export const oktaIdSchema = z.object({ id });

export const oktaAppUserSchema = z.object({ id, scope: text });

export const oktaGroupSchema = z.object({
  id,
  type: text,
  profile: z.object({ name: text, description: text }).nullish(),
  _embedded: z
    .object({
      stats: z
        .object({
          usersCount: z.number().int().nonnegative().nullish(),
          // The published spec (and so the SDK) spells it hasAdminPrivlege; the API sends the dictionary spelling.
          hasAdminPrivilege: z.boolean().nullish(),
          hasAdminPrivlege: z.boolean().nullish(),
        })
        .nullish(),
    })
    .nullish(),
});
export type OktaGroup = z.infer<typeof oktaGroupSchema>;

export const oktaAppSchema = z.object({ id, name: text, label: text, status: text, signOnMode: text });
export type OktaApp = z.infer<typeof oktaAppSchema>;

export const oktaRoleSchema = z.object({ id, type: text, label: text, assignmentType: text });
export type OktaRole = z.infer<typeof oktaRoleSchema>;

/** A page of `/iam/assignees/users`: the next page is in the body, not in a Link header. */
export const oktaAssigneePageSchema = z.object({
  value: z.array(oktaIdSchema).nullish(),
  _links: z.object({ next: z.object({ href: z.string() }).nullish() }).nullish(),
});

/** Okta sent an item its dataset cannot read: the dataset is partial with this as its reason. */
export class OktaPayloadError extends Error {
  readonly code = 'OKTA_UNEXPECTED_PAYLOAD';
  constructor(what: string, error: z.ZodError) {
    // Paths and zod's wording only: never the values, which may be personal data.
    const issues = error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`)
      .join('; ');
    super(`Okta sent ${what} Vouch cannot read (${issues})`);
    this.name = 'OktaPayloadError';
  }
}

/** Parses one item of a listing; `what` names it for the error ("a user", "a group member"). */
export function parseOkta<T>(schema: z.ZodType<T>, item: unknown, what: string): T {
  const result = schema.safeParse(item);
  if (!result.success) throw new OktaPayloadError(what, result.error);
  return result.data;
}

function str(value: string | null | undefined): string | null {
  return value ? value : null;
}

export function oktaUserToAccount(user: OktaUser): AccountRecord {
  const profile = user.profile;
  const first = str(profile?.firstName);
  const last = str(profile?.lastName);
  const displayName = str(profile?.displayName) ?? ([first, last].filter(Boolean).join(' ') || null);
  return {
    externalId: user.id,
    login: str(profile?.login),
    email: str(profile?.email),
    displayName,
    status: str(user.status) ?? 'UNKNOWN',
    createdAt: str(user.created),
    lastLoginAt: str(user.lastLogin),
    attributes: {
      firstName: first,
      lastName: last,
      activated: str(user.activated),
      statusChanged: str(user.statusChanged),
      passwordChanged: str(user.passwordChanged),
      lastUpdated: str(user.lastUpdated),
    },
  };
}

export interface OktaGroupFacts {
  record: GroupRecord;
  /** null when Okta did not say (no stats): then the group's roles must be asked for. */
  hasAdminPrivilege: boolean | null;
}

export function oktaGroupToRecord(group: OktaGroup): OktaGroupFacts {
  const stats = group._embedded?.stats ?? null;
  const admin = stats ? (stats.hasAdminPrivlege ?? stats.hasAdminPrivilege) : undefined;
  return {
    record: {
      externalId: group.id,
      name: str(group.profile?.name) ?? group.id,
      description: str(group.profile?.description),
      type: str(group.type),
      reportedMemberCount: stats?.usersCount ?? null,
    },
    hasAdminPrivilege: typeof admin === 'boolean' ? admin : null,
  };
}

export function oktaAppToRecord(app: OktaApp): AppRecord {
  return {
    externalId: app.id,
    name: str(app.name) ?? app.id,
    label: str(app.label) ?? str(app.name) ?? app.id,
    status: str(app.status) ?? 'UNKNOWN',
    signOnMode: str(app.signOnMode),
  };
}

export function oktaRoleToRecord(
  role: OktaRole,
  principalType: 'user' | 'group',
  principalId: string,
): AdminRoleRecord {
  return {
    principalType,
    principalExternalId: principalId,
    roleId: role.id,
    roleType: str(role.type) ?? 'CUSTOM',
    roleLabel: str(role.label) ?? str(role.type) ?? role.id,
    assignmentType: str(role.assignmentType),
    // Role targets (groups, apps a role is limited to) are not read: no scope is claimed.
    scope: null,
  };
}
