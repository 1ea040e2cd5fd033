// identity_tokens: the name tokens of every identity (candidates.ts's nameTokens), kept in step by the link
// run for the identities it wrote, so ranking candidates reads only identities sharing a token with a queued
// account instead of all of them.
import type Database from 'better-sqlite3';
import { nameTokens } from './candidates.ts';

interface IdentityNames {
  id: number;
  display_name: string | null;
  email: string | null;
  login: string | null;
}

/** Re-tokenizes the identities written at `now` (every identity when `all`). */
export function refreshIdentityTokens(sqlite: Database.Database, all: boolean, now?: string): void {
  const select = all
    ? sqlite.prepare('SELECT id, display_name, email, login FROM identities')
    : sqlite.prepare('SELECT id, display_name, email, login FROM identities WHERE updated_at = ?');
  if (all) sqlite.exec('DELETE FROM identity_tokens');
  const drop = sqlite.prepare('DELETE FROM identity_tokens WHERE identity_id = ?');
  const insert = sqlite.prepare('INSERT OR IGNORE INTO identity_tokens (token, identity_id) VALUES (?, ?)');
  const rows = (all ? select.all() : select.all(now)) as IdentityNames[];
  for (const row of rows) {
    if (!all) drop.run(row.id);
    for (const token of nameTokens(row.display_name, row.email, row.login)) insert.run(token, row.id);
  }
}
