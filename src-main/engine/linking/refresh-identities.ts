// Identities mirror the accounts of the identity provider sources: one per IdP account, refreshed after
// every sync. An IdP account that disappeared keeps its identity (links to it still matter to an auditor:
// "terminated user still has access"), with status DELETED_IN_IDP.
import type Database from 'better-sqlite3';

export function refreshIdentities(sqlite: Database.Database, idpSourceIds: string[], now: string): number {
  if (idpSourceIds.length === 0) return 0;
  const placeholders = idpSourceIds.map(() => '?').join(', ');
  return sqlite
    .prepare(
      `INSERT INTO identities (anchor_account_id, display_name, email, login, status, updated_at)
       SELECT id, display_name, email, login,
              CASE WHEN expired_at IS NULL THEN status ELSE 'DELETED_IN_IDP' END, ?
         FROM accounts WHERE source_id IN (${placeholders})
       ON CONFLICT (anchor_account_id) DO UPDATE SET
         display_name = excluded.display_name, email = excluded.email, login = excluded.login,
         status = excluded.status, updated_at = excluded.updated_at`,
    )
    .run(now, ...idpSourceIds).changes;
}
