// The entities every connector shares (resources, resource grants, roles, credentials, auth factors): rows go
// through the sync's write path (batched upserts, mark and sweep), become an artifact with the declared
// columns, and export with lists `; `-joined and provider attributes as sorted JSON.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetEntity, EntityRecordMap } from '../../src-shared/datasets.ts';
import { entityRecordSchemas } from '../../src-shared/datasets.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { writeDatasetArtifact } from '../../src-main/engine/evidence/artifact-writer.ts';
import { exportArtifact } from '../../src-main/engine/exports/export-artifact.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';
import { IdentityGraphWriter } from '../../src-main/engine/store/identity-graph-writer.ts';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-entities-'));
  store = openStore(dir);
  store.sqlite
    .prepare(
      `INSERT INTO sources (id, name, kind, config, sealed_credentials, credential_fingerprint, credentials_rotated_at)
       VALUES ('src', 'src', 'scripted', '{}', '{}', 'sha256:0', '2026-01-01')`,
    )
    .run();
  for (const run of [1, 2]) {
    store.sqlite
      .prepare(
        `INSERT INTO sync_runs (id, source_id, status, credential_fingerprint, started_at) VALUES (?, 'src', 'complete', 'x', 'x')`,
      )
      .run(run);
  }
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Case<E extends DatasetEntity> {
  entity: E;
  /** Two records; the second run sees only the first, so the second must be swept. */
  records: [EntityRecordMap[E], EntityRecordMap[E]];
  columns: string[];
  /** What the first record looks like in the artifact. */
  row: Record<string, unknown>;
}

// Attribute keys in reverse order, nested too: the evidence must hold them sorted.
const attributes = { zeta: 1, alpha: { y: 'b', x: 'a' } };
const sortedAttributes = '{"alpha":{"x":"a","y":"b"},"zeta":1}';

const cases: Case<DatasetEntity>[] = [
  {
    entity: 'resources',
    records: [
      {
        externalId: 'p1',
        type: 'project',
        name: 'payments',
        parentExternalId: 'g1',
        visibility: 'private',
        status: 'active',
        createdAt: '2026-01-02T03:04:05Z',
        attributes,
      },
      {
        externalId: 'p2',
        type: 'project',
        name: 'old',
        parentExternalId: null,
        visibility: null,
        status: 'archived',
        createdAt: null,
        attributes: {},
      },
    ],
    columns: ['type', 'id', 'name', 'parent_id', 'visibility', 'status', 'created', 'attributes'],
    row: {
      type: 'project',
      id: 'p1',
      name: 'payments',
      parent_id: 'g1',
      visibility: 'private',
      status: 'active',
      created: '2026-01-02T03:04:05Z',
      attributes: sortedAttributes,
    },
  },
  {
    entity: 'resource_grants',
    records: [
      {
        resourceType: 'project',
        resourceExternalId: 'p1',
        resourceName: 'payments',
        principalType: 'user',
        principalExternalId: 'u1',
        principalName: 'alice',
        permission: 'Maintainer',
        accessLevel: 'write',
        via: 'direct',
        viaExternalId: null,
        expiresAt: '2027-01-01T00:00:00Z',
        attributes,
      },
      {
        resourceType: 'project',
        resourceExternalId: 'p1',
        resourceName: 'payments',
        principalType: 'user',
        principalExternalId: 'u1',
        principalName: 'alice',
        permission: 'Developer',
        accessLevel: 'write',
        via: 'group',
        viaExternalId: 'g1',
        expiresAt: null,
        attributes: {},
      },
    ],
    columns: [
      'resource_type',
      'resource_id',
      'resource',
      'principal_type',
      'principal_id',
      'principal',
      'permission',
      'access_level',
      'via',
      'via_id',
      'expires',
      'attributes',
    ],
    row: {
      resource_type: 'project',
      resource_id: 'p1',
      resource: 'payments',
      principal_type: 'user',
      principal_id: 'u1',
      principal: 'alice',
      permission: 'Maintainer',
      access_level: 'write',
      via: 'direct',
      via_id: null,
      expires: '2027-01-01T00:00:00Z',
      attributes: sortedAttributes,
    },
  },
  {
    entity: 'roles',
    records: [
      {
        externalId: 'r1',
        name: 'Admin',
        description: 'Everything',
        builtIn: true,
        privileged: false,
        permissions: ['users.read', 'users.write'],
        attributes,
      },
      {
        externalId: 'r2',
        name: 'Custom',
        description: null,
        builtIn: null,
        privileged: null,
        permissions: [],
        attributes: {},
      },
    ],
    columns: ['id', 'name', 'description', 'built_in', 'privileged', 'permissions', 'attributes'],
    row: {
      id: 'r1',
      name: 'Admin',
      description: 'Everything',
      built_in: true,
      privileged: false,
      permissions: 'users.read; users.write',
      attributes: sortedAttributes,
    },
  },
  {
    entity: 'credentials',
    records: [
      {
        externalId: 'k1',
        type: 'api_token',
        ownerType: 'user',
        ownerExternalId: 'u1',
        ownerName: 'alice',
        name: 'ci token',
        scopes: ['read_api', 'write_repository'],
        createdAt: '2026-01-01T00:00:00Z',
        expiresAt: '2026-12-31T00:00:00Z',
        lastUsedAt: '2026-12-01T00:00:00Z',
        status: 'active',
        attributes,
      },
      {
        externalId: 'k2',
        type: 'certificate',
        ownerType: 'application',
        ownerExternalId: 'a1',
        ownerName: null,
        name: null,
        scopes: null,
        createdAt: null,
        expiresAt: null,
        lastUsedAt: null,
        status: null,
        attributes: {},
      },
    ],
    columns: [
      'id',
      'type',
      'owner_type',
      'owner_id',
      'owner',
      'name',
      'scopes',
      'created',
      'expires',
      'last_used',
      'status',
      'attributes',
    ],
    row: {
      id: 'k1',
      type: 'api_token',
      owner_type: 'user',
      owner_id: 'u1',
      owner: 'alice',
      name: 'ci token',
      scopes: 'read_api; write_repository',
      created: '2026-01-01T00:00:00Z',
      expires: '2026-12-31T00:00:00Z',
      last_used: '2026-12-01T00:00:00Z',
      status: 'active',
      attributes: sortedAttributes,
    },
  },
  {
    entity: 'auth_factors',
    records: [
      {
        accountExternalId: 'u1',
        factorType: 'webauthn',
        strength: 'phishing_resistant',
        status: 'active',
        registeredAt: '2026-02-01T00:00:00Z',
        lastUsedAt: null,
        attributes,
      },
      {
        accountExternalId: 'u1',
        factorType: 'sms',
        strength: 'weak',
        status: 'active',
        registeredAt: null,
        lastUsedAt: null,
        attributes: {},
      },
    ],
    columns: ['account_id', 'factor_type', 'strength', 'status', 'registered', 'last_used', 'attributes'],
    row: {
      account_id: 'u1',
      factor_type: 'webauthn',
      strength: 'phishing_resistant',
      status: 'active',
      registered: '2026-02-01T00:00:00Z',
      last_used: null,
      attributes: sortedAttributes,
    },
  },
];

async function snapshot(entity: DatasetEntity, run: number) {
  const dataset = `scripted.${entity}`;
  const now = new Date().toISOString();
  const written = await writeDatasetArtifact(store, {
    entity,
    provenance: {
      source: { id: 'src', name: 'src', kind: 'scripted' },
      dataset,
      endpoints: ['/x'],
      query: {},
      pagesFetched: 1,
      providerReportedCount: null,
      complete: true,
      partialReason: null,
      collectionStartedAt: now,
      collectionFinishedAt: now,
      credentialFingerprint: 'sha256:0',
      vouchVersion: 'test',
      syncRunId: run,
    },
  });
  return getArtifact(store, written.id);
}

describe.each(cases)('entity $entity', ({ entity, records, columns, row }) => {
  it('parses its records with the shared schema', () => {
    for (const record of records) expect(entityRecordSchemas[entity].parse(record)).toEqual(record);
  });

  it('writes, sweeps, and snapshots with the declared columns, lists joined and attributes sorted', async () => {
    const writer = new IdentityGraphWriter(store.sqlite);
    const dataset = `scripted.${entity}`;
    writer.writeBatch(entity, 'src', 1, records, dataset);
    expect(writer.sweep('src', 1, [entity], new Date().toISOString())).toBe(0);
    const first = await snapshot(entity, 1);
    expect(first.rowCount).toBe(2);

    // The second run sees only the first record (written again, unchanged): the other one expires.
    const again = new IdentityGraphWriter(store.sqlite);
    again.writeBatch(entity, 'src', 2, [records[0]], dataset);
    expect(again.sweep('src', 2, [entity], new Date().toISOString())).toBe(1);
    const live = store.sqlite
      .prepare(`SELECT COUNT(*) AS n FROM ${entity} WHERE source_id = 'src' AND expired_at IS NULL`)
      .get() as { n: number };
    expect(live.n).toBe(1);

    const artifact = await snapshot(entity, 2);
    expect(artifact.provenance.columns).toEqual(columns);
    const rows: Record<string, unknown>[] = [];
    for await (const r of readArtifactRows(artifact)) rows.push(r);
    expect(rows).toEqual([row]);
    expect(Object.keys(rows[0] ?? {})).toEqual(columns);

    // The export a user opens shows the same columns and cells.
    const out = path.join(dir, `${entity}.csv`);
    await exportArtifact(artifact, 'csv', out, { bom: false });
    const [header, line] = readFileSync(out, 'utf8').split('\r\n');
    expect(header).toBe(columns.join(','));
    if ('permissions' in row) expect(line).toContain(String(row.permissions));
    if ('scopes' in row) expect(line).toContain(String(row.scopes));
    expect(line).toContain(`"${sortedAttributes.replaceAll('"', '""')}"`);
  });
});

describe('admin_roles', () => {
  it('keeps the scope a role applies to and takes service principals', async () => {
    const writer = new IdentityGraphWriter(store.sqlite);
    writer.writeBatch(
      'admin_roles',
      'src',
      1,
      [
        {
          principalType: 'service_principal',
          principalExternalId: 'sp1',
          roleId: 'ra1',
          roleType: 'Global Administrator',
          roleLabel: 'Global Administrator',
          assignmentType: 'USER',
          scope: '/administrativeUnits/au1',
        },
      ],
      'scripted.admin_roles',
    );
    const artifact = await snapshot('admin_roles', 1);
    expect(artifact.provenance.columns).toContain('scope');
    const rows: Record<string, unknown>[] = [];
    for await (const r of readArtifactRows(artifact)) rows.push(r);
    expect(rows).toMatchObject([{ principal_type: 'service_principal', scope: '/administrativeUnits/au1' }]);
  });
});
