// The one place that maps a provider's account status words onto Vouch's: active, suspended, deprovisioned,
// pending, unknown. Findings read statuses only through it (as the SQL function `vouch_status`), so a new
// identity provider's words count the day its vocabulary is declared. A connector declares its vocabulary
// with `statusVocabulary` in describe(); until every connector does, the words of the connectors that exist
// are listed here, and common words (enabled, disabled, deleted, ...) apply to any source.
import type Database from 'better-sqlite3';
import { connectorFor } from '../connectors/registry.ts';

export const canonicalStatuses = ['active', 'suspended', 'deprovisioned', 'pending', 'unknown'] as const;
export type CanonicalStatus = (typeof canonicalStatuses)[number];

/** Raw status word (any case) → Vouch's status. */
export type StatusVocabulary = Record<string, CanonicalStatus>;

/** What a connector's describe() may declare for linking and findings (read loosely until the type has it). */
export interface LinkingDeclarations {
  statusVocabulary?: StatusVocabulary;
  /**
   * For an identity provider: the account attribute holding the id another IdP federated into this one
   * knows the person by (an immutable anchor), e.g. the Okta user's externalId from an Entra federation.
   */
  federatedIdAttribute?: string;
}

/** Vocabularies of the connectors that do not declare one yet (moves into their describe()). */
const knownVocabularies: Record<string, StatusVocabulary> = {
  // https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/ (UserStatus)
  okta: {
    ACTIVE: 'active',
    PASSWORD_EXPIRED: 'active',
    LOCKED_OUT: 'active',
    RECOVERY: 'active',
    STAGED: 'pending',
    PROVISIONED: 'pending',
    SUSPENDED: 'suspended',
    DEPROVISIONED: 'deprovisioned',
  },
  // Organization members and outside collaborators are active while listed; invitations are pending.
  github: { active: 'active', pending: 'pending' },
};

/** Words most providers use, for sources whose connector declares nothing. */
const commonWords: StatusVocabulary = {
  active: 'active',
  enabled: 'active',
  suspended: 'suspended',
  disabled: 'suspended',
  inactive: 'suspended',
  locked: 'suspended',
  deprovisioned: 'deprovisioned',
  deactivated: 'deprovisioned',
  deleted: 'deprovisioned',
  archived: 'deprovisioned',
  terminated: 'deprovisioned',
  staged: 'pending',
  provisioned: 'pending',
  pending: 'pending',
  invited: 'pending',
};

/** The identity of an IdP account that disappeared from the provider (refreshed identities keep it). */
export const deletedInIdp = 'DELETED_IN_IDP';

const lowerKeys = (vocabulary: StatusVocabulary): Map<string, CanonicalStatus> =>
  new Map(Object.entries(vocabulary).map(([word, status]) => [word.toLowerCase(), status]));

const cache = new Map<string, Map<string, CanonicalStatus>>();

function vocabularyOf(kind: string): Map<string, CanonicalStatus> {
  let vocabulary = cache.get(kind);
  if (!vocabulary) {
    let declared: StatusVocabulary | undefined;
    try {
      declared = (connectorFor(kind).describe() as LinkingDeclarations).statusVocabulary;
    } catch {
      declared = undefined; // a source of a kind this build does not know: common words only
    }
    vocabulary = lowerKeys({ ...commonWords, ...(knownVocabularies[kind] ?? {}), ...(declared ?? {}) });
    cache.set(kind, vocabulary);
  }
  return vocabulary;
}

/** Vouch's status for a provider's status word. */
export function canonicalStatus(kind: string, raw: string | null | undefined): CanonicalStatus {
  if (!raw) return 'unknown';
  if (raw === deletedInIdp) return 'deprovisioned';
  return vocabularyOf(kind).get(raw.toLowerCase()) ?? 'unknown';
}

/** Forgets cached vocabularies (a connector registered after first use, in tests). */
export function resetStatusVocabularies(): void {
  cache.clear();
}

const registered = new WeakSet<Database.Database>();

/** Registers `vouch_status(kind, raw)` on the connection (once), for SQL that must read statuses. */
export function registerStatusFunction(sqlite: Database.Database): void {
  if (registered.has(sqlite)) return;
  registered.add(sqlite);
  sqlite.function('vouch_status', { deterministic: true }, (kind: unknown, raw: unknown) =>
    canonicalStatus(String(kind), typeof raw === 'string' ? raw : null),
  );
}
