// Artifact columns come from the dataset's declaration, never from the first row: an attribute only later
// rows carry used to vanish from the evidence and from its hash. Undeclared attributes are kept as JSON in
// the `attributes` column; a declared one is its own column even when the first row lacks it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AccountRecord } from '../../src-shared/datasets.ts';
import { declareDataset } from '../../src-main/engine/connectors/dataset-declaration.ts';
import { registerConnector } from '../../src-main/engine/connectors/registry.ts';
import type { Connector, ConnectorDescription } from '../../src-main/engine/connectors/types.ts';
import { openEngineCore, type EngineCore } from '../../src-main/engine/engine-core.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { EnvKeyWrapper } from '../../src-main/engine/secrets/env-key-wrapper.ts';
import { runSourceSync } from '../../src-main/engine/sync/run-source-sync.ts';

const user = (id: string, attributes: Record<string, unknown>): AccountRecord => ({
  externalId: id,
  login: `${id}@example.com`,
  email: `${id}@example.com`,
  displayName: id,
  status: 'active',
  createdAt: null,
  lastLoginAt: null,
  attributes,
});

// The first row (in key order) has only `department`; later rows add `cost_center` (undeclared) and
// `manager` (declared, absent from the first row).
const users = [
  user('u1', { department: 'Sales' }),
  user('u2', { department: 'Ops', cost_center: 'CC-7' }),
  user('u3', { department: 'Ops', manager: 'u1', cost_center: 'CC-9', badge: 42 }),
];

const dataset = 'colapp.users';
const connector: Connector = {
  describe: () =>
    ({
      kind: 'colapp',
      displayName: 'Column app',
      collects: ['users'],
      configFields: [],
      credentialFields: [],
      requiredScopes: [],
      guideFile: 'none.md',
      capabilities: { full: true, tail: false, push: false, discovery: false },
      role: 'application',
      datasets: [
        declareDataset({
          kind: dataset,
          entity: 'accounts',
          title: 'Column app users',
          label: 'Users',
          populationNoun: 'users',
          permission: 'users:read',
          attributes: z.object({ department: z.string(), manager: z.string().nullable() }),
        }),
      ],
    }) satisfies ConnectorDescription,
  checkConfig: () => null,
  test: () => Promise.reject(new Error('not used')),
  async *sync() {
    yield { type: 'dataset_start', dataset, entity: 'accounts', endpoint: 'GET /users', query: {} };
    yield { type: 'batch', dataset, entity: 'accounts', records: users };
    yield {
      type: 'dataset_end',
      dataset,
      complete: true,
      reason: null,
      errorClass: null,
      pages: 1,
      reportedCount: users.length,
      endpoints: ['GET /users'],
    };
  },
};
registerConnector('colapp', connector);

let dir: string;
let core: EngineCore;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-columns-'));
  core = openEngineCore(dir, {}, new EnvKeyWrapper(Buffer.alloc(32, 9)));
  core.sources.add({ name: 'cols', kind: 'colapp', config: {}, secrets: {} });
  const outcome = await runSourceSync({
    store: core.store,
    sources: core.sources,
    sourceName: 'cols',
    jobId: null,
    guard: { assertHeld: () => {} },
    signal: new AbortController().signal,
  });
  expect(outcome.status).toBe('complete');
});

afterAll(() => {
  core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('artifact columns', () => {
  it('are the declared columns, and no attribute of a later row vanishes', async () => {
    const id = core.store.sqlite
      .prepare('SELECT id FROM artifacts WHERE kind = ?')
      .pluck()
      .get(dataset) as string;
    const artifact = getArtifact(core.store, id);
    expect(artifact.provenance.columns).toEqual([
      'id',
      'login',
      'email',
      'display_name',
      'status',
      'created',
      'last_login',
      'department',
      'manager',
      'attributes',
    ]);
    const rows: Record<string, unknown>[] = [];
    for await (const row of readArtifactRows(artifact)) rows.push(row);
    expect(rows.map((r) => Object.keys(r))).toEqual(rows.map(() => artifact.provenance.columns));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get('u1')).toMatchObject({ department: 'Sales', manager: null, attributes: null });
    expect(byId.get('u2')).toMatchObject({ department: 'Ops', attributes: '{"cost_center":"CC-7"}' });
    expect(byId.get('u3')).toMatchObject({
      manager: 'u1',
      attributes: '{"badge":42,"cost_center":"CC-9"}',
    });
  });
});
