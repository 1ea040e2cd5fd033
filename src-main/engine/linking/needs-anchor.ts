// The needs-anchor queue: live accounts of application sources that belong to no identity, are not marked
// service/shared/external, and why the linker could not place them, with ranked candidates.
import type Database from 'better-sqlite3';
import { CandidateIndex, type IdentityForRanking, type RankedCandidate } from './candidates.ts';
import { anchorExpression, buildIdentityKeys } from './link-sql.ts';
import type { LinkingSource } from './auto-link.ts';

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
  anchor: string | null;
  email_n: number | null;
  anchor_identity: number | null;
  email_identity: number | null;
  unlinked: number;
}

export function needsAnchorQueue(
  sqlite: Database.Database,
  appSources: (LinkingSource & { name: string })[],
  options: { candidates?: number } = {},
): NeedsAnchorItem[] {
  const rows: QueueRow[] = [];
  buildIdentityKeys(sqlite);
  for (const source of appSources) {
    const anchor = anchorExpression('a', source.anchorAttribute);
    rows.push(
      ...(sqlite
        .prepare(
          `SELECT a.id, s.name AS source_name, a.external_id, a.login, a.email, a.display_name, a.status,
                  ${anchor} AS anchor, e.n AS email_n,
                  CASE WHEN k.n = 1 THEN k.identity_id END AS anchor_identity,
                  CASE WHEN e.n = 1 THEN e.identity_id END AS email_identity,
                  EXISTS (SELECT 1 FROM account_links u WHERE u.account_id = a.id AND u.reason = 'manual_unlink') AS unlinked
             FROM accounts a JOIN sources s ON s.id = a.source_id
             LEFT JOIN identity_email_keys e ON e.k = lower(a.email)
             LEFT JOIN identity_anchor_keys k ON k.k = ${anchor}
            WHERE a.source_id = ? AND a.expired_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM account_links l WHERE l.account_id = a.id AND l.identity_id IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM account_marks m WHERE m.account_id = a.id)
            ORDER BY a.login, a.external_id`,
        )
        .all(source.id) as QueueRow[]),
    );
  }
  const index = new CandidateIndex(
    sqlite
      .prepare('SELECT id, display_name AS displayName, email, login FROM identities')
      .all() as IdentityForRanking[],
  );
  return rows.map((row) => ({
    accountId: row.id,
    sourceName: row.source_name,
    externalId: row.external_id,
    login: row.login,
    email: row.email,
    displayName: row.display_name,
    status: row.status,
    reason: reasonFor(row),
    candidates: index.rank(
      { displayName: row.display_name, email: row.email, login: row.login },
      options.candidates ?? 3,
    ),
  }));
}

function reasonFor(row: QueueRow): NeedsAnchorReason {
  if (row.unlinked) return 'unlinked_by_person';
  if (
    row.anchor_identity !== null &&
    row.email_identity !== null &&
    row.anchor_identity !== row.email_identity
  ) {
    return 'conflicting_anchors';
  }
  if (!row.email && !row.anchor) return 'no_email';
  if ((row.email_n ?? 0) > 1) return 'email_matches_several_identities';
  return 'email_matches_no_identity';
}
