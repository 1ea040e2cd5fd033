// Real artifacts for tests, written through the same writer a sync uses, without a provider.
import { writeArtifact } from '../../src-main/engine/evidence/artifact-writer.ts';
import type { Store } from '../../src-main/engine/store/db.ts';

export type Row = Record<string, string | number | boolean | null>;

export function userRows(count: number, status = (_i: number) => 'ACTIVE'): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `00u${String(i).padStart(6, '0')}`,
    login: `user${i}@example.com`,
    email: `user${i}@example.com`,
    status: status(i),
  }));
}

export async function writeUserArtifact(
  store: Store,
  rows: Row[],
  options: { complete?: boolean; sourceId?: string } = {},
) {
  const now = new Date().toISOString();
  return writeArtifact(
    store,
    {
      source: { id: options.sourceId ?? 'src_test', name: 'okta-test', kind: 'okta' },
      dataset: 'okta.users',
      endpoints: ['GET /api/v1/users'],
      query: { limit: '200' },
      pagesFetched: Math.ceil(rows.length / 200),
      providerReportedCount: null,
      complete: options.complete ?? true,
      partialReason: options.complete === false ? 'Okta failed with HTTP 503.' : null,
      collectionStartedAt: now,
      collectionFinishedAt: now,
      credentialFingerprint: 'sha256:0000000000000000',
      vouchVersion: 'test',
      syncRunId: 1,
      columns: ['id', 'login', 'email', 'status'],
      keyColumns: ['id'],
    },
    [rows],
  );
}
