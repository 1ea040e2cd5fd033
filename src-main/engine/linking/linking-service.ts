// Cross-source identity linking (DESIGN.md, Identity graph): one identity per person across identity
// providers, automatic links by anchor and email, the needs-anchor queue, and the decisions people make,
// which persist. Linking is incremental (link-run.ts); every decision a person makes is applied at once.
import type Database from 'better-sqlite3';
import type { Store } from '../store/db.ts';
import { writeFindings, type FindingsResult } from './findings.ts';
import {
  AccountNotFoundError,
  IdentityNotFoundError,
  NotIdentityProviderError,
  NotLinkableError,
} from './linking-errors.ts';
import {
  identityProviderSources,
  linkPlan,
  primarySettingKey,
  primarySourceId,
  writeSetting,
} from './link-plan.ts';
import { linkRunDue, runLink, type LinkRunOptions, type LinkRunResult } from './link-run.ts';
import { needsAnchorQueue, type NeedsAnchorItem } from './needs-anchor.ts';

export type AccountMark = 'service' | 'shared' | 'external';

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
  /** primary: an account of the primary IdP; secondary: a person only a secondary IdP knows. */
  anchoredBy: 'primary' | 'secondary';
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

  /** Links what changed since the last run (everything after the plan changed, or with `full`). */
  relink(options: LinkRunOptions = {}): LinkRunResult {
    return this.sqlite.transaction(() => runLink(this.sqlite, options)).immediate();
  }

  /** The primary identity provider: the source whose accounts anchor identities. */
  primary(): PrimaryIdentityProvider {
    const idps = identityProviderSources(this.sqlite);
    const id = primarySourceId(this.sqlite);
    const source = idps.find((s) => s.id === id);
    return {
      source: source?.name ?? null,
      candidates: idps.map((s) => s.name),
    };
  }

  /** Makes `sourceName` the primary identity provider and links everything again. */
  setPrimary(sourceName: string): LinkRunResult {
    const source = identityProviderSources(this.sqlite).find((s) => s.name === sourceName);
    if (!source) throw new NotIdentityProviderError(sourceName, this.primary().candidates);
    return this.sqlite
      .transaction(() => {
        writeSetting(this.sqlite, primarySettingKey, source.id);
        return runLink(this.sqlite);
      })
      .immediate();
  }

  /** Writes the orphaned-accounts, terminated-with-access and admins findings as artifacts. */
  findings(): Promise<FindingsResult[]> {
    if (linkRunDue(this.sqlite)) this.relink();
    const plan = linkPlan(this.sqlite);
    return writeFindings(
      this.store,
      [...plan.secondaries, ...plan.apps].map((s) => s.id),
    );
  }

  needsAnchor(sourceName?: string): NeedsAnchorItem[] {
    if (linkRunDue(this.sqlite)) this.relink();
    return needsAnchorQueue(this.sqlite, sourceName ?? null);
  }

  /** Applies a person's decision about one account, and what follows from it (link-run.ts). */
  private decide(accountId: number, write: () => void): void {
    this.sqlite
      .transaction(() => {
        write();
        this.sqlite.prepare('INSERT OR IGNORE INTO link_pending (account_id) VALUES (?)').run(accountId);
        runLink(this.sqlite);
      })
      .immediate();
  }

  link(accountId: number, identityId: number, decidedBy: string): void {
    this.assertLinkable(accountId);
    if (!this.sqlite.prepare('SELECT 1 FROM identities WHERE id = ?').get(identityId)) {
      throw new IdentityNotFoundError(identityId);
    }
    this.decide(accountId, () => {
      this.sqlite.prepare('DELETE FROM account_marks WHERE account_id = ?').run(accountId);
      this.sqlite
        .prepare(
          `INSERT INTO account_links (account_id, identity_id, reason, decided_by, decided_at)
           VALUES (?, ?, 'manual', ?, ?)
           ON CONFLICT (account_id) DO UPDATE SET identity_id = excluded.identity_id, reason = 'manual',
             decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
        )
        .run(accountId, identityId, decidedBy, now());
    });
  }

  /** Removes the account's link and keeps it unlinked across syncs. */
  unlink(accountId: number, decidedBy: string): void {
    this.assertLinkable(accountId);
    this.decide(accountId, () => {
      this.sqlite
        .prepare(
          `INSERT INTO account_links (account_id, identity_id, reason, decided_by, decided_at)
           VALUES (?, NULL, 'manual_unlink', ?, ?)
           ON CONFLICT (account_id) DO UPDATE SET identity_id = NULL, reason = 'manual_unlink',
             decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
        )
        .run(accountId, decidedBy, now());
    });
  }

  mark(accountId: number, mark: AccountMark, reason: string, markedBy: string): void {
    this.assertLinkable(accountId);
    this.decide(accountId, () => {
      this.sqlite.prepare('DELETE FROM account_links WHERE account_id = ?').run(accountId);
      this.sqlite
        .prepare(
          `INSERT INTO account_marks (account_id, mark, reason, marked_by, marked_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (account_id) DO UPDATE SET mark = excluded.mark, reason = excluded.reason,
             marked_by = excluded.marked_by, marked_at = excluded.marked_at`,
        )
        .run(accountId, mark, reason, markedBy, now());
    });
  }

  identity(identityId: number): IdentityView {
    const identity = this.sqlite
      .prepare(
        `SELECT id, anchored_by AS anchoredBy, display_name AS displayName, email, login, status, anchor_account_id
           FROM identities WHERE id = ?`,
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
    const row = this.sqlite.prepare('SELECT source_id FROM accounts WHERE id = ?').get(accountId) as
      { source_id: string } | undefined;
    if (!row) throw new AccountNotFoundError(accountId);
    if (row.source_id === primarySourceId(this.sqlite)) {
      throw new NotLinkableError(
        `Account ${accountId} belongs to the primary identity provider: it is an identity itself.`,
      );
    }
  }
}

export interface PrimaryIdentityProvider {
  /** The primary IdP's source name; null while no identity provider is connected. */
  source: string | null;
  /** Every identity provider source that could be primary. */
  candidates: string[];
}
