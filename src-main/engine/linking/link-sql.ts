// Shared SQL of the linker: identity keys for email and anchor matching, as indexed temporary tables (a
// join against a grouped subquery would be re-scanned per account), and the accounts the linker may decide
// about (live accounts of application sources, not decided by a person, not marked).
import type Database from 'better-sqlite3';

/**
 * (Re)builds `temp.identity_email_keys` (lower(email) → the one identity with it, and how many share it)
 * and `temp.identity_anchor_keys` (an anchor such as a SAML nameId may name the IdP login or email).
 */
export function buildIdentityKeys(sqlite: Database.Database): void {
  sqlite.exec(`
    DROP TABLE IF EXISTS temp.identity_email_keys;
    DROP TABLE IF EXISTS temp.identity_anchor_keys;
    CREATE TEMP TABLE identity_email_keys (k TEXT PRIMARY KEY, identity_id INTEGER NOT NULL, n INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TEMP TABLE identity_anchor_keys (k TEXT PRIMARY KEY, identity_id INTEGER NOT NULL, n INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO identity_email_keys
      SELECT lower(email), min(id), count(*) FROM identities WHERE email IS NOT NULL AND email <> '' GROUP BY lower(email);
    INSERT INTO identity_anchor_keys
      SELECT k, min(id), count(DISTINCT id) FROM (
        SELECT lower(email) AS k, id FROM identities WHERE email IS NOT NULL AND email <> ''
        UNION SELECT lower(login) AS k, id FROM identities WHERE login IS NOT NULL AND login <> ''
      ) GROUP BY k;
  `);
}

export function undecidedAccounts(alias: string): string {
  return `${alias}.expired_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM account_links l WHERE l.account_id = ${alias}.id)
    AND NOT EXISTS (SELECT 1 FROM account_marks m WHERE m.account_id = ${alias}.id)`;
}

/** The anchor value of an account, or NULL, for a source whose connector declares `attribute`. */
export function anchorExpression(alias: string, attribute: string | undefined): string {
  if (!attribute || !/^[a-z_][a-z0-9_]*$/i.test(attribute)) return 'NULL';
  return `lower(json_extract(${alias}.attributes, '$.${attribute}'))`;
}
