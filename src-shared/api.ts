// The one API between the UI and the engine, shared by every transport (Electron IPC, HTTP in browser
// mode). Each method has a zod input and output schema: the engine side parses inputs (the renderer is
// untrusted), the UI side may parse outputs. Secrets only ever travel UI → engine (add, rotate).
import { z } from 'zod';
import { connectionStatusSchema, errorClassSchema } from './connection-status.ts';
import { checkedCredentialHealthSchema } from './credential-health.ts';

const empty = z.object({});
const sourceName = z.string().min(1).max(64);
const artifactId = z.string().regex(/^art_[0-9a-f]{16}$/);

export const credentialFieldSchema = z.object({
  name: z.string(),
  label: z.string(),
  secret: z.boolean(),
  required: z.boolean(),
  help: z.string(),
  /** How the field is typed in: text, secret, multiline_secret, file (its contents), select. */
  input: z.enum(['text', 'secret', 'multiline_secret', 'file', 'select']).default('text'),
  options: z.array(z.string()).optional(),
  placeholder: z.string().optional(),
});

/** A dataset a connector collects, as its declaration says. */
export const datasetViewSchema = z.object({
  kind: z.string(),
  entity: z.string(),
  title: z.string(),
  label: z.string(),
  populationNoun: z.string(),
  columns: z.array(z.string()),
  keyColumns: z.array(z.string()),
  permission: z.string(),
});
export type DatasetView = z.infer<typeof datasetViewSchema>;

export const connectorViewSchema = z.object({
  kind: z.string(),
  displayName: z.string(),
  collects: z.array(z.string()),
  configFields: z.array(credentialFieldSchema),
  credentialFields: z.array(credentialFieldSchema),
  requiredScopes: z.array(z.string()),
  capabilities: z.object({ full: z.boolean(), tail: z.boolean(), push: z.boolean(), discovery: z.boolean() }),
  role: z.enum(['identity_provider', 'application']).default('application'),
  datasets: z.array(datasetViewSchema).default([]),
  /** Raw status word → active, suspended, deprovisioned, pending or unknown. */
  statusVocabulary: z.record(z.string(), z.string()).default({}),
});
export type ConnectorView = z.infer<typeof connectorViewSchema>;

/** A source as the UI sees it: the secret's fingerprint and rotation time, never its value. */
export const sourceViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  config: z.record(z.string(), z.string()),
  status: z.enum(['untested', 'connected', 'failed']),
  errorClass: errorClassSchema.nullable(),
  message: z.string().nullable(),
  nextStep: z.string().nullable(),
  lastTestedAt: z.string().nullable(),
  lastSyncedAt: z.string().nullable(),
  lastSyncStatus: z.string().nullable(),
  credentialFingerprint: z.string(),
  credentialsRotatedAt: z.string(),
  /** Expiry and granted vs required permissions, as the last successful Test Connection read them. */
  credentialHealth: checkedCredentialHealthSchema.nullable().default(null),
  /** Live rows in the identity graph for this source. */
  rows: z.number().int(),
});
export type SourceView = z.infer<typeof sourceViewSchema>;

export const connectionCheckViewSchema = z.object({
  status: z.enum(['connected', 'failed']),
  errorClass: errorClassSchema.nullable(),
  message: z.string(),
  checkedAt: z.string(),
});

export const artifactSummarySchema = z.object({
  id: z.string(),
  kind: z.string(),
  source: z.string(),
  rowCount: z.number().int(),
  complete: z.boolean(),
  sha256: z.string(),
  collectedAt: z.string(),
});
export type ArtifactSummary = z.infer<typeof artifactSummarySchema>;

export const exportFormatSchema = z.enum(['csv', 'xlsx', 'pdf', 'json']);

export const syncOutcomeViewSchema = z.object({
  source: z.string(),
  status: z.enum(['complete', 'partial', 'failed']),
  reason: z.string().nullable(),
  errorClass: z.string().nullable(),
  datasets: z.array(
    z.object({
      dataset: z.string(),
      rows: z.number().int(),
      pages: z.number().int(),
      reportedCount: z.number().int().nullable(),
      complete: z.boolean(),
      reason: z.string().nullable(),
      artifactId: z.string().nullable(),
    }),
  ),
});

export const settingsSchema = z.object({
  /** Hours between scheduled syncs of every source; 0 turns scheduled syncs off. */
  syncIntervalHours: z.number().int().min(0).max(168),
  /** Test every source's connection once a day. */
  dailyConnectionTest: z.boolean(),
  theme: z.enum(['light', 'dark', 'auto']),
});
export type Settings = z.infer<typeof settingsSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  shell: z.enum(['desktop', 'browser']),
  keyProtection: z.object({
    backend: z.string(),
    /** True when secrets are protected by a weaker backend the user accepted (Linux basic_text). */
    weak: z.boolean(),
    description: z.string(),
  }),
});

const accountId = z.number().int().positive();
const identityId = z.number().int().positive();

/** Why the linker could not place an account on a person. */
export const needsAnchorReasonSchema = z.enum([
  'no_email',
  'email_matches_no_identity',
  'email_matches_several_identities',
  'conflicting_anchors',
  'unlinked_by_person',
]);
export type NeedsAnchorReason = z.infer<typeof needsAnchorReasonSchema>;

/** An application account that belongs to no person and is not marked, with the likeliest people. */
export const needsAnchorItemSchema = z.object({
  accountId: z.number().int(),
  sourceName: z.string(),
  externalId: z.string(),
  login: z.string().nullable(),
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  status: z.string(),
  reason: needsAnchorReasonSchema,
  candidates: z.array(
    z.object({
      identityId: z.number().int(),
      displayName: z.string().nullable(),
      email: z.string().nullable(),
      /** 0..1: how closely name and address resemble the account's. */
      score: z.number(),
    }),
  ),
});
export type NeedsAnchorItemView = z.infer<typeof needsAnchorItemSchema>;

export const accountMarkSchema = z.enum(['service', 'shared', 'external']);
export type AccountMarkView = z.infer<typeof accountMarkSchema>;

/** A person (an identity from the identity providers) and every account linked to them. */
export const identityViewSchema = z.object({
  id: z.number().int(),
  /** primary: anchored by the primary IdP's account; secondary: a person only a secondary IdP knows. */
  anchoredBy: z.enum(['primary', 'secondary']),
  displayName: z.string().nullable(),
  email: z.string().nullable(),
  login: z.string().nullable(),
  /** The identity provider's status, e.g. ACTIVE, SUSPENDED, DEPROVISIONED. */
  status: z.string(),
  accounts: z.array(
    z.object({
      accountId: z.number().int(),
      sourceName: z.string(),
      sourceKind: z.string(),
      externalId: z.string(),
      login: z.string().nullable(),
      email: z.string().nullable(),
      status: z.string(),
      expired: z.boolean(),
      /** identity_provider, auto_anchor, auto_email or manual. */
      linkReason: z.string(),
      roles: z.array(z.string()),
    }),
  ),
});
export type IdentityViewData = z.infer<typeof identityViewSchema>;

export const primaryIdentityProviderSchema = z.object({
  source: z.string().nullable(),
  candidates: z.array(z.string()),
});

/** A long-lived lane of this process (engine/lanes/lane-manager.ts). */
export const laneHealthSchema = z.object({
  kind: z.string(),
  slot: z.number().int(),
  state: z.enum(['starting', 'up', 'restarting', 'stopped']),
  pid: z.number().int().nullable(),
  upSince: z.string().nullable(),
  jobsDone: z.number().int(),
  restarts: z.number().int(),
  lastError: z.string().nullable(),
});

/** A job that failed its last attempt (the dead-letter queue), with its last error, secrets redacted. */
export const deadJobSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  /** What the job was about, e.g. the source of a sync; null when its payload names none. */
  subject: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  failedAt: z.string(),
});

/** Settings → Engine: the lanes, the queue depth per state, the dead letters. */
export const engineStatusSchema = z.object({
  lanes: z.array(laneHealthSchema),
  queue: z.object({
    queued: z.number().int(),
    running: z.number().int(),
    succeeded: z.number().int(),
    dead: z.number().int(),
  }),
  dead: z.array(deadJobSchema),
});
export type EngineStatus = z.infer<typeof engineStatusSchema>;

/** How often the scheduler syncs a source (engine/scheduling/source-sync-interval.ts). */
export const syncIntervalViewSchema = z.object({
  /** `6h`, `90m`, `off`, as `vouch source set --sync-interval` takes it. */
  every: z.string(),
  /** null when off. */
  seconds: z.number().int().positive().nullable(),
  /** `source`: the source's own setting; `default`: the installation's (Settings). */
  setBy: z.enum(['source', 'default']),
});
export type SyncIntervalView = z.infer<typeof syncIntervalViewSchema>;

/** Every method: name → input and output schemas. */
export const apiMethods = {
  'app.info': { input: empty, output: appInfoSchema },
  'connectors.list': { input: empty, output: z.array(connectorViewSchema) },
  'connectors.guide': { input: z.object({ kind: z.string() }), output: z.object({ markdown: z.string() }) },
  'sources.list': { input: empty, output: z.array(sourceViewSchema) },
  'sources.history': {
    input: z.object({ name: sourceName }),
    output: z.array(connectionCheckViewSchema),
  },
  /** Saves the source, then tests it; the status says whether it works. */
  'sources.add': {
    input: z.object({
      kind: z.string(),
      name: sourceName,
      config: z.record(z.string(), z.string().max(20_000)),
      secrets: z.record(z.string(), z.string().min(1).max(20_000)),
    }),
    output: z.object({ source: sourceViewSchema, status: connectionStatusSchema }),
  },
  'sources.test': { input: z.object({ name: sourceName }), output: connectionStatusSchema },
  'sources.updateCredentials': {
    input: z.object({ name: sourceName, secrets: z.record(z.string(), z.string().min(1).max(20_000)) }),
    output: z.object({ source: sourceViewSchema, status: connectionStatusSchema }),
  },
  'sources.remove': { input: z.object({ name: sourceName }), output: empty },
  'sources.syncInterval': { input: z.object({ name: sourceName }), output: syncIntervalViewSchema },
  /** `every`: a duration (6h, 90m, 2d), `off`, or `default` (follow Settings). */
  'sources.setSyncInterval': {
    input: z.object({ name: sourceName, every: z.string().min(1).max(16) }),
    output: syncIntervalViewSchema,
  },
  /** Starts syncs in the background; progress and results arrive as `sync.*` events. */
  'sync.start': {
    input: z.object({ names: z.array(sourceName) }),
    output: z.object({ started: z.array(z.string()) }),
  },
  'artifacts.list': { input: empty, output: z.array(artifactSummarySchema) },
  'artifacts.get': {
    input: z.object({ id: artifactId }),
    output: z.object({ summary: artifactSummarySchema, provenance: z.record(z.string(), z.unknown()) }),
  },
  /** A window of rows for the virtualized preview. */
  'artifacts.rows': {
    input: z.object({
      id: artifactId,
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(5_000),
    }),
    output: z.object({
      columns: z.array(z.string()),
      total: z.number().int(),
      rows: z.array(z.record(z.string(), z.unknown())),
    }),
  },
  /** Renders the artifact; the shell delivers the file (a download in the browser, a save dialog on the desktop). */
  'artifacts.export': {
    input: z.object({ id: artifactId, format: exportFormatSchema }),
    output: z.object({
      fileName: z.string(),
      downloadUrl: z.string().nullable(),
      savedTo: z.string().nullable(),
    }),
  },
  'bundles.create': {
    input: z.object({ ids: z.array(artifactId).min(1), formats: z.array(exportFormatSchema).min(1) }),
    output: z.object({
      fileName: z.string(),
      downloadUrl: z.string().nullable(),
      savedTo: z.string().nullable(),
    }),
  },
  /** Accounts of application sources that belong to no person and are not marked. */
  'accounts.needsAnchor': {
    input: z.object({ sourceName: sourceName.optional() }),
    output: z.array(needsAnchorItemSchema),
  },
  /** A person's decision: this account is this person's. Persists across syncs. */
  'accounts.link': { input: z.object({ accountId, identityId }), output: empty },
  /** A person's decision: this account is nobody's (it returns to the needs-anchor queue). */
  'accounts.unlink': { input: z.object({ accountId }), output: empty },
  /** A person's decision: this account is a service, shared or external account, and why. */
  'accounts.mark': {
    input: z.object({ accountId, mark: accountMarkSchema, reason: z.string().trim().min(1).max(500) }),
    output: empty,
  },
  'identities.get': { input: z.object({ identityId }), output: identityViewSchema },
  /** The primary identity provider (its accounts anchor identities) and the sources that could be. */
  'identities.primary': { input: empty, output: primaryIdentityProviderSchema },
  /** Makes another identity provider source the primary one and links everything again. */
  'identities.setPrimary': {
    input: z.object({ sourceName: z.string().min(1) }),
    output: primaryIdentityProviderSchema,
  },
  'settings.get': { input: empty, output: settingsSchema },
  'settings.update': { input: settingsSchema.partial(), output: settingsSchema },
  'engine.status': { input: empty, output: engineStatusSchema },
  /** Requeues a dead job; `joinedId` names the newer unfinished job of its key when it stays dead. */
  'jobs.retry': {
    input: z.object({ id: z.number().int().positive() }),
    output: z.object({ id: z.number().int(), requeued: z.boolean(), joinedId: z.number().int().nullable() }),
  },
} as const;

export type ApiMethod = keyof typeof apiMethods;
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiMethods)[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.infer<(typeof apiMethods)[M]['output']>;

/** Live updates pushed from the engine to the UI. */
export const apiEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('sync.progress'),
    source: z.string(),
    dataset: z.string(),
    rows: z.number().int(),
  }),
  z.object({ type: z.literal('sync.finished'), outcome: syncOutcomeViewSchema }),
  z.object({ type: z.literal('sync.failed'), source: z.string(), message: z.string() }),
  z.object({ type: z.literal('sources.changed') }),
  z.object({ type: z.literal('artifacts.changed') }),
  /** Accounts were linked, unlinked or marked (by a person or by a sync's relink). */
  z.object({ type: z.literal('accounts.changed') }),
]);
export type ApiEvent = z.infer<typeof apiEventSchema>;

/** Errors cross the boundary as data, with the step that fixes them. */
export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  nextStep: z.string().nullable(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** How the renderer reaches the engine; Electron IPC and HTTP each implement it. */
export interface Transport {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
}
