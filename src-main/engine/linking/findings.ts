// Findings auditors ask for first, each stored as an artifact: accounts that belong to nobody, accounts of
// people the IdP has terminated that are still active, and everyone holding admin rights anywhere.
// A finding is only as complete as the syncs it reads: partial when any source's last sync was not.
import type Database from 'better-sqlite3';
import type { WrittenArtifact } from '../evidence/artifact-writer.ts';
import { writeArtifact } from '../evidence/artifact-writer.ts';
import type { Store } from '../store/db.ts';
import { vouchVersion } from '../version.ts';
import { registerStatusFunction } from './status-vocabulary.ts';

/**
 * Statuses are read through the status vocabulary (status-vocabulary.ts, SQL function vouch_status), so
 * every identity provider's and application's own words count. An account still grants access unless its
 * source says it is suspended, deprovisioned or not yet activated; an unknown word counts as access.
 */
const withAccess = (kind: string, status: string) =>
  `vouch_status(${kind}, ${status}) NOT IN ('suspended', 'deprovisioned', 'pending')`;
/** A person is terminated when the IdP account anchoring them is suspended, deprovisioned or gone. */
const terminatedIdentity = `EXISTS (SELECT 1 FROM accounts ia JOIN sources iso ON iso.id = ia.source_id
   WHERE ia.id = i.anchor_account_id AND vouch_status(iso.kind, i.status) IN ('suspended', 'deprovisioned'))`;

interface FindingSpec {
  kind: string;
  description: string;
  columns: string[];
  keyColumns: string[];
  sql: string;
}

const findingSpecs: FindingSpec[] = [
  {
    kind: 'findings.orphaned_accounts',
    description:
      'Active accounts in application sources and secondary identity providers linked to no person (and anchoring none) and not marked service, shared or external.',
    columns: ['source', 'account_id', 'login', 'email', 'display_name', 'status'],
    keyColumns: ['source', 'account_id'],
    sql: `SELECT s.name AS source, a.external_id AS account_id, a.login, a.email, a.display_name, a.status
            FROM accounts a JOIN sources s ON s.id = a.source_id
           WHERE s.id IN (SELECT value FROM json_each(@linkedSources)) AND a.expired_at IS NULL
             AND ${withAccess('s.kind', 'a.status')}
             AND NOT EXISTS (SELECT 1 FROM account_links l WHERE l.account_id = a.id AND l.identity_id IS NOT NULL)
             AND NOT EXISTS (SELECT 1 FROM identities ai WHERE ai.anchor_account_id = a.id)
             AND NOT EXISTS (SELECT 1 FROM account_marks m WHERE m.account_id = a.id)
           ORDER BY s.name, a.external_id`,
  },
  {
    kind: 'findings.terminated_with_access',
    description:
      'Accounts still active whose person is deprovisioned, suspended or deleted in the identity provider.',
    columns: [
      'source',
      'account_id',
      'login',
      'status',
      'person',
      'person_email',
      'idp_status',
      'link_reason',
    ],
    keyColumns: ['source', 'account_id'],
    sql: `SELECT s.name AS source, a.external_id AS account_id, a.login, a.status, i.display_name AS person,
                 i.email AS person_email, i.status AS idp_status, l.reason AS link_reason
            FROM accounts a JOIN sources s ON s.id = a.source_id
            JOIN account_links l ON l.account_id = a.id JOIN identities i ON i.id = l.identity_id
           WHERE a.expired_at IS NULL AND ${withAccess('s.kind', 'a.status')} AND ${terminatedIdentity}
           ORDER BY s.name, a.external_id`,
  },
  {
    kind: 'findings.admins',
    description:
      'Everyone holding an admin role in any source, directly or through a group, with the person behind it.',
    columns: ['source', 'account_id', 'login', 'role', 'assignment', 'person', 'person_email', 'idp_status'],
    keyColumns: ['source', 'account_id', 'role'],
    sql: `SELECT s.name AS source, r.principal_external_id AS account_id, a.login, r.role_label AS role,
                 coalesce(r.assignment_type, 'USER') AS assignment,
                 coalesce(i.display_name, ia.display_name) AS person, coalesce(i.email, ia.email) AS person_email,
                 coalesce(i.status, ia.status) AS idp_status
            FROM admin_roles r JOIN sources s ON s.id = r.source_id
            LEFT JOIN accounts a ON a.source_id = r.source_id AND a.external_id = r.principal_external_id
            LEFT JOIN account_links l ON l.account_id = a.id LEFT JOIN identities i ON i.id = l.identity_id
            LEFT JOIN identities ia ON ia.anchor_account_id = a.id
           WHERE r.principal_type = 'user' AND r.expired_at IS NULL
           GROUP BY s.name, r.principal_external_id, r.role_label
           ORDER BY s.name, r.principal_external_id, r.role_label`,
  },
];

export interface FindingsResult {
  kind: string;
  artifact: WrittenArtifact;
  complete: boolean;
}

function latestCollections(sqlite: Database.Database) {
  return sqlite
    .prepare(
      `SELECT a.id, a.sha256 FROM artifacts a
        WHERE (a.kind LIKE '%.users' OR a.kind LIKE '%.members') AND a.derived_from IS NULL
          AND a.collected_finished_at = (SELECT max(b.collected_finished_at) FROM artifacts b WHERE b.kind = a.kind AND b.source_id = a.source_id)`,
    )
    .all() as { id: string; sha256: string }[];
}

/** `linkedSources`: ids of the sources whose accounts link to people (secondary IdPs and applications). */
export async function writeFindings(store: Store, linkedSources: string[]): Promise<FindingsResult[]> {
  registerStatusFunction(store.sqlite);
  const sources = store.sqlite.prepare('SELECT name, last_sync_status FROM sources ORDER BY name').all() as {
    name: string;
    last_sync_status: string | null;
  }[];
  const incomplete = sources.filter((s) => s.last_sync_status !== 'complete');
  const partialReason = incomplete.length
    ? `Computed from sources whose last sync was not complete: ${incomplete.map((s) => `${s.name} (${s.last_sync_status ?? 'never synced'})`).join(', ')}.`
    : null;
  const at = new Date().toISOString();
  const parents = latestCollections(store.sqlite);
  const results: FindingsResult[] = [];
  for (const spec of findingSpecs) {
    const statement = store.sqlite.prepare(spec.sql);
    const rows = (
      spec.sql.includes('@linkedSources')
        ? statement.all({ linkedSources: JSON.stringify(linkedSources) })
        : statement.all()
    ) as Record<string, unknown>[];
    const artifact = await writeArtifact(
      store,
      {
        source: { id: 'vouch', name: 'All sources', kind: 'vouch' },
        dataset: spec.kind,
        endpoints: [spec.description],
        query: { sources: sources.map((s) => s.name).join(', ') },
        pagesFetched: 0,
        providerReportedCount: null,
        complete: partialReason === null,
        partialReason,
        collectionStartedAt: at,
        collectionFinishedAt: at,
        credentialFingerprint: 'none (computed from the local store)',
        vouchVersion,
        syncRunId: 0,
        columns: spec.columns,
        keyColumns: spec.keyColumns,
        derivation: { type: 'findings', parents, parameters: { rule: spec.description } },
      },
      [rows],
    );
    results.push({ kind: spec.kind, artifact, complete: partialReason === null });
  }
  return results;
}
