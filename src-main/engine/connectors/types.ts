// The one interface every connector implements (DESIGN.md, Connectors).
import type { ConnectionStatus, ErrorClass } from '../../../src-shared/connection-status.ts';
import type { CredentialHealth } from '../../../src-shared/credential-health.ts';
import type { DatasetEntity, EntityRecordMap } from '../../../src-shared/datasets.ts';

/**
 * How a field is typed in: one line of text, a secret (masked), a multi-line secret (pasted), the contents of a
 * file (a JSON key, a PEM; the CLI reads it with --field-file), or one of a few values.
 */
export const credentialInputKinds = ['text', 'secret', 'multiline_secret', 'file', 'select'] as const;
export type CredentialInputKind = (typeof credentialInputKinds)[number];

/** A command-line flag kept as a contract for a field (e.g. --token-file for an API token). */
export interface CliAlias {
  /** Without the leading dashes, e.g. token-file. */
  flag: string;
  /** value: the flag's argument is the value; file: it names a file holding it; stdin: a boolean flag. */
  from: 'value' | 'file' | 'stdin';
  help: string;
}

export interface CredentialField {
  name: string;
  label: string;
  /** Secret fields are sealed at rest and never leave the engine. */
  secret: boolean;
  required: boolean;
  help: string;
  /** How it is typed in; text (or secret when `secret`) when not declared. */
  input?: CredentialInputKind;
  /** The values a select offers. */
  options?: string[];
  /** Placeholder shown in an empty form field. */
  placeholder?: string;
  /** Flags older versions took for this field, mapped onto it by the CLI. */
  cliAliases?: CliAlias[];
}

/** The input kind of a field, defaulting by secrecy. */
export function inputKindOf(field: CredentialField): CredentialInputKind {
  return field.input ?? (field.secret ? 'secret' : 'text');
}

/** Vouch's account statuses; every provider's words map onto them. */
export const canonicalStatuses = ['active', 'suspended', 'deprovisioned', 'pending', 'unknown'] as const;
export type CanonicalStatus = (typeof canonicalStatuses)[number];
/** Raw status word (any case) → Vouch's status. */
export type StatusVocabulary = Record<string, CanonicalStatus>;

/** One dataset a connector collects: what its artifact is called, holds and needs. */
export interface DatasetDeclaration {
  /** Artifact kind, e.g. okta.users. */
  kind: string;
  entity: DatasetEntity;
  /** Title of reports, e.g. "Okta users". */
  title: string;
  /** Short label inside the source's context, e.g. "Users". */
  label: string;
  /** What one row is, plural, e.g. "users", "repository permissions". */
  populationNoun: string;
  /** The artifact's columns, in order (from the entity's zod schema, plus declared provider attributes). */
  columns: string[];
  keyColumns: string[];
  /** Provider attributes declared as their own columns (accounts); others land in the `attributes` column. */
  attributeColumns: string[];
  /** The provider permission (scope, role, API permission) reading it needs; partial datasets name it. */
  permission: string;
}

/** A credential's health as the provider reports it (expiry, granted vs required permissions). */
export type { CredentialHealth } from '../../../src-shared/credential-health.ts';

export interface ConnectorCapabilities {
  full: boolean;
  tail: boolean;
  push: boolean;
  discovery: boolean;
}

export interface ConnectorDescription {
  kind: string;
  displayName: string;
  collects: string[];
  configFields: CredentialField[];
  credentialFields: CredentialField[];
  requiredScopes: string[];
  /** Integration guide, markdown, under resources/guides. */
  guideFile: string;
  capabilities: ConnectorCapabilities;
  /** Identity providers define the people; every other source's accounts are linked to them. */
  role: 'identity_provider' | 'application';
  /** The account attribute holding a strong anchor to the IdP (e.g. a SAML nameId), if the source has one. */
  anchorAttribute?: string;
  /** Every dataset a sync emits. */
  datasets: DatasetDeclaration[];
  /** The provider's account status words mapped onto Vouch's. */
  statusVocabulary?: StatusVocabulary;
  /**
   * For an identity provider: the account attribute holding the id another IdP federated into this one
   * knows the person by (an immutable anchor), e.g. the Okta user's externalId from an Entra federation.
   */
  federatedIdAttribute?: string;
}

/** What a connector needs to reach its provider: decrypted only for the duration of a call. */
export interface ConnectorContext {
  config: Record<string, string>;
  secrets: Record<string, string>;
  /** PEM text of extra certificate authorities to trust (custom CA bundle). */
  caPem: string | null;
  /** HTTPS proxy URL, from HTTPS_PROXY unless configured otherwise. */
  proxyUrl: string | null;
  signal: AbortSignal;
}

export interface DatasetStart<E extends DatasetEntity = DatasetEntity> {
  type: 'dataset_start';
  /** Artifact kind, e.g. okta.users. */
  dataset: string;
  entity: E;
  endpoint: string;
  query: Record<string, string>;
}

export interface RecordBatch<E extends DatasetEntity = DatasetEntity> {
  type: 'batch';
  dataset: string;
  entity: E;
  records: EntityRecordMap[E][];
}

export interface DatasetEnd {
  type: 'dataset_end';
  dataset: string;
  complete: boolean;
  /** Why the dataset is partial, in words an auditor can read. */
  reason: string | null;
  /** Set when the dataset failed for a reason that is the connection's (auth, permissions, network). */
  errorClass: ErrorClass | null;
  pages: number;
  /** Rows the provider says exist, where it reports a count. */
  reportedCount: number | null;
  endpoints: string[];
}

export type SyncEvent =
  | { [E in DatasetEntity]: DatasetStart<E> }[DatasetEntity]
  | { [E in DatasetEntity]: RecordBatch<E> }[DatasetEntity]
  | DatasetEnd;

export interface Connector {
  describe(): ConnectorDescription;
  /** A problem with the non-secret configuration that no request could fix, or null. */
  checkConfig(config: Record<string, string>): string | null;
  /** A problem with which credentials are given (e.g. neither or both of two kinds), or null. Never echoes a secret. */
  checkCredentials?(config: Record<string, string>, secrets: Record<string, string>): string | null;
  test(ctx: ConnectorContext): Promise<ConnectionStatus>;
  /** Streams datasets one after another; a dataset that fails ends incomplete and the stream goes on. */
  sync(ctx: ConnectorContext): AsyncIterable<SyncEvent>;
  /**
   * Loads what test() and sync() need (SDKs take seconds), which they otherwise load on first call. Lanes call
   * it before claiming a job: loading blocks the event loop, and must not do so while a lease needs renewing.
   */
  preload?(): Promise<void>;
  /** Expiry and granted-vs-required permissions of the credential, where the provider reports them. */
  credentialHealth?(ctx: ConnectorContext): Promise<CredentialHealth>;
}
