// The Datadog client's models as far as each dataset reads them, parsed with zod at the boundary (the client
// deserializes but checks nothing: a missing id would otherwise become the text "undefined"), and their
// mapping to Vouch records.
import { z } from 'zod';
import type { AccountRecord, AdminRoleRecord, RoleRecord } from '../../../../src-shared/datasets.ts';

const id = z.string().min(1);
const text = z.string().nullish();
const date = z.date().nullish();
const relationship = z.object({ data: z.array(z.object({ id })).nullish() }).nullish();

export const datadogUserSchema = z.object({
  id,
  attributes: z
    .object({
      name: text,
      handle: text,
      email: text,
      title: text,
      status: text,
      disabled: z.boolean().nullish(),
      verified: z.boolean().nullish(),
      serviceAccount: z.boolean().nullish(),
      mfaEnabled: z.boolean().nullish(),
      createdAt: date,
      modifiedAt: date,
      lastLoginTime: date,
    })
    .nullish(),
  relationships: z.object({ roles: relationship }).nullish(),
});
export type DatadogUser = z.infer<typeof datadogUserSchema>;

export const pageMetaSchema = z
  .object({
    page: z
      .object({
        totalCount: z.number().int().nonnegative().nullish(),
        totalFilteredCount: z.number().int().nullish(),
      })
      .nullish(),
  })
  .nullish();

export const datadogRoleSchema = z.object({
  id,
  attributes: z
    .object({
      name: text,
      createdAt: date,
      modifiedAt: date,
      userCount: z.number().int().nonnegative().nullish(),
    })
    .nullish(),
  relationships: z.object({ permissions: relationship }).nullish(),
});
export type DatadogRole = z.infer<typeof datadogRoleSchema>;

export const datadogPermissionSchema = z.object({
  id,
  attributes: z.object({ name: text, displayName: text, restricted: z.boolean().nullish() }).nullish(),
});

export class DatadogResponseError extends Error {
  override name = 'DatadogResponseError';
}

export function parseDatadog<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new DatadogResponseError(
      `${what} does not have the shape Datadog sends (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}).`,
    );
  }
  return result.data;
}

const iso = (value: Date | null | undefined): string | null => (value ? value.toISOString() : null);

/** Datadog's account attributes kept as their own columns of datadog.users and datadog.service_accounts. */
export const datadogAccountAttributes = z.object({
  service_account: z.boolean(),
  disabled: z.boolean().nullable(),
  verified: z.boolean().nullable(),
  mfa_enabled: z.boolean().nullable(),
  title: z.string().nullable(),
  modified_at: z.string().nullable(),
  roles: z.string(),
});

export function datadogUserToAccount(
  user: DatadogUser,
  roleNames: ReadonlyMap<string, string>,
): AccountRecord {
  const a = user.attributes ?? {};
  const roles = (user.relationships?.roles?.data ?? []).map((r) => roleNames.get(r.id) ?? r.id);
  return {
    externalId: user.id,
    login: a.handle ?? null,
    email: a.email ?? null,
    displayName: a.name ?? null,
    // Datadog's words (Active, Pending, Disabled); the connector's statusVocabulary maps them.
    status: a.status ?? (a.disabled ? 'Disabled' : 'unknown'),
    createdAt: iso(a.createdAt),
    lastLoginAt: iso(a.lastLoginTime),
    attributes: {
      service_account: a.serviceAccount ?? false,
      disabled: a.disabled ?? null,
      verified: a.verified ?? null,
      mfa_enabled: a.mfaEnabled ?? null,
      title: a.title ?? null,
      modified_at: iso(a.modifiedAt),
      roles: roles.join('; '),
    },
  };
}

/** Datadog's managed roles: every org has them, and nobody can edit their permissions. */
export const MANAGED_ROLE_NAMES = new Set([
  'Datadog Admin Role',
  'Datadog Standard Role',
  'Datadog Read Only Role',
]);

/**
 * Permissions that let a holder take over the org or act as someone else: the legacy Privileged Access
 * (`admin`), org management, managing users and their roles, and writing org-wide API or application keys.
 * A role holding any of them is privileged.
 */
export const PRIVILEGED_PERMISSIONS = [
  'admin',
  'org_management',
  'user_access_manage',
  'user_access_invite',
  'api_keys_write',
  'org_app_keys_write',
] as const;

export function datadogRoleToRecord(role: DatadogRole, permissions: string[]): RoleRecord {
  const a = role.attributes ?? {};
  const name = a.name ?? role.id;
  const held = new Set(permissions);
  return {
    externalId: role.id,
    name,
    description: null,
    builtIn: MANAGED_ROLE_NAMES.has(name),
    privileged: PRIVILEGED_PERMISSIONS.some((p) => held.has(p)),
    permissions: [...permissions].sort(),
    attributes: {
      user_count: a.userCount ?? null,
      created_at: iso(a.createdAt),
      modified_at: iso(a.modifiedAt),
      privileged_permissions: PRIVILEGED_PERMISSIONS.filter((p) => held.has(p)),
    },
  };
}

export function roleAssignment(
  user: DatadogUser,
  roleId: string,
  role: { name: string; managed: boolean } | undefined,
): AdminRoleRecord {
  return {
    principalType: user.attributes?.serviceAccount ? 'service_account' : 'user',
    principalExternalId: user.id,
    roleId,
    roleType: role ? (role.managed ? 'managed' : 'custom') : 'unknown',
    roleLabel: role?.name ?? roleId,
    assignmentType: 'direct',
    scope: null,
  };
}
