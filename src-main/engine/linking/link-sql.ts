// Shared SQL fragments of the linker: identity keys for email and anchor matching, and the accounts the
// linker may decide about (live accounts of application sources, not decided by a person, not marked).

/** lower(email) → the one identity with it, and how many identities share it. */
export const identityEmailKeys = `
  SELECT lower(email) AS k, min(id) AS identity_id, count(*) AS n
    FROM identities WHERE email IS NOT NULL AND email <> '' GROUP BY lower(email)`;

/** An anchor (e.g. a SAML nameId) may name the IdP login or email. */
export const identityAnchorKeys = `
  SELECT k, min(id) AS identity_id, count(DISTINCT id) AS n FROM (
    SELECT lower(email) AS k, id FROM identities WHERE email IS NOT NULL AND email <> ''
    UNION SELECT lower(login) AS k, id FROM identities WHERE login IS NOT NULL AND login <> ''
  ) GROUP BY k`;

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
