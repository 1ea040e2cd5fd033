import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  JobDataInvalidError,
  JobNotFoundError,
  JobQueue,
  LeaseLostError,
  parseJobPayload,
  retryBackoffMs,
} from '../../src-main/engine/jobs/job-queue.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';

const T0 = 1_700_000_000_000;
const LEASE = 500;

describe('JobQueue', () => {
  let dataDir: string;
  let store: Store;
  let now: number;
  let queue: JobQueue;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'vouch-jobs-'));
    store = openStore(dataDir);
    now = T0;
    // random() = 0.5 means no jitter, so backoffs are exact.
    queue = new JobQueue(store.sqlite, () => now, {
      backoff: { baseMs: 1_000, capMs: 10_000, random: () => 0.5 },
    });
  });

  afterEach(() => {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('claims the oldest available job of the requested kinds, once', () => {
    const first = queue.enqueue('sync', { n: 1 });
    const second = queue.enqueue('sync', { n: 2 });
    queue.enqueue('evaluate', { n: 3 });
    queue.enqueue('sync', { n: 4 }, { availableAt: T0 + 60_000 });

    expect(queue.claim('lane-1', ['sync'], LEASE)).toEqual({
      id: first,
      kind: 'sync',
      payload: { n: 1 },
      owner: 'lane-1',
      leaseUntil: T0 + LEASE,
      attempts: 1,
      maxAttempts: 5,
      lastError: null,
    });
    expect(queue.claim('lane-2', ['sync'], LEASE)).toMatchObject({ id: second, owner: 'lane-2' });
    // The third sync job is not due yet, and the evaluate job is another lane's kind.
    expect(queue.claim('lane-3', ['sync'], LEASE)).toBeNull();
    expect(queue.claim('lane-3', [], LEASE)).toBeNull();
    expect(queue.get(first)).toMatchObject({ status: 'running', owner: 'lane-1', leaseUntil: T0 + LEASE });
    queue.complete(first, 'lane-1', null);
    queue.complete(second, 'lane-2', null);
    now = T0 + 60_000;
    expect(queue.claim('lane-3', ['sync'], LEASE)).toMatchObject({ payload: { n: 4 } });
  });

  it('takes a dead lane’s job before newer queued work', () => {
    const orphan = queue.enqueue('sync', 'orphan');
    queue.claim('dead-lane', ['sync'], LEASE);
    now += 10;
    queue.enqueue('sync', 'newer');
    now += LEASE;
    expect(queue.claim('lane-2', ['sync'], LEASE)).toMatchObject({ id: orphan, attempts: 2 });
  });

  it('reclaims a running job whose lease expired (its lane died), counting the attempt', () => {
    const id = queue.enqueue('sync', null);
    queue.claim('dead-lane', ['sync'], LEASE);
    now = T0 + LEASE - 1;
    expect(queue.claim('lane-2', ['sync'], LEASE)).toBeNull();
    now = T0 + LEASE;
    expect(queue.claim('lane-2', ['sync'], LEASE)).toMatchObject({ id, attempts: 2, owner: 'lane-2' });
    expect(queue.get(id)).toMatchObject({ status: 'running', owner: 'lane-2', leaseUntil: now + LEASE });
  });

  it('fails a job whose lease expired on its last attempt instead of handing it out again', () => {
    const id = queue.enqueue('sync', null, { maxAttempts: 2 });
    queue.claim('lane-1', ['sync'], LEASE);
    now += LEASE;
    expect(queue.claim('lane-2', ['sync'], LEASE)).toMatchObject({ attempts: 2 });
    now += LEASE;
    expect(queue.claim('lane-3', ['sync'], LEASE)).toBeNull();
    const job = queue.get(id);
    expect(job).toMatchObject({ status: 'failed', attempts: 2, leaseUntil: null });
    expect(job?.lastError).toMatch(/lane died .* attempt 2 of 2/);
  });

  it('renews a held lease, and refuses renew and assert once it expired', () => {
    const id = queue.enqueue('sync', null);
    queue.claim('lane-1', ['sync'], LEASE);
    now += 400;
    expect(queue.renew(id, 'lane-1', LEASE)).toBe(now + LEASE);
    now += 400; // past the first lease, within the renewed one
    expect(() => queue.assertLease(id, 'lane-1')).not.toThrow();
    now += LEASE;
    expect(() => queue.assertLease(id, 'lane-1')).toThrow(LeaseLostError);
    expect(() => queue.renew(id, 'lane-1', LEASE)).toThrow(LeaseLostError);
  });

  it('lets only the lease holder renew, complete or fail the job', () => {
    const id = queue.enqueue('sync', null);
    queue.claim('lane-1', ['sync'], LEASE);
    for (const act of [
      () => queue.renew(id, 'lane-2', LEASE),
      () => queue.assertLease(id, 'lane-2'),
      () => queue.complete(id, 'lane-2', 'mine'),
      () => queue.fail(id, 'lane-2', 'boom', { retryable: false }),
      () => queue.release(id, 'lane-2'),
    ]) {
      expect(act).toThrow(LeaseLostError);
    }
    queue.complete(id, 'lane-1', { rows: 3 });
    expect(queue.get(id)).toMatchObject({ status: 'succeeded', result: { rows: 3 }, leaseUntil: null });
    // A finished job has no lease to complete twice.
    expect(() => queue.complete(id, 'lane-1', null)).toThrow(LeaseLostError);
  });

  it('a lane whose expired lease was taken over cannot complete', () => {
    const id = queue.enqueue('sync', null);
    queue.claim('slow-lane', ['sync'], LEASE);
    now += LEASE;
    queue.claim('lane-2', ['sync'], LEASE);
    expect(() => queue.complete(id, 'slow-lane', null)).toThrow(LeaseLostError);
    expect(queue.get(id)).toMatchObject({ status: 'running', owner: 'lane-2' });
  });

  it('retries retryable failures with exponential backoff, then gives up at maxAttempts', () => {
    const id = queue.enqueue('sync', null, { maxAttempts: 3 });
    queue.claim('lane', ['sync'], LEASE);
    expect(queue.fail(id, 'lane', 'HTTP 503', { retryable: true })).toBe('queued');
    expect(queue.get(id)).toMatchObject({
      status: 'queued',
      owner: null,
      leaseUntil: null,
      attempts: 1,
      availableAt: now + 1_000,
      lastError: 'HTTP 503',
    });
    expect(queue.claim('lane', ['sync'], LEASE)).toBeNull();

    now += 1_000;
    expect(queue.claim('lane', ['sync'], LEASE)).toMatchObject({ attempts: 2, lastError: 'HTTP 503' });
    queue.fail(id, 'lane', 'HTTP 503', { retryable: true });
    expect(queue.get(id)?.availableAt).toBe(now + 2_000);

    now += 2_000;
    queue.claim('lane', ['sync'], LEASE);
    expect(queue.fail(id, 'lane', 'HTTP 503', { retryable: true })).toBe('failed');
    expect(queue.get(id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'HTTP 503 (gave up after 3 attempts)',
    });
  });

  it('fails non-retryable errors at once', () => {
    const id = queue.enqueue('sync', null);
    queue.claim('lane', ['sync'], LEASE);
    expect(queue.fail(id, 'lane', 'token revoked', { retryable: false })).toBe('failed');
    expect(queue.get(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'token revoked' });
  });

  it('release gives the job back at once without counting the attempt', () => {
    const id = queue.enqueue('sync', null);
    queue.claim('lane', ['sync'], LEASE);
    queue.release(id, 'lane');
    expect(queue.get(id)).toMatchObject({ status: 'queued', owner: null, attempts: 0, availableAt: now });
    expect(queue.claim('lane-2', ['sync'], LEASE)).toMatchObject({ id, attempts: 1 });
  });

  it('parses payloads and results with the caller’s schema', () => {
    const id = queue.enqueue('sync', { sourceId: 'okta-1' });
    const job = queue.claim('lane', ['sync'], LEASE);
    if (job === null) throw new Error('expected a job');
    expect(parseJobPayload(job, z.object({ sourceId: z.string() }))).toEqual({ sourceId: 'okta-1' });
    const wrong = (() => {
      try {
        parseJobPayload(job, z.object({ sourceId: z.number() }));
      } catch (error) {
        return error;
      }
    })();
    expect(wrong).toBeInstanceOf(JobDataInvalidError);
    expect(wrong).toMatchObject({ retryable: false, code: 'job_data_invalid' });

    queue.complete(id, 'lane', { rows: 2 });
    expect(queue.get(id, z.object({ rows: z.number() }))?.result).toEqual({ rows: 2 });
    expect(() => queue.get(id, z.object({ rows: z.string() }))).toThrow(JobDataInvalidError);
    expect(queue.get(9999)).toBeNull();
  });

  it('waitFor resolves when the job finishes and honours its abort signal', async () => {
    const id = queue.enqueue('sync', null);
    const done = queue.waitFor(id, { pollMs: 5 });
    queue.claim('lane', ['sync'], LEASE);
    setTimeout(() => queue.complete(id, 'lane', 'ok'), 20);
    await expect(done).resolves.toMatchObject({ status: 'succeeded', result: 'ok' });

    const other = queue.enqueue('sync', null);
    const controller = new AbortController();
    const waiting = queue.waitFor(other, { pollMs: 5, signal: controller.signal });
    controller.abort(new Error('gave up waiting'));
    await expect(waiting).rejects.toThrow('gave up waiting');
    await expect(queue.waitFor(424242)).rejects.toBeInstanceOf(JobNotFoundError);
  });

  it('rejects a nonsensical maxAttempts', () => {
    expect(() => queue.enqueue('sync', null, { maxAttempts: 0 })).toThrow(RangeError);
  });
});

describe('retryBackoffMs', () => {
  const exact = { baseMs: 2_000, capMs: 300_000, jitter: 0.2, random: () => 0.5 };

  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4].map((attempts) => retryBackoffMs(attempts, exact))).toEqual([
      2_000, 4_000, 8_000, 16_000,
    ]);
    expect(retryBackoffMs(9, exact)).toBe(300_000);
    expect(retryBackoffMs(50, exact)).toBe(300_000);
  });

  it('spreads by ±20% without exceeding the cap', () => {
    expect(retryBackoffMs(1, { ...exact, random: () => 0 })).toBe(1_600);
    expect(retryBackoffMs(1, { ...exact, random: () => 0.999999 })).toBe(2_400);
    expect(retryBackoffMs(20, { ...exact, random: () => 0.999999 })).toBe(300_000);
    expect(retryBackoffMs(20, { ...exact, random: () => 0 })).toBe(240_000);
  });
});
