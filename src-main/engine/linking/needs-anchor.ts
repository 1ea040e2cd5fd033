// The needs-anchor queue: live accounts of application sources and secondary IdPs that belong to no
// identity, are not marked service/shared/external, and why the linker could not place them (recorded by
// the link run in account_link_state), with ranked candidates read through identity_tokens.
import type Database from 'better-sqlite3';
import { CandidateIndex, nameTokens, type IdentityForRanking, type TokenPostings } from './candidates.ts';
import type { RankedCandidate } from './candidates.ts';

export type NeedsAnchorReason =
  | 'no_email'
  | 'email_matches_no_identity'
  | 'email_matches_several_identities'
  | 'conflicting_anchors'
  /** A person removed the automatic link; it stays unlinked until someone links or marks it. */
  | 'unlinked_by_person';

export interface NeedsAnchorItem {
  accountId: number;
  sourceName: string;
  externalId: string;
  login: string | null;
  email: string | null;
  displayName: string | null;
  status: string;
  reason: NeedsAnchorReason;
  candidates: RankedCandidate[];
}

interface QueueRow {
  id: number;
  source_name: string;
  external_id: string;
  login: string | null;
  email: string | null;
  display_name: string | null;
  status: string;
  reason: NeedsAnchorReason;
}

/**
 * The queue's rows: one indexed read of the reasons the last link run recorded (CROSS JOIN: from the queued
 * rows outwards, never through every account of every source).
 */
export const queueSql = `SELECT a.id, s.name AS source_name, a.external_id, a.login, a.email, a.display_name,
                                a.status, st.queue_reason AS reason
                           FROM account_link_state st CROSS JOIN accounts a ON a.id = st.account_id
                           CROSS JOIN sources s ON s.id = a.source_id
                          WHERE st.queue_reason IS NOT NULL AND (@source IS NULL OR s.name = @source)
                          ORDER BY s.name, a.login, a.external_id`;

/**
 * Postings read from identity_tokens in one statement for every token of the queue (a token held by more
 * than `limit` identities comes back as null), so ranking makes no query per account or token.
 */
function storedPostings(sqlite: Database.Database, tokens: Iterable<string>): TokenPostings {
  const identityCount = sqlite.prepare('SELECT count(*) FROM identities').pluck().get() as number;
  const postings = new Map<string, IdentityForRanking[] | null>();
  let loadedLimit = -1;
  const load = (limit: number) => {
    sqlite.exec(
      'DROP TABLE IF EXISTS temp.queue_tokens; CREATE TEMP TABLE queue_tokens (token TEXT PRIMARY KEY, crowded INTEGER) WITHOUT ROWID',
    );
    const insert = sqlite.prepare('INSERT OR IGNORE INTO temp.queue_tokens VALUES (?, 0)');
    for (const token of tokens) {
      insert.run(token);
      postings.set(token, []);
    }
    // First which tokens are too common (counting at most limit + 1 postings each), then the postings of
    // the others: a token held by everyone is never read in full.
    sqlite
      .prepare(
        `UPDATE temp.queue_tokens SET crowded = (SELECT count(*) FROM (
           SELECT 1 FROM identity_tokens c WHERE c.token = queue_tokens.token LIMIT @over)) > @limit`,
      )
      .run({ limit, over: limit + 1 });
    for (const token of sqlite
      .prepare('SELECT token FROM temp.queue_tokens WHERE crowded = 1')
      .pluck()
      .all() as string[])
      postings.set(token, null);
    const rows = sqlite
      .prepare(
        `SELECT q.token, i.id, i.display_name AS displayName, i.email, i.login
           FROM temp.queue_tokens q CROSS JOIN identity_tokens t ON t.token = q.token
           CROSS JOIN identities i ON i.id = t.identity_id
          WHERE q.crowded = 0`,
      )
      .all() as (IdentityForRanking & { token: string })[];
    const identities = new Map<number, IdentityForRanking>();
    for (const { token, id, displayName, email, login } of rows) {
      let identity = identities.get(id);
      if (!identity) {
        identity = { id, displayName, email, login };
        identities.set(id, identity);
      }
      postings.get(token)?.push(identity);
    }
    sqlite.exec('DROP TABLE temp.queue_tokens');
    loadedLimit = limit;
  };
  return {
    identitiesWith(token, limit) {
      if (loadedLimit !== limit) load(limit);
      return postings.get(token) ?? [];
    },
    count: () => identityCount,
  };
}

export function needsAnchorQueue(
  sqlite: Database.Database,
  sourceName: string | null,
  options: { candidates?: number } = {},
): NeedsAnchorItem[] {
  const rows = sqlite.prepare(queueSql).all({ source: sourceName }) as QueueRow[];
  const tokens = new Set<string>();
  for (const row of rows)
    for (const token of nameTokens(row.display_name, row.email, row.login)) tokens.add(token);
  const index = new CandidateIndex(storedPostings(sqlite, tokens));
  return rows.map((row) => ({
    accountId: row.id,
    sourceName: row.source_name,
    externalId: row.external_id,
    login: row.login,
    email: row.email,
    displayName: row.display_name,
    status: row.status,
    reason: row.reason,
    candidates: index.rank(
      { displayName: row.display_name, email: row.email, login: row.login },
      options.candidates ?? 3,
    ),
  }));
}
