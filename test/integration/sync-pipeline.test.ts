// The sync pipeline's guarantees, independent of any provider: batched writes, per-dataset provenance,
// artifacts, mark and sweep only after a fully successful run, and nothing expired by a partial one.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountRecord } from '../../src-shared/datasets.ts';
import type { Connector, SyncEvent } from '../../src-main/engine/connectors/types.ts';
import { openEngineCore, type EngineCore } from '../../src-main/engine/engine-core.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { EnvKeyWrapper } from '../../src-main/engine/secrets/env-key-wrapper.ts';
import { runSourceSync } from '../../src-main/engine/sync/run-source-sync.ts';

const account = (id: string, status = 'ACTIVE'): AccountRecord => ({
  externalId: id,
  login: `${id}@example.com`,
  email: `${id}@example.com`,
  displayName: id,
  status,
  createdAt: null,
  lastLoginAt: null,
  attributes: {},
});

/** A connector that replays a script of events: the pipeline under test is real, the provider is not needed. */
function scripted(events: SyncEvent[]): Connector {
  return {
    describe: () => {
      throw new Error('not used');
    },
    checkConfig: () => null,
    test: () => {
      throw new Error('not used');
    },
    async *sync() {
      yield* events;
    },
  };
}

function usersRun(ids: string[], complete = true, groups: string[] = ['g1']): SyncEvent[] {
  return [
    {
      type: 'dataset_start',
      dataset: 'okta.users',
      entity: 'accounts',
      endpoint: 'GET /api/v1/users',
      query: {},
    },
    {
      type: 'dataset_start',
      dataset: 'okta.groups',
      entity: 'groups',
      endpoint: 'GET /api/v1/groups',
      query: {},
    },
    { type: 'batch', dataset: 'okta.users', entity: 'accounts', records: ids.map((id) => account(id)) },
    {
      type: 'batch',
      dataset: 'okta.groups',
      entity: 'groups',
      records: groups.map((g) => ({
        externalId: g,
        name: g,
        description: null,
        type: 'OKTA_GROUP',
        reportedMemberCount: null,
      })),
    },
    {
      type: 'dataset_end',
      dataset: 'okta.groups',
      complete: true,
      reason: null,
      errorClass: null,
      pages: 1,
      reportedCount: null,
      endpoints: [],
    },
    {
      type: 'dataset_end',
      dataset: 'okta.users',
      complete,
      reason: complete ? null : 'Okta failed with HTTP 503 on page 3.',
      errorClass: null,
      pages: 2,
      reportedCount: null,
      endpoints: ['GET /api/v1/users'],
    },
  ];
}

describe('runSourceSync', () => {
  let dir: string;
  let core: EngineCore;
  const guard = { assertHeld: () => {} };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-pipeline-'));
    core = openEngineCore(dir, {}, new EnvKeyWrapper(Buffer.alloc(32, 7)));
    core.sources.add({
      name: 'okta-test',
      kind: 'okta',
      config: { domain: 'acme.okta.com' },
      secrets: { apiToken: 'tok-123' },
    });
  });
  afterEach(() => {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sync = (events: SyncEvent[]) =>
    runSourceSync({
      store: core.store,
      sources: core.sources,
      sourceName: 'okta-test',
      jobId: null,
      guard,
      signal: new AbortController().signal,
      connector: scripted(events),
    });

  const liveAccounts = () =>
    (
      core.store.sqlite
        .prepare('SELECT external_id FROM accounts WHERE expired_at IS NULL ORDER BY 1')
        .all() as { external_id: string }[]
    ).map((r) => r.external_id);

  it('records rows, provenance and one artifact per dataset', async () => {
    const outcome = await sync(usersRun(['u1', 'u2', 'u3']));
    expect(outcome.status).toBe('complete');
    expect(liveAccounts()).toEqual(['u1', 'u2', 'u3']);
    const users = outcome.datasets.find((d) => d.dataset === 'okta.users');
    expect(users).toMatchObject({ rows: 3, pages: 2, complete: true });
    const artifact = getArtifact(core.store, users!.artifactId!);
    expect(artifact.provenance).toMatchObject({
      dataset: 'okta.users',
      rowsCollected: 3,
      pagesFetched: 2,
      complete: true,
      source: { name: 'okta-test', kind: 'okta' },
    });
    expect(artifact.provenance.credentialFingerprint).toMatch(/^sha256:[0-9a-f]{16}$/);
    const rows = [];
    for await (const row of readArtifactRows(artifact)) rows.push(row);
    expect(rows.map((r) => r.id)).toEqual(['u1', 'u2', 'u3']);
  });

  it('expires rows a complete run no longer sees, and nothing after a partial run', async () => {
    await sync(usersRun(['u1', 'u2', 'u3']));
    const partial = await sync(usersRun(['u1'], false));
    expect(partial.status).toBe('partial');
    expect(partial.expiredRows).toBe(0);
    expect(liveAccounts()).toEqual(['u1', 'u2', 'u3']);
    const partialArtifact = getArtifact(
      core.store,
      partial.datasets.find((d) => d.dataset === 'okta.users')!.artifactId!,
    );
    expect(partialArtifact.complete).toBe(false);
    expect(partialArtifact.provenance.partialReason).toContain('HTTP 503');

    const complete = await sync(usersRun(['u1', 'u3']));
    expect(complete.status).toBe('complete');
    expect(complete.expiredRows).toBe(1);
    expect(liveAccounts()).toEqual(['u1', 'u3']);
    // A returning account comes back to life.
    await sync(usersRun(['u1', 'u2', 'u3']));
    expect(liveAccounts()).toEqual(['u1', 'u2', 'u3']);
  });

  it('snapshots large datasets page by page without losing or repeating a row', async () => {
    const ids = Array.from({ length: 12_345 }, (_, i) => `u${String(i).padStart(6, '0')}`);
    const outcome = await sync(usersRun(ids));
    const artifact = getArtifact(
      core.store,
      outcome.datasets.find((d) => d.dataset === 'okta.users')!.artifactId!,
    );
    const seen: unknown[] = [];
    for await (const row of readArtifactRows(artifact)) seen.push(row.id);
    expect(seen).toEqual(ids);
    expect(artifact.rowCount).toBe(ids.length);
  });

  it('keeps earlier artifacts unchanged: each sync is its own snapshot', async () => {
    const first = await sync(usersRun(['u1', 'u2']));
    await sync(usersRun(['u9']));
    const artifact = getArtifact(
      core.store,
      first.datasets.find((d) => d.dataset === 'okta.users')!.artifactId!,
    );
    const ids = [];
    for await (const row of readArtifactRows(artifact)) ids.push(row.id);
    expect(ids).toEqual(['u1', 'u2']);
  });

  it('marks a dataset partial when the provider-reported count differs from the rows collected', async () => {
    const events = usersRun(['u1', 'u2']).map((e) =>
      e.type === 'dataset_end' && e.dataset === 'okta.users' ? { ...e, reportedCount: 5 } : e,
    );
    const outcome = await sync(events);
    expect(outcome.status).toBe('partial');
    expect(outcome.datasets.find((d) => d.dataset === 'okta.users')).toMatchObject({
      complete: false,
      reason: 'Collected 2 rows but the provider reports 5.',
    });
  });

  it('does not commit once the lease is lost', async () => {
    let held = true;
    const events = usersRun(['u1', 'u2']);
    const losing: Connector = {
      ...scripted([]),
      async *sync() {
        for (const event of events) {
          if (event.type === 'batch') held = false;
          yield event;
        }
      },
    };
    await expect(
      runSourceSync({
        store: core.store,
        sources: core.sources,
        sourceName: 'okta-test',
        jobId: null,
        guard: {
          assertHeld: () => {
            if (!held) throw new Error('lease lost');
          },
        },
        signal: new AbortController().signal,
        connector: losing,
      }),
    ).rejects.toThrow('lease lost');
    expect(liveAccounts()).toEqual([]);
  });
});
