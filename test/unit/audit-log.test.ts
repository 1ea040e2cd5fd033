// The audit log's hash chain: a valid chain verifies; an edited, deleted, inserted or reordered entry is
// reported; secrets are refused; exported segments verify from their own anchor.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditDetailsRejectedError, type AuditInput } from '../../src-main/engine/audit/audit-actions.ts';
import { auditActor } from '../../src-main/engine/audit/audit-actor.ts';
import {
  auditEntryHash,
  GENESIS_HASH,
  verifyAuditSegment,
  type AuditEntry,
} from '../../src-main/engine/audit/audit-chain.ts';
import {
  appendAudit,
  auditEntriesBetween,
  listAuditEntries,
  verifyAuditLog,
} from '../../src-main/engine/audit/audit-log.ts';
import { canonicalJson } from '../../src-main/engine/audit/canonical-json.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-audit-'));
  store = openStore(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const input = (n: number): AuditInput => ({
  actor: 'cli:alice',
  action: 'sync_completed',
  subject: `source-${n}`,
  details: { status: 'complete', rows: n, datasets: ['okta.users', 'okta.groups'] },
});

function appendMany(count: number): AuditEntry[] {
  let t = Date.parse('2025-01-01T00:00:00.000Z');
  return Array.from({ length: count }, (_, i) =>
    appendAudit(store, input(i + 1), () => new Date((t += 1000))),
  );
}

const sql = (text: string, ...params: unknown[]) => store.sqlite.prepare(text).run(...params);
const kinds = () => verifyAuditLog(store).problems.map((p) => [p.kind, p.seq]);

describe('appendAudit', () => {
  it('chains every entry to the one before, from the genesis hash', () => {
    const entries = appendMany(3);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(entries[2]?.prevHash).toBe(entries[1]?.hash);
    const { hash, ...rest } = entries[1] as AuditEntry;
    expect(hash).toBe(auditEntryHash(rest));
    expect(listAuditEntries(store).map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(listAuditEntries(store, { limit: 1 })).toEqual([entries[2]]);
  });

  it('hashes the canonical JSON of the documented fields', async () => {
    const [entry] = appendMany(1) as [AuditEntry];
    const { createHash } = await import('node:crypto');
    const canonical =
      `{"action":"sync_completed","actor":"cli:alice","at":"${entry.at}",` +
      `"details":{"datasets":["okta.users","okta.groups"],"rows":1,"status":"complete"},` +
      `"prevHash":"${GENESIS_HASH}","seq":1,"subject":"source-1"}`;
    expect(entry.hash).toBe(createHash('sha256').update(canonical).digest('hex'));
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: true })).toBe(
      '{"a":true,"b":[1,{"c":"x","d":null}]}',
    );
  });

  it('refuses details that carry a secret, at any depth, without echoing it', () => {
    for (const details of [
      { token: 'x' },
      { apiToken: 'x' },
      { nested: { client_secret: 'x' } },
      { list: [{ Password: 'x' }] },
      { credentials: { a: 'x' } },
      { pem: '-----BEGIN PRIVATE KEY-----\nabc' },
      { when: new Date() as unknown as string },
      { n: Number.NaN },
    ] as AuditInput['details'][]) {
      const attempt = () => appendAudit(store, { ...input(1), details });
      expect(attempt).toThrow(AuditDetailsRejectedError);
      try {
        attempt();
      } catch (error) {
        expect((error as Error).message).not.toMatch(/\bx\b|BEGIN|abc/);
      }
    }
    expect(verifyAuditLog(store).entries).toBe(0);
    // Fingerprints and field names are what entries are meant to carry.
    appendAudit(store, {
      ...input(1),
      action: 'credentials_rotated',
      details: { credentialFingerprint: 'sha256:0123456789abcdef', fields: ['apiToken'] },
    });
    expect(verifyAuditLog(store).ok).toBe(true);
  });

  it('names the actor after the shell and the OS user', () => {
    expect(auditActor('cli')).toMatch(/^cli:.+/);
  });

  it('keeps one chain when several connections append in turn', () => {
    const other = openStore(dir);
    try {
      for (let i = 0; i < 20; i++) appendAudit(i % 2 ? other : store, input(i));
    } finally {
      other.close();
    }
    expect(verifyAuditLog(store)).toMatchObject({ ok: true, entries: 20 });
  });
});

describe('verifyAuditLog', () => {
  it('accepts a valid chain, and an empty log', () => {
    expect(verifyAuditLog(store)).toMatchObject({ ok: true, entries: 0, problems: [] });
    const entries = appendMany(5);
    expect(verifyAuditLog(store)).toEqual({
      ok: true,
      entries: 5,
      firstSeq: 1,
      lastSeq: 5,
      anchorHash: GENESIS_HASH,
      headHash: entries[4]?.hash,
      problems: [],
    });
  });

  it('detects an edited entry', () => {
    appendMany(4);
    sql(`UPDATE audit_log SET details = '{"status":"failed"}' WHERE seq = 2`);
    expect(kinds()).toEqual([['entry_altered', 2]]);
  });

  it('detects an edited entry whose hash was recomputed, by the next link', () => {
    const entries = appendMany(4);
    const forged = { ...(entries[1] as AuditEntry), actor: 'cli:mallory' };
    sql('UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 2', forged.actor, auditEntryHash(forged));
    expect(kinds()).toEqual([['broken_link', 3]]);
  });

  it('detects a deleted entry', () => {
    appendMany(5);
    sql('DELETE FROM audit_log WHERE seq = 3');
    expect(kinds()).toEqual([
      ['entries_missing', 4],
      ['broken_link', 4],
    ]);
  });

  it('detects deleted entries at the start and at the end', () => {
    appendMany(5);
    sql('DELETE FROM audit_log WHERE seq IN (1, 5)');
    expect(kinds()).toEqual([
      ['entries_missing', 2],
      ['broken_link', 2],
      ['entries_missing', 5],
    ]);
    // The next append links to what is now the last entry, but the gap in the numbering stays visible.
    appendAudit(store, input(9));
    expect(kinds()).toEqual([
      ['entries_missing', 2],
      ['broken_link', 2],
      ['entries_missing', 6],
    ]);
  });

  it('detects an inserted entry, even one with a correct hash', () => {
    const entries = appendMany(4);
    // Make room after #2 and insert a well-formed entry that links to #2.
    for (const seq of [4, 3]) sql('UPDATE audit_log SET seq = ? WHERE seq = ?', seq + 1, seq);
    const inserted = {
      seq: 3,
      at: (entries[1] as AuditEntry).at,
      actor: 'cli:mallory',
      action: 'artifact_exported',
      subject: 'art_x',
      details: {},
      prevHash: (entries[1] as AuditEntry).hash,
    };
    sql(
      'INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      inserted.seq,
      inserted.at,
      inserted.actor,
      inserted.action,
      inserted.subject,
      '{}',
      inserted.prevHash,
      auditEntryHash(inserted),
    );
    expect(kinds()).toEqual([
      ['entry_altered', 4],
      ['broken_link', 4],
      ['entry_altered', 5],
    ]);
  });

  it('detects reordered entries', () => {
    appendMany(4);
    const row = (seq: number) =>
      store.sqlite.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as Record<string, unknown>;
    const [two, three] = [row(2), row(3)];
    const swap =
      'UPDATE audit_log SET at = ?, subject = ?, details = ?, prev_hash = ?, hash = ? WHERE seq = ?';
    sql(swap, three.at, three.subject, three.details, three.prev_hash, three.hash, 2);
    sql(swap, two.at, two.subject, two.details, two.prev_hash, two.hash, 3);
    const problems = verifyAuditLog(store).problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.kind)).toContain('broken_link');
  });

  it('reports details edited into something that is not JSON', () => {
    appendMany(3);
    sql(`UPDATE audit_log SET details = 'oops' WHERE seq = 2`);
    expect(kinds()).toEqual([['entry_altered', 2]]);
  });
});

describe('segments', () => {
  it('selects the entries of a time window as one contiguous run', () => {
    const entries = appendMany(6);
    const segment = auditEntriesBetween(store, (entries[1] as AuditEntry).at, (entries[3] as AuditEntry).at);
    expect(segment.map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(auditEntriesBetween(store, '2030-01-01T00:00:00.000Z', '2031-01-01T00:00:00.000Z')).toEqual([]);
  });

  it('verifies a segment from its own anchor and reports breaks inside it', () => {
    const entries = appendMany(6).slice(2);
    expect(verifyAuditSegment(entries)).toMatchObject({
      ok: true,
      entries: 4,
      firstSeq: 3,
      anchorHash: entries[0]?.prevHash,
      headHash: entries[3]?.hash,
    });
    const withoutOne = [entries[0], entries[2], entries[3]] as AuditEntry[];
    expect(verifyAuditSegment(withoutOne).problems.map((p) => p.kind)).toEqual([
      'entries_missing',
      'broken_link',
    ]);
    const edited = entries.map((e, i) => (i === 1 ? { ...e, subject: 'other' } : e));
    expect(verifyAuditSegment(edited).problems.map((p) => p.kind)).toEqual(['entry_altered']);
    expect(verifyAuditSegment([])).toMatchObject({ ok: true, entries: 0, anchorHash: null });
  });
});
