// The one place that maps a provider's account status words onto Vouch's: active, suspended, deprovisioned,
// pending, unknown. Findings read statuses only through it (as the SQL function `vouch_status`), so a new
// identity provider's words count the day its connector declares `statusVocabulary` in describe(); common
// words (enabled, disabled, deleted, ...) apply to any source.
import type Database from 'better-sqlite3';
import { connectorFor } from '../connectors/registry.ts';
import type { CanonicalStatus, StatusVocabulary } from '../connectors/types.ts';

export { canonicalStatuses } from '../connectors/types.ts';
export type { CanonicalStatus, StatusVocabulary } from '../connectors/types.ts';

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
      declared = connectorFor(kind).describe().statusVocabulary;
    } catch {
      declared = undefined; // a source of a kind this build does not know: common words only
    }
    vocabulary = lowerKeys({ ...commonWords, ...(declared ?? {}) });
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
