// Who anchors people and in which order sources are linked: the primary identity provider (the user's
// choice, stored in settings; by default the first IdP added), the secondary IdPs in the order they were
// added, then every application. A secondary IdP's accounts may only match identities of the primary and of
// secondary IdPs ranked before it, so the result does not depend on which account the linker sees first.
import type Database from 'better-sqlite3';
import { connectorFor } from '../connectors/registry.ts';

export const primarySettingKey = 'linking.primary_source';
export const fingerprintSettingKey = 'linking.plan';
/** Rank used for application sources: they may match every identity. */
export const applicationRank = 1_000_000;

export interface LinkSource {
  id: string;
  name: string;
  kind: string;
  /** 0 primary IdP, 1.. secondary IdPs, applicationRank for applications. */
  rank: number;
  role: 'primary' | 'secondary' | 'application';
  anchorAttribute?: string;
  federatedIdAttribute?: string;
}

export interface LinkPlan {
  primary: LinkSource | null;
  secondaries: LinkSource[];
  apps: LinkSource[];
  /** Changes whenever a decision rule changes (another primary, a source added or removed). */
  fingerprint: string;
}

interface SourceRow {
  id: string;
  name: string;
  kind: string;
}

export function readSetting(sqlite: Database.Database, key: string): string | null {
  const row = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value ?? null;
}

export function writeSetting(sqlite: Database.Database, key: string, value: string): void {
  sqlite
    .prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    .run(key, value);
}

/** Identity provider sources in the order they were added. */
export function identityProviderSources(sqlite: Database.Database): SourceRow[] {
  const rows = sqlite
    .prepare('SELECT id, name, kind FROM sources ORDER BY created_at, rowid')
    .all() as SourceRow[];
  return rows.filter((row) => connectorFor(row.kind).describe().role === 'identity_provider');
}

/** The primary IdP's source id: the stored choice if it still names an IdP, else the first IdP added. */
export function primarySourceId(sqlite: Database.Database): string | null {
  const idps = identityProviderSources(sqlite);
  const chosen = readSetting(sqlite, primarySettingKey);
  if (chosen && idps.some((s) => s.id === chosen)) return chosen;
  return idps[0]?.id ?? null;
}

export function linkPlan(sqlite: Database.Database): LinkPlan {
  const rows = sqlite
    .prepare('SELECT id, name, kind FROM sources ORDER BY created_at, rowid')
    .all() as SourceRow[];
  const primaryId = primarySourceId(sqlite);
  let primary: LinkSource | null = null;
  const secondaries: LinkSource[] = [];
  const apps: LinkSource[] = [];
  for (const row of rows) {
    const description = connectorFor(row.kind).describe();
    const base = {
      ...row,
      anchorAttribute: description.anchorAttribute,
      federatedIdAttribute: description.federatedIdAttribute,
    };
    if (row.id === primaryId) primary = { ...base, rank: 0, role: 'primary' };
    else if (description.role === 'identity_provider')
      secondaries.push({ ...base, rank: secondaries.length + 1, role: 'secondary' });
    else apps.push({ ...base, rank: applicationRank, role: 'application' });
  }
  apps.sort((a, b) => a.name.localeCompare(b.name));
  const fingerprint = JSON.stringify(
    [primary, ...secondaries, ...apps].map(
      (s) => s && [s.id, s.rank, s.anchorAttribute, s.federatedIdAttribute],
    ),
  );
  return { primary, secondaries, apps, fingerprint };
}
