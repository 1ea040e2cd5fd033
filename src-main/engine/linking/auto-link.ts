// Automatic linking, set-based: every automatic link is recomputed from scratch in one transaction, so a
// changed email or a new identity is always reflected; manual decisions and marks are left alone.
// Order matters: a strong anchor (SAML nameId) wins over email; an anchor and an email that point to
// different people link nothing (the account goes to the needs-anchor queue as conflicting_anchors).
import type Database from 'better-sqlite3';
import { anchorExpression, buildIdentityKeys, undecidedAccounts } from './link-sql.ts';

export interface LinkingSource {
  id: string;
  anchorAttribute?: string;
}

export interface AutoLinkResult {
  byAnchor: number;
  byEmail: number;
}

export function autoLink(
  sqlite: Database.Database,
  appSources: LinkingSource[],
  now: string,
): AutoLinkResult {
  const result: AutoLinkResult = { byAnchor: 0, byEmail: 0 };
  sqlite.transaction(() => {
    sqlite.prepare(`DELETE FROM account_links WHERE reason IN ('auto_email', 'auto_anchor')`).run();
    buildIdentityKeys(sqlite);
    for (const source of appSources) {
      const anchor = anchorExpression('a', source.anchorAttribute);
      if (anchor !== 'NULL') {
        result.byAnchor += sqlite
          .prepare(
            `INSERT INTO account_links (account_id, identity_id, reason, decided_by, decided_at)
             SELECT a.id, k.identity_id, 'auto_anchor', NULL, ?
               FROM accounts a JOIN identity_anchor_keys k ON k.k = ${anchor} AND k.n = 1
              WHERE a.source_id = ? AND ${undecidedAccounts('a')}
                AND NOT EXISTS (
                  SELECT 1 FROM identity_email_keys e
                   WHERE e.k = lower(a.email) AND e.n = 1 AND e.identity_id <> k.identity_id)`,
          )
          .run(now, source.id).changes;
      }
      result.byEmail += sqlite
        .prepare(
          `INSERT INTO account_links (account_id, identity_id, reason, decided_by, decided_at)
           SELECT a.id, e.identity_id, 'auto_email', NULL, ?
             FROM accounts a JOIN identity_email_keys e ON e.k = lower(a.email) AND e.n = 1
            WHERE a.source_id = ? AND ${undecidedAccounts('a')}
              AND NOT EXISTS (
                SELECT 1 FROM identity_anchor_keys k
                 WHERE k.k = ${anchor} AND k.n = 1 AND k.identity_id <> e.identity_id)`,
        )
        .run(now, source.id).changes;
    }
  })();
  return result;
}
