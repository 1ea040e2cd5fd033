// The audit log's hash chain, without a store: hashing an entry and checking a run of entries. Used on the
// live log (`vouch audit-log verify`) and offline on the segment a bundle carries (`vouch verify`).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, type JsonValue } from './canonical-json.ts';

/** The prevHash of the very first entry of a log. */
export const GENESIS_HASH = '0'.repeat(64);

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** One entry as stored and as exported in a bundle's audit-log.jsonl (one entry per line). */
export const auditEntrySchema = z.strictObject({
  seq: z.number().int().positive(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  details: z.record(z.string(), z.json()),
  prevHash: sha256Hex,
  hash: sha256Hex,
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** `sha256(canonical JSON of {seq, at, actor, action, subject, details, prevHash})`, lowercase hex. */
export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const covered: JsonValue = {
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: entry.details as JsonValue,
    prevHash: entry.prevHash,
  };
  return createHash('sha256').update(canonicalJson(covered), 'utf8').digest('hex');
}

export type AuditProblemKind =
  'entry_altered' | 'broken_link' | 'entries_missing' | 'out_of_order' | 'malformed_entry';

export interface AuditProblem {
  kind: AuditProblemKind;
  /** The entry the problem was found at, when there is one. */
  seq: number | null;
  message: string;
}

export interface AuditChainResult {
  ok: boolean;
  entries: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** The prevHash of the first entry: what the run hangs from (GENESIS_HASH for a whole log). */
  anchorHash: string | null;
  /** The hash of the last entry. */
  headHash: string | null;
  problems: AuditProblem[];
}

/**
 * Checks entries one at a time, in the order given (which must be the log's order), so a log of any length
 * is verified in constant memory. `genesis`: the run must be a whole log, starting at #1 from GENESIS_HASH.
 * `segment`: the first entry's prevHash is trusted as the anchor; every following link is checked.
 */
export class AuditChainVerifier {
  readonly #anchor: 'genesis' | 'segment';
  readonly #problems: AuditProblem[] = [];
  #entries = 0;
  #first: AuditEntry | null = null;
  #previous: AuditEntry | null = null;

  constructor(anchor: 'genesis' | 'segment') {
    this.#anchor = anchor;
  }

  add(entry: AuditEntry): void {
    this.#entries++;
    const { seq } = entry;
    if (auditEntryHash(entry) !== entry.hash) {
      this.#report(
        'entry_altered',
        seq,
        `Entry #${seq} was altered: its content no longer matches its hash.`,
      );
    }
    const previous = this.#previous;
    if (previous === null) {
      this.#first = entry;
      if (this.#anchor === 'genesis') {
        if (seq !== 1) {
          this.#report(
            'entries_missing',
            seq,
            `The log starts at #${seq}: ${rangeText(1, seq - 1)} deleted.`,
          );
        }
        if (entry.prevHash !== GENESIS_HASH) {
          this.#report('broken_link', seq, `Entry #${seq} is the first entry but does not start the chain.`);
        }
      }
    } else {
      if (seq <= previous.seq) {
        this.#report(
          'out_of_order',
          seq,
          `Entry #${seq} comes after #${previous.seq}: entries were reordered or duplicated.`,
        );
      } else if (seq !== previous.seq + 1) {
        this.#report('entries_missing', seq, `${rangeText(previous.seq + 1, seq - 1)} deleted.`);
      }
      if (entry.prevHash !== previous.hash) {
        this.#report(
          'broken_link',
          seq,
          `Entry #${seq} does not link to entry #${previous.seq} before it: an entry was deleted, inserted ` +
            'or reordered there.',
        );
      }
    }
    this.#previous = entry;
  }

  /** A line or row that is not an entry at all. */
  addMalformed(seq: number | null, message: string): void {
    this.#entries++;
    this.#report('malformed_entry', seq, message);
  }

  /** Reports a problem found outside the chain itself (e.g. entries deleted from the end of the log). */
  report(kind: AuditProblemKind, seq: number | null, message: string): void {
    this.#report(kind, seq, message);
  }

  result(): AuditChainResult {
    return {
      ok: this.#problems.length === 0,
      entries: this.#entries,
      firstSeq: this.#first?.seq ?? null,
      lastSeq: this.#previous?.seq ?? null,
      anchorHash: this.#first?.prevHash ?? null,
      headHash: this.#previous?.hash ?? null,
      problems: [...this.#problems],
    };
  }

  #report(kind: AuditProblemKind, seq: number | null, message: string): void {
    this.#problems.push({ kind, seq, message });
  }
}

function rangeText(from: number, to: number): string {
  return from === to ? `entry #${from} was` : `entries #${from}–#${to} were`;
}

/** Verifies an exported run of entries: the first entry's prevHash is the trusted anchor. */
export function verifyAuditSegment(entries: Iterable<AuditEntry>): AuditChainResult {
  const verifier = new AuditChainVerifier('segment');
  for (const entry of entries) verifier.add(entry);
  return verifier.result();
}
