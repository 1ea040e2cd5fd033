// One link run, incremental (docs/architecture.md, Linking). The store records what changed since the last
// run: accounts written by a sync (link_pending, by trigger) and identity keys that appeared or vanished
// (link_dirty_keys, by trigger). Only those accounts, and the accounts carrying a dirty key by email or
// anchor, are decided again, source by source in rank order (the primary IdP, secondary IdPs, applications),
// so a decision that creates or dissolves an identity reaches every later source in the same pass. A run
// that changes the plan (another primary, a source added or removed) decides everything again.
// Either way the result is the one a full recompute gives (test/integration/linking-incremental.test.ts).
import type Database from 'better-sqlite3';
import { createDecisionTables, decideBatch, invalidateKeyStats, type AutoLinkResult } from './auto-link.ts';
import { applySecondaryIdentities, dissolveIdentity, upsertPrimaryIdentities } from './identity-anchors.ts';
import { refreshIdentityTokens } from './identity-tokens.ts';
import { fingerprintSettingKey, linkPlan, readSetting, writeSetting, type LinkSource } from './link-plan.ts';

export interface LinkRunResult extends AutoLinkResult {
  /** Whether every account was decided again (first run, or the plan changed). */
  full: boolean;
  /** Accounts decided in this run. */
  decided: number;
  /** Identities that exist after the run. */
  identities: number;
}

/** Selects the accounts of `source` to decide into temp.link_batch; all of them on a full run. */
function selectBatch(sqlite: Database.Database, source: LinkSource, full: boolean): number {
  sqlite.exec('DELETE FROM temp.link_batch');
  if (full) {
    return sqlite
      .prepare('INSERT INTO temp.link_batch SELECT id FROM accounts WHERE source_id = ?')
      .run(source.id).changes;
  }
  // CROSS JOIN keeps the planner from scanning the source's accounts: the changed set is the small side.
  // `+d.k` drops the column's TEXT affinity, without which lower(email)'s expression index is not used.
  const statements = [
    `SELECT a.id FROM temp.link_pass_pending p CROSS JOIN accounts a ON a.id = p.account_id WHERE a.source_id = @source`,
    `SELECT a.id FROM link_dirty_keys d CROSS JOIN accounts a ON lower(a.email) = +d.k WHERE +a.source_id = @source`,
    `SELECT a.id FROM link_dirty_keys d CROSS JOIN account_link_state st ON st.anchor_key = d.k
       CROSS JOIN accounts a ON a.id = st.account_id WHERE a.source_id = @source`,
  ];
  for (const select of statements) {
    sqlite.prepare(`INSERT OR IGNORE INTO temp.link_batch ${select}`).run({ source: source.id });
  }
  return (sqlite.prepare('SELECT count(*) AS n FROM temp.link_batch').get() as { n: number }).n;
}

/** On a plan change: identities take their anchor source's current rank, or go when it anchors no one. */
function reRankIdentities(sqlite: Database.Database, sources: LinkSource[]): void {
  sqlite.exec(
    'DROP TABLE IF EXISTS temp.link_ranks; CREATE TEMP TABLE link_ranks (source_id TEXT PRIMARY KEY, rank INTEGER, role TEXT)',
  );
  const insert = sqlite.prepare('INSERT INTO temp.link_ranks VALUES (?, ?, ?)');
  for (const s of sources) insert.run(s.id, s.rank, s.role === 'primary' ? 'primary' : 'secondary');
  sqlite.exec(`
    UPDATE identities SET
      anchor_rank = (SELECT r.rank FROM accounts a JOIN temp.link_ranks r ON r.source_id = a.source_id WHERE a.id = identities.anchor_account_id),
      anchored_by = (SELECT r.role FROM accounts a JOIN temp.link_ranks r ON r.source_id = a.source_id WHERE a.id = identities.anchor_account_id)
     WHERE EXISTS (SELECT 1 FROM accounts a JOIN temp.link_ranks r ON r.source_id = a.source_id WHERE a.id = identities.anchor_account_id)`);
  const orphaned = sqlite
    .prepare(
      `SELECT i.id FROM identities i WHERE NOT EXISTS (
         SELECT 1 FROM accounts a JOIN temp.link_ranks r ON r.source_id = a.source_id WHERE a.id = i.anchor_account_id)`,
    )
    .all() as { id: number }[];
  for (const { id } of orphaned) dissolveIdentity(sqlite, id);
}

export interface LinkRunOptions {
  /** Decide every account again. */
  full?: boolean;
  now?: string;
  /** Batches larger than this read pre-aggregated key bounds (tests set 0 to compare both ways). */
  keyStatsAbove?: number;
}

export function runLink(sqlite: Database.Database, options: LinkRunOptions = {}): LinkRunResult {
  const now = options.now ?? new Date().toISOString();
  const plan = linkPlan(sqlite);
  const full = options.full === true || readSetting(sqlite, fingerprintSettingKey) !== plan.fingerprint;
  const result: LinkRunResult = { byAnchor: 0, byEmail: 0, full, decided: 0, identities: 0 };
  createDecisionTables(sqlite);
  const idps = plan.primary ? [plan.primary, ...plan.secondaries] : [];
  if (full) {
    // Secondary IdPs without a primary cannot exist (the first IdP is the default primary).
    reRankIdentities(sqlite, idps);
    sqlite.exec('DELETE FROM account_link_state WHERE account_id NOT IN (SELECT id FROM accounts)');
  }
  // Passes repeat only when dissolving an identity queued accounts of an earlier source (rare).
  for (let pass = 0; pass === 0 || (pass < 10 && hasPending(sqlite)); pass++) {
    const everything = full && pass === 0;
    sqlite.exec(`
      DROP TABLE IF EXISTS temp.link_pass_pending;
      CREATE TEMP TABLE link_pass_pending AS SELECT account_id FROM link_pending;
      DELETE FROM link_pending;`);
    invalidateKeyStats(sqlite);
    if (plan.primary && selectBatch(sqlite, plan.primary, everything) > 0) {
      result.decided += countBatch(sqlite);
      upsertPrimaryIdentities(sqlite, plan.primary, now);
      invalidateKeyStats(sqlite);
    }
    for (const source of [...plan.secondaries, ...plan.apps]) {
      if (selectBatch(sqlite, source, everything) === 0) continue;
      result.decided += countBatch(sqlite);
      const counts = decideBatch(sqlite, source, now, options.keyStatsAbove);
      result.byAnchor += counts.byAnchor;
      result.byEmail += counts.byEmail;
      if (source.role === 'secondary') {
        applySecondaryIdentities(sqlite, source, now);
        invalidateKeyStats(sqlite);
      }
    }
    sqlite.exec('DELETE FROM link_dirty_keys');
  }
  refreshIdentityTokens(sqlite, full, now);
  writeSetting(sqlite, fingerprintSettingKey, plan.fingerprint);
  result.identities = (sqlite.prepare('SELECT count(*) AS n FROM identities').get() as { n: number }).n;
  return result;
}

const countBatch = (sqlite: Database.Database) =>
  (sqlite.prepare('SELECT count(*) AS n FROM temp.link_batch').get() as { n: number }).n;

function hasPending(sqlite: Database.Database): boolean {
  return sqlite.prepare('SELECT 1 FROM link_pending LIMIT 1').get() !== undefined;
}

/** Whether a run would have anything to decide (a read-only view should run one first). */
export function linkRunDue(sqlite: Database.Database): boolean {
  return hasPending(sqlite) || readSetting(sqlite, fingerprintSettingKey) !== linkPlan(sqlite).fingerprint;
}
