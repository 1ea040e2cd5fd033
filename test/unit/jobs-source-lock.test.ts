// The per-key lock of the job queue: never two running jobs of one key, joining instead of duplicating, and
// an expired lease that neither holds the lock nor can be renewed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { JobQueue, LeaseLostError } from '../../src-main/engine/jobs/job-queue.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';

const T0 = 1_700_000_000_000;
const LEASE = 500;
let dataDir: string;
let store: Store;
let now: number;
let queue: JobQueue;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'vouch-jobs-lock-'));
  store = openStore(dataDir);
  now = T0;
  queue = new JobQueue(store.sqlite, () => now);
});
afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('never hands out a second job of a key while one runs under a live lease', () => {
  const first = queue.enqueue('sync', { source: 'okta' }, { lockKey: 'sync:okta' });
  const second = queue.enqueue('sync', { source: 'okta' }, { lockKey: 'sync:okta' });
  const other = queue.enqueue('sync', { source: 'github' }, { lockKey: 'sync:github' });
  expect(queue.claim('lane-a', ['sync'], LEASE)?.id).toBe(first);
  // The other source is free; okta's second job waits.
  expect(queue.claim('lane-b', ['sync'], LEASE)?.id).toBe(other);
  expect(queue.claim('lane-c', ['sync'], LEASE)).toBeNull();
  queue.complete(first, 'lane-a', null);
  expect(queue.claim('lane-c', ['sync'], LEASE)?.id).toBe(second);
});

it('lets a job of the key run once the holder lease expired, and the stale holder cannot renew or commit', () => {
  const first = queue.enqueue('sync', { source: 'okta' }, { lockKey: 'sync:okta', maxAttempts: 1 });
  const second = queue.enqueue('sync', { source: 'okta' }, { lockKey: 'sync:okta' });
  expect(queue.claim('stale', ['sync'], LEASE)?.id).toBe(first);
  now += LEASE + 1;
  expect(queue.claim('fresh', ['sync'], LEASE)?.id).toBe(second);
  expect(() => queue.renew(first, 'stale', LEASE)).toThrow(LeaseLostError);
  expect(() => queue.assertLease(first, 'stale')).toThrow(LeaseLostError);
  expect(() => queue.complete(first, 'stale', null)).toThrow(LeaseLostError);
});

it('joins an unfinished job of the key instead of adding one', () => {
  const created = queue.enqueueOrJoin('sync', { source: 'okta' }, { lockKey: 'sync:okta' });
  expect(created.joined).toBe(false);
  expect(queue.enqueueOrJoin('sync', { source: 'okta' }, { lockKey: 'sync:okta' })).toEqual({
    id: created.id,
    joined: true,
  });
  queue.claim('lane', ['sync'], LEASE);
  expect(queue.enqueueOrJoin('sync', { source: 'okta' }, { lockKey: 'sync:okta' }).id).toBe(created.id);
  queue.complete(created.id, 'lane', null);
  const next = queue.enqueueOrJoin('sync', { source: 'okta' }, { lockKey: 'sync:okta' });
  expect(next).toMatchObject({ joined: false });
  expect(next.id).not.toBe(created.id);
});
