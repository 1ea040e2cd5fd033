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

it('never holds two unfinished jobs of a key: the dedupe index refuses a second, other keys are free', () => {
  const first = queue.enqueue('sync', { source: 'okta' }, { lockKey: 'sync:okta' });
  // Whichever process writes it: the partial unique index over queued and running jobs refuses it.
  expect(() => queue.enqueue('sync', { source: 'okta' }, { lockKey: 'sync:okta' })).toThrow(/UNIQUE/);
  const other = queue.enqueue('sync', { source: 'github' }, { lockKey: 'sync:github' });
  expect(queue.claim('lane-a', ['sync'], LEASE)?.id).toBe(first);
  expect(() => queue.enqueue('sync', { source: 'okta' }, { lockKey: 'sync:okta' })).toThrow(/UNIQUE/);
  expect(queue.claim('lane-b', ['sync'], LEASE)?.id).toBe(other);
  expect(queue.claim('lane-c', ['sync'], LEASE)).toBeNull();
  queue.complete(first, 'lane-a', null);
  const second = queue.enqueue('sync', { source: 'okta' }, { lockKey: 'sync:okta' });
  expect(queue.claim('lane-c', ['sync'], LEASE)?.id).toBe(second);
});

it('lets another lane take the job over once the holder lease expired; the stale holder cannot renew or commit', () => {
  const first = queue.enqueue('sync', { source: 'okta' }, { lockKey: 'sync:okta', maxAttempts: 2 });
  expect(queue.claim('stale', ['sync'], LEASE)?.id).toBe(first);
  now += LEASE + 1;
  expect(queue.claim('fresh', ['sync'], LEASE)?.id).toBe(first);
  expect(() => queue.renew(first, 'stale', LEASE)).toThrow(LeaseLostError);
  expect(() => queue.assertLease(first, 'stale')).toThrow(LeaseLostError);
  expect(() => queue.complete(first, 'stale', null)).toThrow(LeaseLostError);
});

it('a job stuck running on its last attempt under an expired lease gives its key up to a new request', () => {
  const stuck = queue.enqueue('sync', { source: 'okta' }, { lockKey: 'sync:okta', maxAttempts: 1 });
  queue.claim('dead-lane', ['sync'], LEASE);
  now += LEASE + 1;
  const next = queue.enqueueOrJoin('sync', { source: 'okta' }, { lockKey: 'sync:okta' });
  expect(next.joined).toBe(false);
  expect(queue.get(stuck)?.status).toBe('failed');
  expect(queue.get(stuck)?.lastError).toMatch(/lane died or lost its lease on attempt 1 of 1/);
});

it('keeps a dead job with its last error until it is retried or purged', () => {
  const job = queue.enqueue('sync', { source: 'okta' }, { lockKey: 'sync:okta', maxAttempts: 1 });
  queue.claim('lane', ['sync'], LEASE);
  expect(queue.fail(job, 'lane', 'provider_error: 503', { retryable: true })).toBe('failed');
  expect(queue.list({ states: ['failed'] }).map((j) => [j.id, j.lastError])).toEqual([
    [job, 'provider_error: 503 (gave up after 1 attempts)'],
  ]);
  expect(queue.counts()).toMatchObject({ failed: 1, queued: 0 });
  // A newer sync of the source already does the work: the dead one stays dead.
  const newer = queue.enqueueOrJoin('sync', { source: 'okta' }, { lockKey: 'sync:okta' });
  expect(queue.retry(job)).toEqual({ id: job, requeued: false, joinedId: newer.id });
  queue.claim('lane', ['sync'], LEASE);
  queue.complete(newer.id, 'lane', null);
  expect(queue.retry(job)).toEqual({ id: job, requeued: true, joinedId: null });
  expect(queue.get(job)).toMatchObject({ status: 'queued', attempts: 0 });
  expect(() => queue.retry(job)).toThrow(/only a failed/);
  expect(queue.claim('lane', ['sync'], LEASE)?.id).toBe(job);
  queue.fail(job, 'lane', 'again', { retryable: false });
  expect(queue.purgeDead()).toBe(1);
  expect(queue.get(job)).toBeNull();
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
