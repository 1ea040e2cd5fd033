// identity_tokens: the name tokens of every identity (candidates.ts's nameTokens), kept in step by the link
// run for the identities it wrote, so ranking candidates reads only identities sharing a token with a queued
// account instead of all of them. Tokens come from a table-valued SQL function, so a full refresh of 200k
// identities is one statement rather than a round trip per token.
import type Database from 'better-sqlite3';
import { nameTokens } from './candidates.ts';

const registered = new WeakSet<Database.Database>();

function registerTokenFunction(sqlite: Database.Database): void {
  if (registered.has(sqlite)) return;
  sqlite.table('vouch_name_tokens', {
    columns: ['token'],
    parameters: ['display_name', 'email', 'login'],
    *rows(displayName: unknown, email: unknown, login: unknown) {
      const text = (value: unknown) => (typeof value === 'string' ? value : null);
      for (const token of nameTokens(text(displayName), text(email), text(login))) yield [token];
    },
  });
  registered.add(sqlite);
}

/** Re-tokenizes the identities written at `now` (every identity when `all`). */
export function refreshIdentityTokens(sqlite: Database.Database, all: boolean, now: string): void {
  if (all) {
    registerTokenFunction(sqlite);
    sqlite.exec('DELETE FROM identity_tokens');
    // A NULL argument to a table-valued function matches no row (it is an equality on a hidden column).
    sqlite.exec(`INSERT INTO identity_tokens (token, identity_id)
                 SELECT t.token, i.id FROM identities i, vouch_name_tokens(coalesce(i.display_name, ''), coalesce(i.email, ''), coalesce(i.login, '')) t`);
    return;
  }
  // A few identities changed: read them first, so no token is computed for an unchanged one.
  const changed = sqlite
    .prepare('SELECT id, display_name, email, login FROM identities WHERE updated_at = ?')
    .all(now) as { id: number; display_name: string | null; email: string | null; login: string | null }[];
  const drop = sqlite.prepare('DELETE FROM identity_tokens WHERE identity_id = ?');
  const insert = sqlite.prepare('INSERT OR IGNORE INTO identity_tokens (token, identity_id) VALUES (?, ?)');
  for (const row of changed) {
    drop.run(row.id);
    for (const token of nameTokens(row.display_name, row.email, row.login)) insert.run(token, row.id);
  }
}
