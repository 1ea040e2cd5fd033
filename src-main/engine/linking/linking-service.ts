// Cross-source identity linking (DESIGN.md, Identity graph): identities from the IdP sources, automatic
// links by anchor and email, the needs-anchor queue, and the decisions people make, which persist.
import type Database from 'better-sqlite3';
import { connectorFor } from '../connectors/registry.ts';
import type { Store } from '../store/db.ts';
import { writeFindings, type FindingsResult } from './findings.ts';
import { autoLink, type AutoLinkResult, type LinkingSource } from './auto-link.ts';
import { AccountNotFoundError, IdentityNotFoundError, NotLinkableError } from './linking-errors.ts';
import { needsAnchorQueue, type NeedsAnchorItem } from './needs-anchor.ts';
import { refreshIdentities } from './refresh-identities.ts';

export type AccountMark = 'service' | 'shared' | 'external';

interface SourceRow {
  id: string;
  name: string;
  kind: string;
}

export interface IdentityAccount {
  accountId: number;
  sourceName: string;
  sourceKind: string;
  externalId: string;
  login: string | null;
  email: string | null;
  status: string;
  expired: boolean;
  linkReason: string;
  roles: string[];
}

export interface IdentityView {
  id: number;
  displayName: string | null;
  email: string | null;
  login: string | null;
  status: string;
  accounts: IdentityAccount[];
}

const now = () => new Date().toISOString();

export class LinkingService {
  private readonly sqlite: Database.Database;

  constructor(private readonly store: Store) {
    this.sqlite = store.sqlite;
  }

  private sources(): { idp: SourceRow[]; apps: (LinkingSource & { name: string; kind: string })[] } {
    const rows = this.sqlite.prepare('SELECT id, name, kind FROM sources ORDER BY name').all() as SourceRow[];
    const idp: SourceRow[] = [];
    const apps: (LinkingSource & { name: string; kind: string })[] = [];
    for (const row of rows) {
      const description = connectorFor(row.kind).describe();
      if (description.role === 'identity_provider') idp.push(row);
      else
        apps.push({
          id: row.id,
          name: row.name,
          kind: row.kind,
          anchorAttribute: description.anchorAttribute,
        });
    }
    return { idp, apps };
  }

  /** Refreshes identities from the IdPs and recomputes every automatic link. */
  relink(): AutoLinkResult & { identities: number } {
    const { idp, apps } = this.sources();
    const at = now();
    const identities = refreshIdentities(
      this.sqlite,
      idp.map((s) => s.id),
      at,
    );
    return { identities, ...autoLink(this.sqlite, apps, at) };
  }

  /** Writes the orphaned-accounts, terminated-with-access and admins findings as artifacts. */
  findings(): Promise<FindingsResult[]> {
    const appKinds = [...new Set(this.sources().apps.map((s) => s.kind))];
    return writeFindings(this.store, appKinds);
  }

  needsAnchor(sourceName?: string): NeedsAnchorItem[] {
    const { apps } = this.sources();
    return needsAnchorQueue(
      this.sqlite,
      apps.filter((s) => !sourceName || s.name === sourceName),
    );
  }

  link(accountId: number, identityId: number, decidedBy: string): void {
    this.assertLinkable(accountId);
    if (!this.sqlite.prepare('SELECT 1 FROM identities WHERE id = ?').get(identityId)) {
      throw new IdentityNotFoundError(identityId);
    }
    this.sqlite.transaction(() => {
      this.sqlite.prepare('DELETE FROM account_marks WHERE account_id = ?').run(accountId);
      this.sqlite
        .prepare(
          `INSERT INTO account_links (account_id, identity_id, reason, decided_by, decided_at)
           VALUES (?, ?, 'manual', ?, ?)
           ON CONFLICT (account_id) DO UPDATE SET identity_id = excluded.identity_id, reason = 'manual',
             decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
        )
        .run(accountId, identityId, decidedBy, now());
    })();
  }

  /** Removes the account's link and keeps it unlinked across syncs. */
  unlink(accountId: number, decidedBy: string): void {
    this.assertLinkable(accountId);
    this.sqlite
      .prepare(
        `INSERT INTO account_links (account_id, identity_id, reason, decided_by, decided_at)
         VALUES (?, NULL, 'manual_unlink', ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET identity_id = NULL, reason = 'manual_unlink',
           decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
      )
      .run(accountId, decidedBy, now());
  }

  mark(accountId: number, mark: AccountMark, reason: string, markedBy: string): void {
    this.assertLinkable(accountId);
    this.sqlite.transaction(() => {
      this.sqlite.prepare('DELETE FROM account_links WHERE account_id = ?').run(accountId);
      this.sqlite
        .prepare(
          `INSERT INTO account_marks (account_id, mark, reason, marked_by, marked_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (account_id) DO UPDATE SET mark = excluded.mark, reason = excluded.reason,
             marked_by = excluded.marked_by, marked_at = excluded.marked_at`,
        )
        .run(accountId, mark, reason, markedBy, now());
    })();
  }

  identity(identityId: number): IdentityView {
    const identity = this.sqlite
      .prepare(
        'SELECT id, display_name AS displayName, email, login, status, anchor_account_id FROM identities WHERE id = ?',
      )
      .get(identityId) as (Omit<IdentityView, 'accounts'> & { anchor_account_id: number }) | undefined;
    if (!identity) throw new IdentityNotFoundError(identityId);
    const accounts = this.sqlite
      .prepare(
        `SELECT a.id AS accountId, s.name AS sourceName, s.kind AS sourceKind, a.external_id AS externalId,
                a.login, a.email, a.status, a.expired_at IS NOT NULL AS expired,
                CASE WHEN a.id = ? THEN 'identity_provider' ELSE l.reason END AS linkReason,
                (SELECT json_group_array(r.role_label) FROM admin_roles r
                  WHERE r.source_id = a.source_id AND r.principal_type = 'user'
                    AND r.principal_external_id = a.external_id AND r.expired_at IS NULL) AS roles
           FROM accounts a JOIN sources s ON s.id = a.source_id
           LEFT JOIN account_links l ON l.account_id = a.id
          WHERE a.id = ? OR l.identity_id = ?
          ORDER BY s.name, a.login`,
      )
      .all(identity.anchor_account_id, identity.anchor_account_id, identityId) as (Omit<
      IdentityAccount,
      'roles' | 'expired'
    > & {
      roles: string;
      expired: number;
    })[];
    const { anchor_account_id: _anchor, ...rest } = identity;
    return {
      ...rest,
      accounts: accounts.map((a) => ({
        ...a,
        expired: a.expired === 1,
        roles: JSON.parse(a.roles) as string[],
      })),
    };
  }

  private assertLinkable(accountId: number): void {
    const row = this.sqlite
      .prepare('SELECT s.kind FROM accounts a JOIN sources s ON s.id = a.source_id WHERE a.id = ?')
      .get(accountId) as { kind: string } | undefined;
    if (!row) throw new AccountNotFoundError(accountId);
    if (connectorFor(row.kind).describe().role === 'identity_provider') {
      throw new NotLinkableError(
        `Account ${accountId} belongs to an identity provider: it is an identity itself.`,
      );
    }
  }
}
