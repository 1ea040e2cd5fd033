// The needs-anchor queue: live accounts of application sources and secondary IdPs that belong to no
// identity, are not marked service/shared/external, and why the linker could not place them (recorded by
// the link run in account_link_state), with ranked candidates read through identity_tokens.
import type Database from 'better-sqlite3';
import { CandidateIndex, type IdentityForRanking, type TokenPostings } from './candidates.ts';
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

function storedPostings(sqlite: Database.Database): TokenPostings {
  const byToken = sqlite.prepare('SELECT identity_id FROM identity_tokens WHERE token = ? LIMIT ?').pluck();
  const byId = sqlite.prepare(
    'SELECT id, display_name AS displayName, email, login FROM identities WHERE id = ?',
  );
  const identities = new Map<number, IdentityForRanking>();
  const identity = (id: number) => {
    let found = identities.get(id);
    if (!found) {
      found = byId.get(id) as IdentityForRanking;
      identities.set(id, found);
    }
    return found;
  };
  return {
    identitiesWith(token, limit) {
      const ids = byToken.all(token, limit + 1) as number[];
      return ids.length > limit ? null : ids.map(identity);
    },
    count: () => (sqlite.prepare('SELECT count(*) AS n FROM identities').get() as { n: number }).n,
  };
}

export function needsAnchorQueue(
  sqlite: Database.Database,
  sourceName: string | null,
  options: { candidates?: number } = {},
): NeedsAnchorItem[] {
  const rows = sqlite.prepare(queueSql).all({ source: sourceName }) as QueueRow[];
  const index = new CandidateIndex(storedPostings(sqlite));
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
