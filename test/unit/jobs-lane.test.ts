import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobQueue, LeaseLostError } from '../../src-main/engine/jobs/job-queue.ts';
import { describeError, isRetryable, runLane, type JobHandler } from '../../src-main/engine/jobs/lane.ts';
import {
  parseLaneMessage,
  parseParentMessage,
  type LaneToParentMessage,
} from '../../src-main/engine/jobs/lane-protocol.ts';
import { LeaseKeeper } from '../../src-main/engine/jobs/lease-keeper.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';
import { VouchError } from '../../src-main/engine/errors.ts';

describe('runLane', () => {
  let dataDir: string;
  let store: Store;
  let queue: JobQueue;
  let sent: LaneToParentMessage[];
  const lane = (
    handlers: Record<string, JobHandler>,
    extra: { leaseMs?: number; signal?: AbortSignal } = {},
  ) =>
    runLane({
      queue,
      owner: 'lane-1',
      handlers,
      leaseMs: extra.leaseMs ?? 500,
      pollMs: 10,
      exitWhenIdle: extra.signal === undefined,
      signal: extra.signal,
      send: (message) => sent.push(message),
    });

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'vouch-lane-unit-'));
    store = openStore(dataDir);
    queue = new JobQueue(store.sqlite, Date.now, { backoff: { baseMs: 60_000 } });
    sent = [];
  });

  afterEach(() => {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs handlers, completes jobs with their result and reports progress', async () => {
    const id = queue.enqueue('sum', { values: [1, 2, 3] });
    const summary = await lane({
      sum: async (job, { report }) => {
        report({ step: 'adding' });
        return (job.payload as { values: number[] }).values.reduce((a, b) => a + b, 0);
      },
    });
    expect(summary).toMatchObject({ succeeded: 1, failed: 0 });
    expect(queue.get(id)).toMatchObject({ status: 'succeeded', result: 6, attempts: 1 });
    expect(sent).toEqual([
      { type: 'ready' },
      { type: 'job_started', jobId: id, kind: 'sum', attempts: 1 },
      { type: 'progress', jobId: id, progress: { step: 'adding' } },
      { type: 'job_done', jobId: id, status: 'succeeded' },
      { type: 'idle' },
    ]);
    for (const message of sent) expect(parseLaneMessage(message)).toEqual(message);
  });

  it('retries ordinary errors and fails errors marked retryable: false at once', async () => {
    const flaky = queue.enqueue('flaky', null);
    const fatal = queue.enqueue('fatal', null);
    const unknownKind = queue.enqueue('unknown', null);
    const summary = await runLane({
      queue,
      owner: 'lane-1',
      kinds: ['flaky', 'fatal', 'unknown'],
      handlers: {
        flaky: async () => {
          throw new Error('socket hang up');
        },
        fatal: async () => {
          throw new VouchError('failed_authentication', 'token revoked', 'Update Credentials');
        },
      },
      leaseMs: 500,
      pollMs: 10,
      exitWhenIdle: true,
      send: (message) => sent.push(message),
    });
    expect(summary).toMatchObject({ retrying: 2, failed: 1 });
    expect(queue.get(flaky)).toMatchObject({ status: 'queued', lastError: 'Error: socket hang up' });
    // A VouchError is retryable unless it says otherwise...
    expect(queue.get(fatal)).toMatchObject({
      status: 'queued',
      lastError: 'failed_authentication: token revoked',
    });
    // ...and a job nobody can handle fails for good.
    expect(queue.get(unknownKind)).toMatchObject({ status: 'failed' });
    expect(queue.get(unknownKind)?.lastError).toMatch(/no handler/);

    const permanent = queue.enqueue('permanent', null);
    await lane({
      permanent: async () => {
        throw Object.assign(new Error('HTTP 403'), { retryable: false });
      },
    });
    expect(queue.get(permanent)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'Error: HTTP 403',
    });
  });

  it('drops a job whose lease was lost without completing or failing it', async () => {
    const id = queue.enqueue('slow', null);
    const summary = await lane(
      {
        slow: async (job, { lease, signal }) => {
          // Another lane takes the job over while this one works.
          store.sqlite.prepare('UPDATE jobs SET lease_until = 0 WHERE id = ?').run(job.id);
          queue.claim('lane-2', ['slow'], 60_000);
          await sleep(200); // the keeper (every 50 ms) notices and aborts the handler's signal
          expect(signal.aborted).toBe(true);
          expect(signal.reason).toBeInstanceOf(LeaseLostError);
          lease.assertHeld();
          return 'should not be stored';
        },
      },
      { leaseMs: 150 },
    );
    expect(summary).toMatchObject({ lease_lost: 1, succeeded: 0 });
    expect(queue.get(id)).toMatchObject({
      status: 'running',
      owner: 'lane-2',
      result: null,
      lastError: null,
    });
    expect(sent).toContainEqual({ type: 'job_done', jobId: id, status: 'lease_lost' });
  });

  it('keeps the lease alive while a handler runs longer than the lease', async () => {
    const id = queue.enqueue('long', null);
    let stolen: unknown = 'not tried';
    await lane(
      {
        long: async () => {
          await sleep(400);
          stolen = queue.claim('lane-2', ['long'], 100);
          return 'done';
        },
      },
      { leaseMs: 120 },
    );
    expect(stolen).toBeNull();
    expect(queue.get(id)).toMatchObject({ status: 'succeeded', owner: 'lane-1', attempts: 1 });
  });

  it('on stop, releases the running job and stops claiming', async () => {
    const id = queue.enqueue('wait', null);
    queue.enqueue('wait', null);
    const controller = new AbortController();
    const running = lane(
      {
        wait: async (_job, { signal, report }) => {
          report('started');
          await sleep(10_000, undefined, { signal });
        },
      },
      { signal: controller.signal },
    );
    await sleep(50);
    controller.abort();
    expect(await running).toMatchObject({ released: 1, succeeded: 0 });
    expect(queue.get(id)).toMatchObject({ status: 'queued', attempts: 0, owner: null });
    expect(sent.filter((m) => m.type === 'job_started')).toHaveLength(1);
  });

  it('idles when there is nothing to do until stopped', async () => {
    const controller = new AbortController();
    const running = lane({ nothing: async () => null }, { signal: controller.signal });
    await sleep(50);
    controller.abort();
    await expect(running).resolves.toMatchObject({ succeeded: 0 });
    expect(sent).toEqual([{ type: 'ready' }, { type: 'idle' }]);
  });
});

describe('LeaseKeeper', () => {
  it('records a lost lease once and aborts its signal with it', () => {
    const renew = () => {
      throw new LeaseLostError(7, 'me');
    };
    const queue = { renew, assertLease: () => {} } as unknown as JobQueue;
    const keeper = new LeaseKeeper({ queue, jobId: 7, owner: 'me', leaseMs: 300 });
    expect(keeper.renewNow()).toBe(false);
    expect(keeper.signal.aborted).toBe(true);
    expect(() => keeper.assertHeld()).toThrow(LeaseLostError);
  });

  it('keeps going after a transient renewal error', () => {
    const errors: unknown[] = [];
    const queue = {
      renew: () => {
        throw new Error('SQLITE_BUSY');
      },
    } as unknown as JobQueue;
    const keeper = new LeaseKeeper({
      queue,
      jobId: 1,
      owner: 'me',
      leaseMs: 300,
      onRenewError: (e) => errors.push(e),
    });
    expect(keeper.renewNow()).toBe(true);
    expect(keeper.lost).toBeNull();
    expect(errors).toHaveLength(1);
  });
});

describe('lane protocol and error helpers', () => {
  it('accepts the protocol messages and rejects anything else', () => {
    expect(parseParentMessage({ type: 'stop' })).toEqual({ type: 'stop' });
    expect(parseParentMessage({ type: 'stop!' })).toBeNull();
    expect(parseParentMessage('stop')).toBeNull();
    expect(parseLaneMessage({ type: 'job_done', jobId: 3, status: 'succeeded' })).not.toBeNull();
    expect(parseLaneMessage({ type: 'job_done', jobId: 3, status: 'exploded' })).toBeNull();
    expect(parseLaneMessage({ type: 'progress', jobId: 'x', progress: 1 })).toBeNull();
  });

  it('treats errors as retryable unless they say retryable: false', () => {
    expect(isRetryable(new Error('x'))).toBe(true);
    expect(isRetryable({ retryable: true })).toBe(true);
    expect(isRetryable(Object.assign(new Error('x'), { retryable: false }))).toBe(false);
    expect(isRetryable('a string')).toBe(true);
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeError(42)).toBe('42');
  });
});
