// Sources: their non-secret configuration, sealed credentials and connection status. Secrets go in sealed
// and only come out inside the engine, for the duration of a connector call.
import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ConnectionStatus } from '../../../src-shared/connection-status.ts';
import type { CheckedCredentialHealth } from '../../../src-shared/credential-health.ts';
import { connectorFor } from '../connectors/registry.ts';
import type { ConnectorContext } from '../connectors/types.ts';
import type { AuditAction, AuditDetails } from '../audit/audit-actions.ts';
import { credentialFingerprint } from '../secrets/fingerprint.ts';
import { sealedFieldsSchema, type SecretVault } from '../secrets/vault.ts';
import type { Store } from '../store/db.ts';
import { connectionChecks, sources } from '../store/schema.ts';
import { credentialHealthBySource, dropCredentialHealth } from './credential-health-store.ts';
import { InvalidSourceInputError, SourceExistsError, SourceNotFoundError } from './source-errors.ts';

const sourceConfigSchema = z.record(z.string(), z.string());
const sourceNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** What a source looks like outside the engine: no secret, only when it was last rotated. */
export interface SourceSummary {
  id: string;
  name: string;
  kind: string;
  config: Record<string, string>;
  status: 'untested' | 'connected' | 'failed';
  errorClass: string | null;
  message: string | null;
  nextStep: string | null;
  lastTestedAt: string | null;
  lastSyncedAt: string | null;
  lastSyncStatus: string | null;
  credentialFingerprint: string;
  credentialsRotatedAt: string;
  /** What the last successful Test Connection read about the credential; null before one (or after a rotation). */
  credentialHealth: CheckedCredentialHealth | null;
}

type SourceRow = typeof sources.$inferSelect;

function summarize(row: SourceRow, health: Map<string, CheckedCredentialHealth>): SourceSummary {
  const config = sourceConfigSchema.parse(JSON.parse(row.config));
  // The CA's PEM text is configuration, but long; the summary names the file it came from.
  delete config.caPem;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    config,
    status: row.status,
    errorClass: row.errorClass,
    message: row.statusMessage,
    nextStep: row.nextStep,
    lastTestedAt: row.lastTestedAt,
    lastSyncedAt: row.lastSyncedAt,
    lastSyncStatus: row.lastSyncStatus,
    credentialFingerprint: row.credentialFingerprint,
    credentialsRotatedAt: row.credentialsRotatedAt,
    credentialHealth: health.get(row.id) ?? null,
  };
}

export interface NewSource {
  name: string;
  kind: string;
  config: Record<string, string>;
  secrets: Record<string, string>;
}

/** Records what happened to a source in the audit log (names, ids and fingerprints only). */
export type SourceAudit = (action: AuditAction, subject: string, details: AuditDetails) => void;

export class SourceRepository {
  constructor(
    private readonly store: Store,
    private readonly vault: SecretVault,
    private readonly audit: SourceAudit = () => {},
  ) {}

  add(input: NewSource): SourceSummary {
    if (!sourceNamePattern.test(input.name)) {
      throw new InvalidSourceInputError(
        `"${input.name}" is not a valid source name.`,
        'Use letters, digits, dot, dash or underscore (up to 64 characters), e.g. okta-prod.',
      );
    }
    const connector = connectorFor(input.kind);
    this.checkSecrets(input.kind, input.secrets, input.config);
    for (const field of connector.describe().configFields) {
      if (field.required && !input.config[field.name]?.trim()) {
        throw new InvalidSourceInputError(
          `${field.label} is required for ${input.kind} sources.`,
          field.help,
        );
      }
    }
    const configProblem = connector.checkConfig(input.config);
    if (configProblem) {
      // Which field the problem is about is in the problem itself; the next step recalls each field's help.
      const fields = connector.describe().configFields;
      const help =
        fields.length === 1 ? (fields[0]?.help ?? '') : fields.map((f) => `${f.label}: ${f.help}`).join(' ');
      throw new InvalidSourceInputError(configProblem, help);
    }
    if (this.findRow(input.name)) throw new SourceExistsError(input.name);
    const id = `src_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const now = new Date().toISOString();
    this.store.db
      .insert(sources)
      .values({
        id,
        name: input.name,
        kind: input.kind,
        config: JSON.stringify(input.config),
        sealedCredentials: JSON.stringify(this.vault.sealFields(id, input.secrets)),
        credentialFingerprint: credentialFingerprint(input.secrets),
        credentialsRotatedAt: now,
      })
      .run();
    const added = this.get(input.name);
    this.audit('source_added', added.name, {
      kind: added.kind,
      sourceId: added.id,
      credentialFingerprint: added.credentialFingerprint,
    });
    return added;
  }

  list(): SourceSummary[] {
    const health = credentialHealthBySource(this.store);
    return this.store.db
      .select()
      .from(sources)
      .orderBy(sources.name)
      .all()
      .map((row) => summarize(row, health));
  }

  get(name: string): SourceSummary {
    const row = this.findRow(name);
    if (!row) throw new SourceNotFoundError(name);
    return summarize(row, credentialHealthBySource(this.store));
  }

  updateCredentials(name: string, secrets: Record<string, string>): SourceSummary {
    const source = this.get(name);
    this.checkSecrets(source.kind, secrets, source.config);
    this.store.db
      .update(sources)
      .set({
        sealedCredentials: JSON.stringify(this.vault.sealFields(source.id, secrets)),
        credentialFingerprint: credentialFingerprint(secrets),
        credentialsRotatedAt: new Date().toISOString(),
        // The old status described the old secret.
        status: 'untested',
        errorClass: null,
        statusMessage: null,
        nextStep: null,
      })
      .where(eq(sources.id, source.id))
      .run();
    // The health described the old credential.
    dropCredentialHealth(this.store, source.id);
    const rotated = this.get(name);
    this.audit('credentials_rotated', name, {
      sourceId: source.id,
      previousFingerprint: source.credentialFingerprint,
      credentialFingerprint: rotated.credentialFingerprint,
    });
    return rotated;
  }

  remove(name: string): void {
    const source = this.get(name);
    this.store.db.delete(sources).where(eq(sources.id, source.id)).run();
    dropCredentialHealth(this.store, source.id);
    this.audit('source_removed', name, { sourceId: source.id, kind: source.kind });
  }

  recordConnectionStatus(sourceId: string, status: ConnectionStatus): void {
    this.store.sqlite.transaction(() => {
      this.store.db
        .insert(connectionChecks)
        .values({
          sourceId,
          status: status.status,
          errorClass: status.errorClass,
          message: status.message,
          checkedAt: status.checkedAt,
        })
        .run();
      this.store.db
        .update(sources)
        .set({
          status: status.status,
          errorClass: status.errorClass,
          statusMessage: status.message,
          nextStep: status.nextStep,
          lastTestedAt: status.checkedAt,
        })
        .where(eq(sources.id, sourceId))
        .run();
    })();
    const name = this.store.db
      .select({ name: sources.name })
      .from(sources)
      .where(eq(sources.id, sourceId))
      .get()?.name;
    this.audit('connection_tested', name ?? sourceId, {
      status: status.status,
      errorClass: status.errorClass,
    });
  }

  connectionHistory(sourceId: string, limit = 20) {
    return this.store.db
      .select()
      .from(connectionChecks)
      .where(eq(connectionChecks.sourceId, sourceId))
      .orderBy(desc(connectionChecks.id))
      .limit(limit)
      .all();
  }

  /** Decrypts the source's secrets for one connector call; `secrets` lists them for redaction. */
  openContext(sourceId: string, signal: AbortSignal): { ctx: ConnectorContext; secrets: string[] } {
    const row = this.store.db.select().from(sources).where(eq(sources.id, sourceId)).get();
    if (!row) throw new SourceNotFoundError(sourceId);
    const config = sourceConfigSchema.parse(JSON.parse(row.config));
    const opened = this.vault.openFields(row.id, sealedFieldsSchema.parse(JSON.parse(row.sealedCredentials)));
    const ctx: ConnectorContext = {
      config,
      secrets: opened,
      caPem: config.caPem ?? null,
      proxyUrl: null,
      signal,
    };
    return { ctx, secrets: Object.values(opened) };
  }

  private findRow(name: string): SourceRow | undefined {
    return this.store.db.select().from(sources).where(eq(sources.name, name)).get();
  }

  private checkSecrets(kind: string, secrets: Record<string, string>, config: Record<string, string>): void {
    const connector = connectorFor(kind);
    for (const field of connector.describe().credentialFields) {
      if (field.required && !secrets[field.name]?.trim()) {
        throw new InvalidSourceInputError(`${field.label} is empty.`, field.help);
      }
    }
    const problem = connector.checkCredentials?.(config, secrets);
    if (problem) {
      const help = connector
        .describe()
        .credentialFields.map((f) => `${f.label}: ${f.help}`)
        .join(' ');
      throw new InvalidSourceInputError(problem, help);
    }
  }
}
