// The one registry of entities: per entity its table, natural key, record schema (what connectors emit, in
// src-shared/datasets.ts), and the artifact row it becomes (a zod schema whose keys are the artifact's columns).
import { z } from 'zod';
import {
  entityRecordSchemas,
  type DatasetEntity,
  type EntityRecordMap,
} from '../../../src-shared/datasets.ts';
import { joinedList, sortedJson } from './sorted-json.ts';

type Row = Record<string, unknown>;

export interface EntityTable<E extends DatasetEntity> {
  table: string;
  /** What a connector emits for this entity (parsed at the trust boundary by whoever reads provider JSON). */
  recordSchema: (typeof entityRecordSchemas)[E];
  /** The evidence row: its keys, in order, are the artifact's columns (accounts add declared attributes). */
  artifactSchema: z.ZodObject<z.ZodRawShape>;
  /** Natural key within a source: the upsert's conflict target and the artifact's sort order. */
  keyColumns: string[];
  /** The key columns under their artifact names. */
  artifactKeyColumns: string[];
  valueColumns: string[];
  /** Values for keyColumns then valueColumns, in order. */
  toValues(record: EntityRecordMap[E]): unknown[];
  /**
   * A stored row as an evidence row: stable names, no internal bookkeeping. Accounts spread their provider
   * attributes as further keys; the artifact writer keeps the declared ones as columns and the rest as JSON.
   */
  toArtifactRow(row: Row): Row;
  /**
   * Accounts spread their provider attributes into the artifact row (declared ones become columns, the
   * artifact writer gathers the rest into `attributes`); the other entities carry `attributes` as stored.
   */
  spreadsAttributes?: true;
}

const text = z.string().nullable();
const int = z.number().int().nullable();

/** The artifact columns of an entity, in order. */
export function entityColumns(entity: DatasetEntity): string[] {
  return Object.keys(entityTables[entity].artifactSchema.shape);
}

/**
 * The column holding provider attributes beyond the declared ones, as sorted JSON: accounts gather it from the
 * attributes they spread (the artifact writer), the other entities store it as such.
 */
export const extraAttributesColumn = 'attributes';

function pick(row: Row, names: Record<string, string>): Row {
  const out: Row = {};
  for (const [column, name] of Object.entries(names)) out[name] = row[column] ?? null;
  return out;
}

const accounts: EntityTable<'accounts'> = {
  table: 'accounts',
  spreadsAttributes: true,
  recordSchema: entityRecordSchemas.accounts,
  artifactSchema: z.object({
    id: z.string(),
    login: text,
    email: text,
    display_name: text,
    status: z.string(),
    created: text,
    last_login: text,
  }),
  keyColumns: ['external_id'],
  artifactKeyColumns: ['id'],
  valueColumns: [
    'login',
    'email',
    'display_name',
    'status',
    'created_at_provider',
    'last_login_at',
    'attributes',
  ],
  toValues: (r) => [
    r.externalId,
    r.login,
    r.email,
    r.displayName,
    r.status,
    r.createdAt,
    r.lastLoginAt,
    JSON.stringify(r.attributes),
  ],
  toArtifactRow: (row) => {
    const attributes = JSON.parse(String(row.attributes ?? '{}')) as Row;
    const base = pick(row, {
      external_id: 'id',
      login: 'login',
      email: 'email',
      display_name: 'display_name',
      status: 'status',
      created_at_provider: 'created',
      last_login_at: 'last_login',
    });
    for (const key of Object.keys(attributes).sort()) base[key] = attributes[key] ?? null;
    return base;
  },
};

const groups: EntityTable<'groups'> = {
  table: 'groups',
  recordSchema: entityRecordSchemas.groups,
  artifactSchema: z.object({
    id: z.string(),
    name: z.string(),
    description: text,
    type: text,
    member_count: int,
  }),
  keyColumns: ['external_id'],
  artifactKeyColumns: ['id'],
  valueColumns: ['name', 'description', 'type', 'reported_member_count'],
  toValues: (r) => [r.externalId, r.name, r.description, r.type, r.reportedMemberCount],
  toArtifactRow: (row) =>
    pick(row, {
      external_id: 'id',
      name: 'name',
      description: 'description',
      type: 'type',
      reported_member_count: 'member_count',
    }),
};

const groupMembers: EntityTable<'group_members'> = {
  table: 'group_members',
  recordSchema: entityRecordSchemas.group_members,
  artifactSchema: z.object({ group_id: z.string(), user_id: z.string() }),
  keyColumns: ['group_external_id', 'account_external_id'],
  artifactKeyColumns: ['group_id', 'user_id'],
  valueColumns: [],
  toValues: (r) => [r.groupExternalId, r.accountExternalId],
  toArtifactRow: (row) => pick(row, { group_external_id: 'group_id', account_external_id: 'user_id' }),
};

const apps: EntityTable<'apps'> = {
  table: 'apps',
  recordSchema: entityRecordSchemas.apps,
  artifactSchema: z.object({
    id: z.string(),
    name: z.string(),
    label: z.string(),
    status: z.string(),
    sign_on_mode: text,
  }),
  keyColumns: ['external_id'],
  artifactKeyColumns: ['id'],
  valueColumns: ['name', 'label', 'status', 'sign_on_mode'],
  toValues: (r) => [r.externalId, r.name, r.label, r.status, r.signOnMode],
  toArtifactRow: (row) =>
    pick(row, {
      external_id: 'id',
      name: 'name',
      label: 'label',
      status: 'status',
      sign_on_mode: 'sign_on_mode',
    }),
};

const appAssignments: EntityTable<'app_assignments'> = {
  table: 'app_assignments',
  recordSchema: entityRecordSchemas.app_assignments,
  artifactSchema: z.object({
    app_id: z.string(),
    principal_type: z.string(),
    principal_id: z.string(),
    scope: text,
  }),
  keyColumns: ['app_external_id', 'principal_type', 'principal_external_id'],
  artifactKeyColumns: ['app_id', 'principal_type', 'principal_id'],
  valueColumns: ['scope'],
  toValues: (r) => [r.appExternalId, r.principalType, r.principalExternalId, r.scope],
  toArtifactRow: (row) =>
    pick(row, {
      app_external_id: 'app_id',
      principal_type: 'principal_type',
      principal_external_id: 'principal_id',
      scope: 'scope',
    }),
};

const adminRoles: EntityTable<'admin_roles'> = {
  table: 'admin_roles',
  recordSchema: entityRecordSchemas.admin_roles,
  artifactSchema: z.object({
    principal_type: z.string(),
    principal_id: z.string(),
    role_assignment_id: z.string(),
    role_type: z.string(),
    role_label: z.string(),
    assignment_type: text,
    scope: text,
  }),
  keyColumns: ['principal_type', 'principal_external_id', 'role_id'],
  artifactKeyColumns: ['principal_type', 'principal_id', 'role_assignment_id'],
  valueColumns: ['role_type', 'role_label', 'assignment_type', 'scope'],
  toValues: (r) => [
    r.principalType,
    r.principalExternalId,
    r.roleId,
    r.roleType,
    r.roleLabel,
    r.assignmentType,
    r.scope,
  ],
  toArtifactRow: (row) =>
    pick(row, {
      principal_type: 'principal_type',
      principal_external_id: 'principal_id',
      role_id: 'role_assignment_id',
      role_type: 'role_type',
      role_label: 'role_label',
      assignment_type: 'assignment_type',
      scope: 'scope',
    }),
};

const sourceSettings: EntityTable<'source_settings'> = {
  table: 'source_settings',
  recordSchema: entityRecordSchemas.source_settings,
  artifactSchema: z.object({ name: z.string(), value: text, visible: z.boolean().nullable(), note: text }),
  keyColumns: ['name'],
  artifactKeyColumns: ['name'],
  valueColumns: ['value', 'visible', 'note'],
  // SQLite has no boolean: 1/0 in, true/false out.
  toValues: (r) => [r.name, r.value, r.visible ? 1 : 0, r.note],
  toArtifactRow: (row) => ({
    ...pick(row, { name: 'name', value: 'value' }),
    visible: row.visible === undefined ? null : row.visible === 1,
    note: row.note ?? null,
  }),
};

const repoPermissions: EntityTable<'repo_permissions'> = {
  table: 'repo_permissions',
  recordSchema: entityRecordSchemas.repo_permissions,
  artifactSchema: z.object({
    repo_id: z.string(),
    repo: z.string(),
    principal_type: z.string(),
    principal_id: z.string(),
    principal: z.string(),
    permission: z.string(),
    role_name: text,
    via: z.string(),
  }),
  keyColumns: ['repo_external_id', 'principal_type', 'principal_external_id', 'via'],
  artifactKeyColumns: ['repo_id', 'principal_type', 'principal_id', 'via'],
  valueColumns: ['repo_name', 'principal_name', 'permission', 'role_name'],
  toValues: (r) => [
    r.repoExternalId,
    r.principalType,
    r.principalExternalId,
    r.via,
    r.repoName,
    r.principalName,
    r.permission,
    r.roleName,
  ],
  toArtifactRow: (row) =>
    pick(row, {
      repo_external_id: 'repo_id',
      repo_name: 'repo',
      principal_type: 'principal_type',
      principal_external_id: 'principal_id',
      principal_name: 'principal',
      permission: 'permission',
      role_name: 'role_name',
      via: 'via',
    }),
};

const checkResults: EntityTable<'check_results'> = {
  table: 'check_results',
  recordSchema: entityRecordSchemas.check_results,
  artifactSchema: z.object({
    check: z.string(),
    subject_id: z.string(),
    subject: text,
    observed: z.string(),
    result: z.string(),
    detail: text,
  }),
  keyColumns: ['check_id', 'subject_external_id'],
  artifactKeyColumns: ['check', 'subject_id'],
  valueColumns: ['subject_name', 'observed', 'result', 'detail'],
  toValues: (r) => [r.check, r.subjectExternalId, r.subjectName, r.observed, r.result, r.detail],
  toArtifactRow: (row) =>
    pick(row, {
      check_id: 'check',
      subject_external_id: 'subject_id',
      subject_name: 'subject',
      observed: 'observed',
      result: 'result',
      detail: 'detail',
    }),
};

/** Stored booleans (1/0/null) as evidence values. */
function bool(value: unknown): boolean | null {
  return value === null || value === undefined ? null : value === 1 || value === true;
}

const resources: EntityTable<'resources'> = {
  table: 'resources',
  recordSchema: entityRecordSchemas.resources,
  artifactSchema: z.object({
    type: z.string(),
    id: z.string(),
    name: z.string(),
    parent_id: text,
    visibility: text,
    status: text,
    created: text,
    attributes: z.string(),
  }),
  keyColumns: ['type', 'external_id'],
  artifactKeyColumns: ['type', 'id'],
  valueColumns: ['name', 'parent_external_id', 'visibility', 'status', 'created_at_provider', 'attributes'],
  toValues: (r) => [
    r.type,
    r.externalId,
    r.name,
    r.parentExternalId,
    r.visibility,
    r.status,
    r.createdAt,
    sortedJson(r.attributes),
  ],
  toArtifactRow: (row) =>
    pick(row, {
      type: 'type',
      external_id: 'id',
      name: 'name',
      parent_external_id: 'parent_id',
      visibility: 'visibility',
      status: 'status',
      created_at_provider: 'created',
      attributes: 'attributes',
    }),
};

const resourceGrants: EntityTable<'resource_grants'> = {
  table: 'resource_grants',
  recordSchema: entityRecordSchemas.resource_grants,
  artifactSchema: z.object({
    resource_type: z.string(),
    resource_id: z.string(),
    resource: text,
    principal_type: z.string(),
    principal_id: z.string(),
    principal: text,
    permission: z.string(),
    access_level: text,
    via: z.string(),
    via_id: text,
    expires: text,
    attributes: z.string(),
  }),
  keyColumns: [
    'resource_type',
    'resource_external_id',
    'principal_type',
    'principal_external_id',
    'permission',
    'via',
    'via_external_id',
  ],
  artifactKeyColumns: [
    'resource_type',
    'resource_id',
    'principal_type',
    'principal_id',
    'permission',
    'via',
    'via_id',
  ],
  valueColumns: ['resource_name', 'principal_name', 'access_level', 'expires_at', 'attributes'],
  // A direct grant has no via id; the primary key stores it as '' and the evidence shows null again.
  toValues: (r) => [
    r.resourceType,
    r.resourceExternalId,
    r.principalType,
    r.principalExternalId,
    r.permission,
    r.via,
    r.viaExternalId ?? '',
    r.resourceName,
    r.principalName,
    r.accessLevel,
    r.expiresAt,
    sortedJson(r.attributes),
  ],
  toArtifactRow: (row) => ({
    ...pick(row, {
      resource_type: 'resource_type',
      resource_external_id: 'resource_id',
      resource_name: 'resource',
      principal_type: 'principal_type',
      principal_external_id: 'principal_id',
      principal_name: 'principal',
      permission: 'permission',
      access_level: 'access_level',
      via: 'via',
    }),
    via_id: row.via_external_id === '' ? null : (row.via_external_id ?? null),
    expires: row.expires_at ?? null,
    attributes: row.attributes ?? null,
  }),
};

const roles: EntityTable<'roles'> = {
  table: 'roles',
  recordSchema: entityRecordSchemas.roles,
  artifactSchema: z.object({
    id: z.string(),
    name: z.string(),
    description: text,
    built_in: z.boolean().nullable(),
    privileged: z.boolean().nullable(),
    permissions: z.string(),
    attributes: z.string(),
  }),
  keyColumns: ['external_id'],
  artifactKeyColumns: ['id'],
  valueColumns: ['name', 'description', 'built_in', 'privileged', 'permissions', 'attributes'],
  toValues: (r) => [
    r.externalId,
    r.name,
    r.description,
    r.builtIn === null ? null : r.builtIn ? 1 : 0,
    r.privileged === null ? null : r.privileged ? 1 : 0,
    JSON.stringify(r.permissions),
    sortedJson(r.attributes),
  ],
  toArtifactRow: (row) => ({
    ...pick(row, { external_id: 'id', name: 'name', description: 'description' }),
    built_in: bool(row.built_in),
    privileged: bool(row.privileged),
    permissions: joinedList(row.permissions) ?? '',
    attributes: row.attributes ?? null,
  }),
};

const credentials: EntityTable<'credentials'> = {
  table: 'credentials',
  recordSchema: entityRecordSchemas.credentials,
  artifactSchema: z.object({
    id: z.string(),
    type: z.string(),
    owner_type: z.string(),
    owner_id: z.string(),
    owner: text,
    name: text,
    scopes: text,
    created: text,
    expires: text,
    last_used: text,
    status: text,
    attributes: z.string(),
  }),
  keyColumns: ['external_id'],
  artifactKeyColumns: ['id'],
  valueColumns: [
    'type',
    'owner_type',
    'owner_external_id',
    'owner_name',
    'name',
    'scopes',
    'created_at_provider',
    'expires_at',
    'last_used_at',
    'status',
    'attributes',
  ],
  toValues: (r) => [
    r.externalId,
    r.type,
    r.ownerType,
    r.ownerExternalId,
    r.ownerName,
    r.name,
    r.scopes === null ? null : JSON.stringify(r.scopes),
    r.createdAt,
    r.expiresAt,
    r.lastUsedAt,
    r.status,
    sortedJson(r.attributes),
  ],
  toArtifactRow: (row) => ({
    ...pick(row, {
      external_id: 'id',
      type: 'type',
      owner_type: 'owner_type',
      owner_external_id: 'owner_id',
      owner_name: 'owner',
      name: 'name',
    }),
    scopes: joinedList(row.scopes),
    ...pick(row, {
      created_at_provider: 'created',
      expires_at: 'expires',
      last_used_at: 'last_used',
      status: 'status',
      attributes: 'attributes',
    }),
  }),
};

const authFactors: EntityTable<'auth_factors'> = {
  table: 'auth_factors',
  recordSchema: entityRecordSchemas.auth_factors,
  artifactSchema: z.object({
    account_id: z.string(),
    factor_type: z.string(),
    strength: z.string(),
    status: text,
    registered: text,
    last_used: text,
    attributes: z.string(),
  }),
  keyColumns: ['account_external_id', 'factor_type'],
  artifactKeyColumns: ['account_id', 'factor_type'],
  valueColumns: ['strength', 'status', 'registered_at', 'last_used_at', 'attributes'],
  toValues: (r) => [
    r.accountExternalId,
    r.factorType,
    r.strength,
    r.status,
    r.registeredAt,
    r.lastUsedAt,
    sortedJson(r.attributes),
  ],
  toArtifactRow: (row) =>
    pick(row, {
      account_external_id: 'account_id',
      factor_type: 'factor_type',
      strength: 'strength',
      status: 'status',
      registered_at: 'registered',
      last_used_at: 'last_used',
      attributes: 'attributes',
    }),
};

export const entityTables: { [E in DatasetEntity]: EntityTable<E> } = {
  accounts,
  groups,
  group_members: groupMembers,
  apps,
  app_assignments: appAssignments,
  admin_roles: adminRoles,
  source_settings: sourceSettings,
  repo_permissions: repoPermissions,
  check_results: checkResults,
  resources,
  resource_grants: resourceGrants,
  roles,
  credentials,
  auth_factors: authFactors,
};
