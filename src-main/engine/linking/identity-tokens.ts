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
  registerTokenFunction(sqlite);
  const which = all ? '' : 'WHERE i.updated_at = @now';
  if (all) sqlite.exec('DELETE FROM identity_tokens');
  else
    sqlite
      .prepare(
        'DELETE FROM identity_tokens WHERE identity_id IN (SELECT id FROM identities i WHERE i.updated_at = ?)',
      )
      .run(now);
  sqlite
    .prepare(
      `INSERT INTO identity_tokens (token, identity_id)
       SELECT t.token, i.id FROM identities i, vouch_name_tokens(i.display_name, i.email, i.login) t ${which}`,
    )
    .run(all ? {} : { now });
}
