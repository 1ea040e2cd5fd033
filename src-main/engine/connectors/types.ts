// The one interface every connector implements (DESIGN.md, Connectors).
import type { ConnectionStatus, ErrorClass } from '../../../src-shared/connection-status.ts';
import type { DatasetEntity, EntityRecordMap } from '../../../src-shared/datasets.ts';

export interface CredentialField {
  name: string;
  label: string;
  /** Secret fields are sealed at rest and never leave the engine. */
  secret: boolean;
  required: boolean;
  help: string;
}

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
}
