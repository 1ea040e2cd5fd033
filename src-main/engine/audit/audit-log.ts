// The audit log in the store: appending (safe across processes), listing, selecting a time window for a
// bundle, and verifying the whole chain.
import type { Store } from '../store/db.ts';
import { assertSafeAuditDetails, type AuditInput } from './audit-actions.ts';
import {
  AuditChainVerifier,
  auditEntryHash,
  GENESIS_HASH,
  type AuditChainResult,
  type AuditEntry,
} from './audit-chain.ts';
import { canonicalJson, type JsonValue } from './canonical-json.ts';

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

const columns = 'seq, at, actor, action, subject, details, prev_hash, hash';
const pageSize = 1_000;

/**
 * Appends one entry and returns it. The last entry is read and the new one written in one IMMEDIATE
 * transaction, so concurrent processes (CLI, lanes, desktop) serialize and never fork the chain.
 */
export function appendAudit(store: Store, input: AuditInput, now: () => Date = () => new Date()): AuditEntry {
  assertSafeAuditDetails(input.details);
  // Stored canonical, so reading it back and re-hashing is exact.
  const detailsJson = canonicalJson(input.details);
  const details = JSON.parse(detailsJson) as AuditEntry['details'];
  const last = store.sqlite.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = store.sqlite.prepare(`INSERT INTO audit_log (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  return store.sqlite
    .transaction((): AuditEntry => {
      const previous = last.get() as { seq: number; hash: string } | undefined;
      // The AUTOINCREMENT counter remembers deleted tail entries: the next entry then leaves a visible gap.
      const seq = Math.max(previous?.seq ?? 0, highestSeqEverUsed(store)) + 1;
      const unhashed = {
        seq,
        at: now().toISOString(),
        actor: input.actor,
        action: input.action,
        subject: input.subject,
        details,
        prevHash: previous?.hash ?? GENESIS_HASH,
      };
      const entry: AuditEntry = { ...unhashed, hash: auditEntryHash(unhashed) };
      insert.run(
        seq,
        entry.at,
        entry.actor,
        entry.action,
        entry.subject,
        detailsJson,
        entry.prevHash,
        entry.hash,
      );
      return entry;
    })
    .immediate();
}

/** The newest entries first. */
export function listAuditEntries(store: Store, options: { limit?: number } = {}): AuditEntry[] {
  const limit = options.limit ?? 50;
  const rows = store.sqlite
    .prepare(`SELECT ${columns} FROM audit_log ORDER BY seq DESC LIMIT ?`)
    .all(limit) as AuditRow[];
  return rows.map(toEntry);
}

/** Which contiguous run of seqs covers the entries written from `fromIso` to `toIso` (inclusive). */
export function auditSeqRangeBetween(
  store: Store,
  fromIso: string,
  toIso: string,
): { firstSeq: number; lastSeq: number } | null {
  const bounds = store.sqlite
    .prepare(
      'SELECT (SELECT min(seq) FROM audit_log WHERE at >= ?) AS firstSeq, ' +
        '(SELECT max(seq) FROM audit_log WHERE at <= ?) AS lastSeq',
    )
    .get(fromIso, toIso) as { firstSeq: number | null; lastSeq: number | null };
  if (bounds.firstSeq === null || bounds.lastSeq === null || bounds.firstSeq > bounds.lastSeq) return null;
  return { firstSeq: bounds.firstSeq, lastSeq: bounds.lastSeq };
}

/**
 * The entries written from `fromIso` to `toIso`, as one contiguous run of the chain (by seq, so a clock that
 * stepped back cannot leave a hole in it). The first entry's prevHash anchors the run (verifyAuditSegment).
 */
export function auditEntriesBetween(store: Store, fromIso: string, toIso: string): AuditEntry[] {
  const range = auditSeqRangeBetween(store, fromIso, toIso);
  if (range === null) return [];
  return [...auditEntryPages(store, range.firstSeq, range.lastSeq)].flat();
}

/** Entries with `firstSeq <= seq <= lastSeq`, a page at a time (no statement stays open between pages). */
export function* auditEntryPages(store: Store, firstSeq: number, lastSeq: number): Generator<AuditEntry[]> {
  const page = store.sqlite.prepare(
    `SELECT ${columns} FROM audit_log WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ${pageSize}`,
  );
  let from = firstSeq;
  for (;;) {
    const rows = page.all(from, lastSeq) as AuditRow[];
    if (rows.length === 0) return;
    yield rows.map(toEntry);
    if (rows.length < pageSize) return;
    from = (rows[rows.length - 1] as AuditRow).seq + 1;
  }
}

/**
 * Verifies the whole log from its genesis: an edited entry (hash mismatch), a deleted one (seq gap, broken
 * link, or entries missing from the end), an inserted or reordered one (broken link, seq out of order).
 */
export function verifyAuditLog(store: Store): AuditChainResult {
  const verifier = new AuditChainVerifier('genesis');
  const rows = store.sqlite.prepare(`SELECT ${columns} FROM audit_log ORDER BY seq`);
  for (const row of rows.iterate() as IterableIterator<AuditRow>) verifier.add(toEntry(row));
  const result = verifier.result();
  const highest = highestSeqEverUsed(store);
  if (highest > (result.lastSeq ?? 0)) {
    const from = (result.lastSeq ?? 0) + 1;
    verifier.report(
      'entries_missing',
      highest,
      from === highest
        ? `Entry #${highest}, the last one written, was deleted.`
        : `Entries #${from}–#${highest}, the last ones written, were deleted.`,
    );
    return verifier.result();
  }
  return result;
}

/** The highest seq SQLite's AUTOINCREMENT has handed out, including deleted entries. */
function highestSeqEverUsed(store: Store): number {
  const row = store.sqlite.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get() as
    { seq: number } | undefined;
  return row?.seq ?? 0;
}

function toEntry(row: AuditRow): AuditEntry {
  let details: JsonValue;
  try {
    details = JSON.parse(row.details) as JsonValue;
  } catch {
    // Edited into something that is not JSON: kept as text, so the hash check reports the edit.
    details = row.details;
  }
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    // A non-object is kept as is: its hash will not match, which reports the edit.
    details: details as AuditEntry['details'],
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
