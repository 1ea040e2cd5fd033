// Identities and their anchors. Every account of the primary IdP anchors an identity; an IdP account that
// disappeared keeps its identity (links to it still matter to an auditor: "terminated user still has
// access"), with status DELETED_IN_IDP. A secondary IdP's account anchors an identity only while it matches
// no one ranked before it; when it starts matching someone, its identity is dissolved into that person's.
import type Database from 'better-sqlite3';
import { attributeExpression } from './link-sql.ts';
import type { LinkSource } from './link-plan.ts';
import { deletedInIdp } from './status-vocabulary.ts';

function upsertSql(source: LinkSource, anchoredBy: 'primary' | 'secondary', filter: string): string {
  return `INSERT INTO identities (anchor_account_id, display_name, email, login, status, updated_at, anchored_by,
                                  anchor_rank, federated_id)
          SELECT a.id, a.display_name, a.email, a.login,
                 CASE WHEN a.expired_at IS NULL THEN a.status ELSE '${deletedInIdp}' END, @now, '${anchoredBy}',
                 ${source.rank}, ${attributeExpression('a', source.federatedIdAttribute)}
            FROM temp.link_batch b JOIN accounts a ON a.id = b.account_id
           WHERE ${filter}
          ON CONFLICT (anchor_account_id) DO UPDATE SET
            display_name = excluded.display_name, email = excluded.email, login = excluded.login,
            status = excluded.status, updated_at = excluded.updated_at, anchored_by = excluded.anchored_by,
            anchor_rank = excluded.anchor_rank, federated_id = excluded.federated_id
          WHERE identities.display_name IS NOT excluded.display_name OR identities.email IS NOT excluded.email
             OR identities.login IS NOT excluded.login OR identities.status IS NOT excluded.status
             OR identities.anchored_by IS NOT excluded.anchored_by OR identities.anchor_rank IS NOT excluded.anchor_rank
             OR identities.federated_id IS NOT excluded.federated_id`;
}

/** Creates or refreshes the identities of the primary IdP accounts in `temp.link_batch`. */
export function upsertPrimaryIdentities(sqlite: Database.Database, source: LinkSource, now: string): void {
  // An account of the primary IdP is a person: it is never linked or marked (it may have been when it
  // belonged to a secondary IdP).
  sqlite.exec(`
    DELETE FROM account_links WHERE account_id IN (SELECT account_id FROM temp.link_batch);
    DELETE FROM account_marks WHERE account_id IN (SELECT account_id FROM temp.link_batch);
    DELETE FROM account_link_state WHERE account_id IN (SELECT account_id FROM temp.link_batch);`);
  sqlite.prepare(upsertSql(source, 'primary', 'a.source_id = @source')).run({ now, source: source.id });
}

/**
 * After the accounts of a secondary IdP in `temp.link_batch` were decided (`temp.link_decisions`): those
 * that match no one anchor their own identity (a live account gets one, a gone one keeps it); the others'
 * identities are dissolved.
 */
export function applySecondaryIdentities(sqlite: Database.Database, source: LinkSource, now: string): void {
  const alone = `EXISTS (SELECT 1 FROM temp.link_decisions d WHERE d.account_id = a.id AND d.alone = 1)`;
  sqlite
    .prepare(
      upsertSql(
        source,
        'secondary',
        `${alone} AND (a.expired_at IS NULL OR EXISTS (SELECT 1 FROM identities i WHERE i.anchor_account_id = a.id))`,
      ),
    )
    .run({ now });
  const dissolved = sqlite
    .prepare(
      `SELECT i.id FROM temp.link_decisions d JOIN identities i ON i.anchor_account_id = d.account_id
        WHERE d.alone = 0`,
    )
    .all() as { id: number }[];
  for (const { id } of dissolved) dissolveIdentity(sqlite, id);
}

/**
 * Removes an identity whose anchor account no longer anchors anyone. People's links to it follow the anchor
 * account to the identity it is now linked to; where it is linked to no one, those accounts are queued to be
 * decided again (their manual link is gone with the identity). Automatic links to it are re-decided through
 * its keys, which the delete trigger marks dirty.
 */
export function dissolveIdentity(sqlite: Database.Database, identityId: number): void {
  const target = sqlite
    .prepare(
      `SELECT l.identity_id AS id FROM identities i JOIN account_links l ON l.account_id = i.anchor_account_id
        WHERE i.id = ? AND l.identity_id IS NOT NULL AND l.identity_id <> i.id`,
    )
    .get(identityId) as { id: number } | undefined;
  if (target) {
    sqlite
      .prepare(`UPDATE account_links SET identity_id = ? WHERE identity_id = ? AND reason = 'manual'`)
      .run(target.id, identityId);
  }
  sqlite
    .prepare(
      `INSERT OR IGNORE INTO link_pending (account_id) SELECT account_id FROM account_links WHERE identity_id = ?`,
    )
    .run(identityId);
  sqlite.prepare('DELETE FROM identities WHERE id = ?').run(identityId);
}
