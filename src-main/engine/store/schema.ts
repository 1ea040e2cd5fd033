// The store's schema: drizzle-kit generates the SQL migrations in ./migrations from this file.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const isoNow = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** Installation-wide values: the wrapped data key, the key protection backend, ... */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const sources = sqliteTable('sources', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  kind: text('kind').notNull(),
  /** Non-secret configuration as JSON (domain, CA file path, ...). */
  config: text('config').notNull(),
  /** Sealed secret fields as JSON: { field: { iv, tag, ciphertext } }, never plaintext. */
  sealedCredentials: text('sealed_credentials').notNull(),
  credentialFingerprint: text('credential_fingerprint').notNull(),
  credentialsRotatedAt: text('credentials_rotated_at').notNull(),
  status: text('status', { enum: ['untested', 'connected', 'failed'] })
    .notNull()
    .default('untested'),
  errorClass: text('error_class'),
  statusMessage: text('status_message'),
  nextStep: text('next_step'),
  lastTestedAt: text('last_tested_at'),
  lastSyncedAt: text('last_synced_at'),
  lastSyncStatus: text('last_sync_status'),
  createdAt: text('created_at').notNull().default(isoNow),
});

export const connectionChecks = sqliteTable(
  'connection_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['connected', 'failed'] }).notNull(),
    errorClass: text('error_class'),
    message: text('message').notNull(),
    checkedAt: text('checked_at').notNull(),
  },
  (t) => [index('connection_checks_source_idx').on(t.sourceId, t.checkedAt)],
);

export const syncRuns = sqliteTable(
  'sync_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    jobId: integer('job_id'),
    status: text('status', { enum: ['running', 'complete', 'partial', 'failed', 'abandoned'] }).notNull(),
    reason: text('reason'),
    credentialFingerprint: text('credential_fingerprint').notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
  },
  (t) => [index('sync_runs_source_idx').on(t.sourceId, t.id)],
);

/** One row per dataset of a run: what was asked, how many pages and rows came back, complete or not. */
export const syncDatasets = sqliteTable(
  'sync_datasets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id')
      .notNull()
      .references(() => syncRuns.id, { onDelete: 'cascade' }),
    dataset: text('dataset').notNull(),
    entity: text('entity').notNull(),
    endpoint: text('endpoint').notNull(),
    query: text('query').notNull(),
    pages: integer('pages').notNull().default(0),
    rows: integer('rows').notNull().default(0),
    reportedCount: integer('reported_count'),
    complete: integer('complete', { mode: 'boolean' }).notNull().default(false),
    reason: text('reason'),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    artifactId: text('artifact_id'),
  },
  (t) => [uniqueIndex('sync_datasets_run_dataset_idx').on(t.runId, t.dataset)],
);

/**
 * Columns every identity-graph row carries for mark and sweep, and the dataset that last wrote it: one table
 * may hold several datasets of a source (an application's members and outside collaborators are both accounts), and
 * each dataset's artifact must hold its own rows only. Null on rows written before the column existed.
 */
const seen = {
  firstSeenRun: integer('first_seen_run').notNull(),
  lastSeenRun: integer('last_seen_run').notNull(),
  expiredAt: text('expired_at'),
  dataset: text('dataset'),
};

const sourceRef = () =>
  text('source_id')
    .notNull()
    .references(() => sources.id, { onDelete: 'cascade' });

export const accounts = sqliteTable(
  'accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourceId: sourceRef(),
    externalId: text('external_id').notNull(),
    login: text('login'),
    email: text('email'),
    displayName: text('display_name'),
    status: text('status').notNull(),
    createdAtProvider: text('created_at_provider'),
    lastLoginAt: text('last_login_at'),
    attributes: text('attributes').notNull(),
    ...seen,
  },
  (t) => [
    uniqueIndex('accounts_source_external_idx').on(t.sourceId, t.externalId),
    index('accounts_email_idx').on(sql`lower(${t.email})`),
    index('accounts_seen_idx').on(t.sourceId, t.lastSeenRun),
  ],
);

export const groups = sqliteTable(
  'groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourceId: sourceRef(),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    type: text('type'),
    reportedMemberCount: integer('reported_member_count'),
    ...seen,
  },
  (t) => [
    uniqueIndex('groups_source_external_idx').on(t.sourceId, t.externalId),
    index('groups_seen_idx').on(t.sourceId, t.lastSeenRun),
  ],
);

export const groupMembers = sqliteTable(
  'group_members',
  {
    sourceId: sourceRef(),
    groupExternalId: text('group_external_id').notNull(),
    accountExternalId: text('account_external_id').notNull(),
    ...seen,
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.groupExternalId, t.accountExternalId] }),
    index('group_members_seen_idx').on(t.sourceId, t.lastSeenRun),
  ],
);

export const apps = sqliteTable(
  'apps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourceId: sourceRef(),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    label: text('label').notNull(),
    status: text('status').notNull(),
    signOnMode: text('sign_on_mode'),
    ...seen,
  },
  (t) => [
    uniqueIndex('apps_source_external_idx').on(t.sourceId, t.externalId),
    index('apps_seen_idx').on(t.sourceId, t.lastSeenRun),
  ],
);

export const appAssignments = sqliteTable(
  'app_assignments',
  {
    sourceId: sourceRef(),
    appExternalId: text('app_external_id').notNull(),
    principalType: text('principal_type', { enum: ['user', 'group'] }).notNull(),
    principalExternalId: text('principal_external_id').notNull(),
    scope: text('scope'),
    ...seen,
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.appExternalId, t.principalType, t.principalExternalId] }),
    index('app_assignments_seen_idx').on(t.sourceId, t.lastSeenRun),
  ],
);

export const adminRoles = sqliteTable(
  'admin_roles',
  {
    sourceId: sourceRef(),
    principalType: text('principal_type', {
      enum: ['user', 'group', 'service_principal', 'service_account'],
    }).notNull(),
    principalExternalId: text('principal_external_id').notNull(),
    roleId: text('role_id').notNull(),
    roleType: text('role_type').notNull(),
    roleLabel: text('role_label').notNull(),
    assignmentType: text('assignment_type'),
    /** Where the role applies (a directory scope, an org unit); null for the whole organization. */
    scope: text('scope'),
    ...seen,
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.principalType, t.principalExternalId, t.roleId] }),
    index('admin_roles_seen_idx').on(t.sourceId, t.lastSeenRun),
  ],
);

/** Configuration settings of a source as the provider reports them (e.g. an organization's settings). */
export const sourceSettings = sqliteTable(
  'source_settings',
  {
    sourceId: sourceRef(),
    name: text('name').notNull(),
    value: text('value'),
    visible: integer('visible', { mode: 'boolean' }).notNull(),
    note: text('note'),
    ...seen,
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.name] }),
    index('source_settings_seen_idx').on(t.sourceId, t.lastSeenRun),
  ],
);

/** Repository access: users, teams and org-wide roles, with the permission and how it was granted. */
export const repoPermissions = sqliteTable(
  'repo_permissions',
  {
    sourceId: sourceRef(),
    repoExternalId: text('repo_external_id').notNull(),
    repoName: text('repo_name').notNull(),
    principalType: text('principal_type', { enum: ['user', 'team', 'org'] }).notNull(),
    principalExternalId: text('principal_external_id').notNull(),
    principalName: text('principal_name').notNull(),
    permission: text('permission').notNull(),
    roleName: text('role_name'),
    via: text('via', { enum: ['direct', 'team', 'org_base', 'org_owner'] }).notNull(),
    ...seen,
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.repoExternalId, t.principalType, t.principalExternalId, t.via] }),
    index('repo_permissions_seen_idx').on(t.sourceId, t.lastSeenRun),
  ],
);

/** Per-subject results of posture checks a connector evaluates from provider data (e.g. two-factor status). */
export const checkResults = sqliteTable(
  'check_results',
  {
    sourceId: sourceRef(),
    checkId: text('check_id').notNull(),
    subjectExternalId: text('subject_external_id').notNull(),
    subjectName: text('subject_name'),
    observed: text('observed').notNull(),
    result: text('result', { enum: ['pass', 'fail', 'not_evaluable'] }).notNull(),
    detail: text('detail'),
    ...seen,
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.checkId, t.subjectExternalId] }),
    index('check_results_seen_idx').on(t.sourceId, t.lastSeenRun),
  ],
);

/** Things access is granted to (projects, groups, repositories, accounts, permission sets, applications). */
export const resources = sqliteTable(
  'resources',
  {
    sourceId: sourceRef(),
    type: text('type').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    parentExternalId: text('parent_external_id'),
    visibility: text('visibility'),
    status: text('status'),
    createdAtProvider: text('created_at_provider'),
    /** Provider fields beyond the columns, as sorted JSON. */
    attributes: text('attributes').notNull(),
    ...seen,
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.type, t.externalId] }),
    index('resources_seen_idx').on(t.sourceId, t.lastSeenRun),
  ],
);

/** Who can reach a resource, with what permission, and how. */
export const resourceGrants = sqliteTable(
  'resource_grants',
  {
    sourceId: sourceRef(),
    resourceType: text('resource_type').notNull(),
    resourceExternalId: text('resource_external_id').notNull(),
    principalType: text('principal_type').notNull(),
    principalExternalId: text('principal_external_id').notNull(),
    permission: text('permission').notNull(),
    via: text('via').notNull(),
    /** '' for a direct grant: a primary key column cannot hold null (exported as null). */
    viaExternalId: text('via_external_id').notNull(),
    resourceName: text('resource_name'),
    principalName: text('principal_name'),
    accessLevel: text('access_level'),
    expiresAt: text('expires_at'),
    attributes: text('attributes').notNull(),
    ...seen,
  },
  (t) => [
    primaryKey({
      columns: [
        t.sourceId,
        t.resourceType,
        t.resourceExternalId,
        t.principalType,
        t.principalExternalId,
        t.permission,
        t.via,
        t.viaExternalId,
      ],
    }),
    index('resource_grants_seen_idx').on(t.sourceId, t.lastSeenRun),
    index('resource_grants_principal_idx').on(t.sourceId, t.principalType, t.principalExternalId),
  ],
);

/** Role definitions, with the permissions each grants. */
export const roles = sqliteTable(
  'roles',
  {
    sourceId: sourceRef(),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    builtIn: integer('built_in', { mode: 'boolean' }),
    privileged: integer('privileged', { mode: 'boolean' }),
    /** JSON array of permission names. */
    permissions: text('permissions').notNull(),
    attributes: text('attributes').notNull(),
    ...seen,
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.externalId] }),
    index('roles_seen_idx').on(t.sourceId, t.lastSeenRun),
  ],
);

/** App secrets, certificates, API tokens, keys and OAuth grants: who owns them, when they expire. */
export const credentials = sqliteTable(
  'credentials',
  {
    sourceId: sourceRef(),
    externalId: text('external_id').notNull(),
    type: text('type').notNull(),
    ownerType: text('owner_type').notNull(),
    ownerExternalId: text('owner_external_id').notNull(),
    ownerName: text('owner_name'),
    name: text('name'),
    /** JSON array of scopes, or null where the credential has none. */
    scopes: text('scopes'),
    createdAtProvider: text('created_at_provider'),
    expiresAt: text('expires_at'),
    lastUsedAt: text('last_used_at'),
    status: text('status'),
    attributes: text('attributes').notNull(),
    ...seen,
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.externalId] }),
    index('credentials_seen_idx').on(t.sourceId, t.lastSeenRun),
  ],
);

/** Authentication factors per account (or a per-account summary row): the MFA posture. */
export const authFactors = sqliteTable(
  'auth_factors',
  {
    sourceId: sourceRef(),
    accountExternalId: text('account_external_id').notNull(),
    factorType: text('factor_type').notNull(),
    strength: text('strength').notNull(),
    status: text('status'),
    registeredAt: text('registered_at'),
    lastUsedAt: text('last_used_at'),
    attributes: text('attributes').notNull(),
    ...seen,
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.accountExternalId, t.factorType] }),
    index('auth_factors_seen_idx').on(t.sourceId, t.lastSeenRun),
  ],
);

/** Immutable evidence snapshots; the rows live content-addressed in the data directory. */
export const artifacts = sqliteTable(
  'artifacts',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    /** Kept by value: artifacts outlive the source they came from. */
    sourceId: text('source_id').notNull(),
    sourceName: text('source_name').notNull(),
    sourceKind: text('source_kind').notNull(),
    runId: integer('run_id'),
    rowCount: integer('row_count').notNull(),
    complete: integer('complete', { mode: 'boolean' }).notNull(),
    partialReason: text('partial_reason'),
    provenance: text('provenance').notNull(),
    sha256: text('sha256').notNull(),
    contentPath: text('content_path').notNull(),
    collectedStartedAt: text('collected_started_at').notNull(),
    collectedFinishedAt: text('collected_finished_at').notNull(),
    createdAt: text('created_at').notNull().default(isoNow),
    /** For derived artifacts (samples, diffs): JSON array of the parent artifact ids; null for collections. */
    derivedFrom: text('derived_from'),
  },
  (t) => [index('artifacts_kind_idx').on(t.kind, t.collectedFinishedAt)],
);

/**
 * Vouch's own actions, hash-chained: each entry's hash covers its content and the previous entry's hash,
 * so an edited, inserted or deleted entry breaks the chain.
 */
export const auditLog = sqliteTable('audit_log', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  subject: text('subject'),
  details: text('details').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

/** Leased work queue shared by the lanes. Times are epoch milliseconds. */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    payload: text('payload').notNull(),
    status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed'] })
      .notNull()
      .default('queued'),
    owner: text('owner'),
    leaseUntil: integer('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    availableAt: integer('available_at').notNull(),
    lastError: text('last_error'),
    result: text('result'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /**
     * Jobs sharing a lock key never run at once (e.g. `sync:<source>`): claim skips a job while another of
     * its key runs under a live lease, and enqueue joins an unfinished job of the key instead of adding one.
     */
    lockKey: text('lock_key'),
  },
  (t) => [
    index('jobs_claim_idx').on(t.status, t.availableAt),
    index('jobs_lock_idx').on(t.lockKey, t.status),
    // The dedupe key: at most one unfinished (queued or running) job per lock key, whichever process asks.
    // A second request joins the first (JobQueue.enqueueOrJoin); the index makes that hold even for a writer
    // that skipped the check.
    uniqueIndex('jobs_one_unfinished_per_key')
      .on(t.lockKey)
      .where(sql`${t.lockKey} IS NOT NULL AND ${t.status} IN ('queued', 'running')`),
  ],
);

/**
 * People (DESIGN.md, Identity graph): one per account of the primary identity provider, plus one per
 * account of a secondary IdP that matches no one there (`anchored_by` secondary). The linker writes them;
 * triggers (migration 0005) keep `identity_keys` in step.
 */
export const identities = sqliteTable(
  'identities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The IdP account this identity mirrors (accounts.id); unique. */
    anchorAccountId: integer('anchor_account_id')
      .notNull()
      .unique()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    displayName: text('display_name'),
    email: text('email'),
    login: text('login'),
    status: text('status').notNull(),
    updatedAt: text('updated_at').notNull(),
    /** primary: an account of the primary IdP; secondary: an account only a secondary IdP knows. */
    anchoredBy: text('anchored_by', { enum: ['primary', 'secondary'] })
      .notNull()
      .default('primary'),
    /** 0 for the primary IdP, then 1, 2, ... for secondary IdPs in the order they were added. */
    anchorRank: integer('anchor_rank').notNull().default(0),
    /** The id another IdP federated into this one knows the person by (an immutable anchor), if declared. */
    federatedId: text('federated_id'),
  },
  (t) => [
    index('identities_email_idx').on(sql`lower(${t.email})`),
    index('identities_login_idx').on(sql`lower(${t.login})`),
  ],
);

/**
 * Which identity an account belongs to, and why. Automatic links are recomputed; manual decisions
 * (reason manual, manual_unlink) persist across syncs and are never overridden.
 */
export const accountLinks = sqliteTable(
  'account_links',
  {
    accountId: integer('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** Null only for manual_unlink: the account must stay unlinked. */
    identityId: integer('identity_id').references(() => identities.id, { onDelete: 'cascade' }),
    reason: text('reason', { enum: ['auto_email', 'auto_anchor', 'manual', 'manual_unlink'] }).notNull(),
    decidedBy: text('decided_by'),
    decidedAt: text('decided_at').notNull(),
  },
  (t) => [index('account_links_identity_idx').on(t.identityId)],
);

/** Accounts that belong to no person on purpose: service, shared or external accounts. */
export const accountMarks = sqliteTable('account_marks', {
  accountId: integer('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  mark: text('mark', { enum: ['service', 'shared', 'external'] }).notNull(),
  reason: text('reason').notNull(),
  markedBy: text('marked_by').notNull(),
  markedAt: text('marked_at').notNull(),
});

/**
 * The keys an account can be matched by, per identity (kind e: email; a: anchor, i.e. email, login or
 * federated id), with the rank of the identity's anchor source. Maintained by triggers on identities.
 */
export const identityKeys = sqliteTable(
  'identity_keys',
  {
    kind: text('kind', { enum: ['e', 'a'] }).notNull(),
    k: text('k').notNull(),
    identityId: integer('identity_id').notNull(),
    rank: integer('rank').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.k, t.identityId] }),
    index('identity_keys_identity_idx').on(t.identityId),
  ],
);

/** Accounts written since the last link run (filled by triggers on accounts): the linker re-decides them. */
export const linkPending = sqliteTable('link_pending', {
  accountId: integer('account_id').primaryKey(),
});

/** Identity keys that appeared or vanished since the last link run: accounts with them are re-decided. */
export const linkDirtyKeys = sqliteTable('link_dirty_keys', {
  k: text('k').primaryKey(),
});

/**
 * What the linker last decided about an account it could not link, or that has an anchor: the anchor key
 * (to find the account again when an identity with that key changes) and the needs-anchor reason.
 */
export const accountLinkState = sqliteTable(
  'account_link_state',
  {
    accountId: integer('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    anchorKey: text('anchor_key'),
    queueReason: text('queue_reason'),
  },
  (t) => [
    index('account_link_state_anchor_idx').on(t.anchorKey),
    index('account_link_state_queue_idx').on(t.queueReason),
  ],
);

/** Name tokens of each identity, for ranking needs-anchor candidates without reading every identity. */
export const identityTokens = sqliteTable(
  'identity_tokens',
  {
    token: text('token').notNull(),
    identityId: integer('identity_id')
      .notNull()
      .references(() => identities.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.token, t.identityId] }),
    index('identity_tokens_identity_idx').on(t.identityId),
  ],
);

/**
 * Where each tail stands in a source's event stream: written in the same transaction as the events it covers
 * (lanes/tail/tail-cursors.ts), so a tail killed at any point resumes with nothing skipped or duplicated.
 */
export const tailCursors = sqliteTable(
  'tail_cursors',
  {
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    /** The provider's stream within the source, e.g. its system log or its audit log. */
    stream: text('stream').notNull(),
    /** Opaque to the engine: the provider's resume token (a next link, an event id, a timestamp). */
    cursor: text('cursor').notNull(),
    /** ISO time up to which every event is known to be stored, or null before the first batch. */
    watermark: text('watermark'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.stream] })],
);
