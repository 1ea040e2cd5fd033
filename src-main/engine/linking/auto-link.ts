// Automatic linking of one source's accounts in `temp.link_batch`, set-based. Their automatic links and
// linker state are dropped and decided again; manual decisions and marks are left alone.
// Order matters: a strong anchor (SAML nameId, an IdP's immutable id) wins over email; an anchor and an
// email that point to different people link nothing (the account is queued as conflicting_anchors).
// Only identities ranked before the source are candidates (link-plan.ts), so a secondary IdP's account
// never matches its own identity or one of a later IdP.
import type Database from 'better-sqlite3';
import { anchorExpression } from './link-sql.ts';
import type { LinkSource } from './link-plan.ts';

export interface AutoLinkResult {
  byAnchor: number;
  byEmail: number;
}

export function createDecisionTables(sqlite: Database.Database): void {
  sqlite.exec(`
    CREATE TEMP TABLE IF NOT EXISTS link_batch (account_id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE IF NOT EXISTS link_decisions (
      account_id INTEGER PRIMARY KEY, live INTEGER NOT NULL, kept INTEGER NOT NULL, unlinked INTEGER NOT NULL,
      anchor_key TEXT, has_email INTEGER NOT NULL, a_min INTEGER, a_max INTEGER, e_min INTEGER, e_max INTEGER,
      identity_id INTEGER, reason TEXT, queue_reason TEXT, alone INTEGER NOT NULL DEFAULT 0);
    CREATE TEMP TABLE IF NOT EXISTS link_key_stats (
      kind TEXT NOT NULL, k TEXT NOT NULL, mn INTEGER, mx INTEGER, PRIMARY KEY (kind, k)) WITHOUT ROWID;
    CREATE TEMP TABLE IF NOT EXISTS link_key_stats_rank (rank INTEGER);
    DELETE FROM temp.link_key_stats; DELETE FROM temp.link_key_stats_rank;`);
}

const keyBound = (fn: 'min' | 'max', kind: 'a' | 'e', key: string) =>
  `(SELECT ${fn}(k.identity_id) FROM identity_keys k WHERE k.kind = '${kind}' AND k.k = ${key} AND k.rank < @rank)`;

/** Above this many accounts, one pass over identity_keys beats four index probes per account. */
export const keyStatsThreshold = 20_000;

/**
 * `temp.link_key_stats`: per key, the lowest and highest identity of rank below `rank`, for a large batch.
 * Built when first needed for a rank; `invalidateKeyStats` drops it when identities change.
 */
function keyStats(sqlite: Database.Database, rank: number): void {
  const built = sqlite.prepare('SELECT rank FROM temp.link_key_stats_rank').pluck().get() as
    number | undefined;
  if (built === rank) return;
  sqlite.exec('DELETE FROM temp.link_key_stats; DELETE FROM temp.link_key_stats_rank');
  sqlite
    .prepare(
      `INSERT INTO temp.link_key_stats SELECT kind, k, min(identity_id), max(identity_id)
         FROM identity_keys WHERE rank < ? GROUP BY kind, k`,
    )
    .run(rank);
  sqlite.prepare('INSERT INTO temp.link_key_stats_rank VALUES (?)').run(rank);
}

export function invalidateKeyStats(sqlite: Database.Database): void {
  sqlite.exec('DELETE FROM temp.link_key_stats; DELETE FROM temp.link_key_stats_rank');
}

export function decideBatch(
  sqlite: Database.Database,
  source: LinkSource,
  now: string,
  statsAbove = keyStatsThreshold,
): AutoLinkResult {
  const anchor = anchorExpression('a', source.anchorAttribute);
  sqlite.exec(`
    DELETE FROM temp.link_decisions;
    DELETE FROM account_links
     WHERE account_id IN (SELECT account_id FROM temp.link_batch) AND reason IN ('auto_email', 'auto_anchor');
    DELETE FROM account_link_state WHERE account_id IN (SELECT account_id FROM temp.link_batch);`);
  const accounts = `SELECT a.id, a.expired_at IS NULL AS live, ${anchor} AS anchor_key,
                      nullif(lower(a.email), '') AS email_key, coalesce(a.email, '') <> '' AS has_email,
                      EXISTS (SELECT 1 FROM account_links l WHERE l.account_id = a.id)
                        OR EXISTS (SELECT 1 FROM account_marks m WHERE m.account_id = a.id) AS kept,
                      EXISTS (SELECT 1 FROM account_links l WHERE l.account_id = a.id AND l.reason = 'manual_unlink') AS unlinked
                 FROM temp.link_batch b JOIN accounts a ON a.id = b.account_id
                WHERE a.source_id = @source`;
  const batchSize = sqlite.prepare('SELECT count(*) FROM temp.link_batch').pluck().get() as number;
  const columns = 'account_id, live, kept, unlinked, anchor_key, has_email, a_min, a_max, e_min, e_max';
  if (batchSize > statsAbove) {
    keyStats(sqlite, source.rank);
    sqlite
      .prepare(
        `INSERT INTO temp.link_decisions (${columns})
         SELECT x.id, x.live, x.kept, x.unlinked, x.anchor_key, x.has_email, sa.mn, sa.mx, se.mn, se.mx
           FROM (${accounts}) x
           LEFT JOIN temp.link_key_stats sa ON sa.kind = 'a' AND sa.k = x.anchor_key
           LEFT JOIN temp.link_key_stats se ON se.kind = 'e' AND se.k = x.email_key`,
      )
      .run({ source: source.id });
  } else {
    sqlite
      .prepare(
        `INSERT INTO temp.link_decisions (${columns})
         SELECT id, live, kept, unlinked, anchor_key, has_email,
                ${keyBound('min', 'a', 'anchor_key')}, ${keyBound('max', 'a', 'anchor_key')},
                ${keyBound('min', 'e', 'email_key')}, ${keyBound('max', 'e', 'email_key')}
           FROM (${accounts})`,
      )
      .run({ rank: source.rank, source: source.id });
  }
  // Decide: an anchor naming exactly one person, unless the email names exactly one other; else an email
  // naming exactly one person, unless the anchor names exactly one other.
  sqlite.exec(`
    UPDATE temp.link_decisions SET
      identity_id = CASE
        WHEN a_min = a_max AND NOT coalesce(e_min = e_max AND e_min <> a_min, 0) THEN a_min
        WHEN e_min = e_max AND NOT coalesce(a_min = a_max AND a_min <> e_min, 0) THEN e_min END,
      reason = CASE
        WHEN a_min = a_max AND NOT coalesce(e_min = e_max AND e_min <> a_min, 0) THEN 'auto_anchor'
        WHEN e_min = e_max AND NOT coalesce(a_min = a_max AND a_min <> e_min, 0) THEN 'auto_email' END
     WHERE live = 1 AND kept = 0;
    UPDATE temp.link_decisions SET alone = (kept = 0 AND a_min IS NULL AND e_min IS NULL);`);
  const counts = sqlite
    .prepare(
      `SELECT count(*) FILTER (WHERE reason = 'auto_anchor') AS byAnchor,
              count(*) FILTER (WHERE reason = 'auto_email') AS byEmail
         FROM temp.link_decisions WHERE identity_id IS NOT NULL`,
    )
    .get() as AutoLinkResult;
  sqlite
    .prepare(
      `INSERT INTO account_links (account_id, identity_id, reason, decided_by, decided_at)
       SELECT account_id, identity_id, reason, NULL, ? FROM temp.link_decisions WHERE identity_id IS NOT NULL`,
    )
    .run(now);
  // What the needs-anchor queue shows; a secondary IdP's account that matches no one is a person of its own.
  const alone = source.role === 'secondary' ? 'alone = 1' : '0';
  sqlite.exec(`
    UPDATE temp.link_decisions SET queue_reason = CASE
        WHEN unlinked = 1 THEN 'unlinked_by_person'
        WHEN a_min = a_max AND e_min = e_max AND a_min <> e_min THEN 'conflicting_anchors'
        WHEN has_email = 0 AND anchor_key IS NULL THEN 'no_email'
        WHEN e_min <> e_max THEN 'email_matches_several_identities'
        ELSE 'email_matches_no_identity' END
     WHERE live = 1 AND identity_id IS NULL AND (kept = 0 OR unlinked = 1) AND NOT (${alone});
    INSERT INTO account_link_state (account_id, anchor_key, queue_reason)
      SELECT account_id, anchor_key, queue_reason FROM temp.link_decisions
       WHERE anchor_key IS NOT NULL OR queue_reason IS NOT NULL;`);
  return counts;
}
