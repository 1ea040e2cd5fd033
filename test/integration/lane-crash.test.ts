// A lane that dies mid-job keeps what it committed, its job comes back after the lease expires, and a lane
// that lost its lease cannot commit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChildProcessHost } from '../../src-main/engine/jobs/child-process-host.ts';
import { JobQueue, LeaseLostError } from '../../src-main/engine/jobs/job-queue.ts';
import { parseLaneMessage, type LaneToParentMessage } from '../../src-main/engine/jobs/lane-protocol.ts';
import { LeaseKeeper } from '../../src-main/engine/jobs/lease-keeper.ts';
import type { LaneProcess } from '../../src-main/engine/jobs/process-host.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';
import {
  committedBatches,
  ensureScratchTable,
  WRITE_BATCHES,
  writeBatch,
} from '../fixtures/lanes/batch-writer.ts';

const LEASE_MS = 500;
const laneEntry = fileURLToPath(new URL('../fixtures/lanes/batch-writer-lane.ts', import.meta.url));

interface RunningLane {
  process: LaneProcess;
  messages: LaneToParentMessage[];
  /** Messages that failed to parse: there should be none. */
  rejected: unknown[];
  waitFor(predicate: (m: LaneToParentMessage) => boolean, timeoutMs?: number): Promise<LaneToParentMessage>;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

function startLane(dataDir: string, owner: string, exitWhenIdle: boolean): RunningLane {
  const lane = new ChildProcessHost().forkModule(laneEntry, [dataDir, owner, exitWhenIdle ? '1' : '0'], {
    env: { ...process.env, VOUCH_LEASE_MS: String(LEASE_MS) },
  });
  const messages: LaneToParentMessage[] = [];
  const rejected: unknown[] = [];
  const waiters = new Set<() => void>();
  lane.onMessage((raw) => {
    const message = parseLaneMessage(raw);
    if (message === null) rejected.push(raw);
    else messages.push(message);
    for (const wake of waiters) wake();
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    lane.onExit((code, signal) => resolve({ code, signal })),
  );
  const waitFor = (predicate: (m: LaneToParentMessage) => boolean, timeoutMs = 20_000) =>
    new Promise<LaneToParentMessage>((resolve, reject) => {
      const check = () => {
        const found = messages.find(predicate);
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(`lane ${owner}: no matching message in ${timeoutMs} ms; got ${JSON.stringify(messages)}`),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return { process: lane, messages, rejected, waitFor, exited };
}

const progressAtLeast = (jobId: number, batches: number) => (m: LaneToParentMessage) =>
  m.type === 'progress' &&
  m.jobId === jobId &&
  (m.progress as { committedBatches: number }).committedBatches >= batches;

function batchesByWriter(store: Store, jobId: number): { batch: number; rows: number; writer: string }[] {
  return store.sqlite
    .prepare(
      `SELECT batch, count(*) AS rows, group_concat(DISTINCT writer) AS writer
       FROM lane_scratch WHERE job_id = ? GROUP BY batch ORDER BY batch`,
    )
    .all(jobId) as { batch: number; rows: number; writer: string }[];
}

describe('lanes and leases across processes', () => {
  let dataDir: string;
  let store: Store;
  let queue: JobQueue;
  const started: RunningLane[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'vouch-lane-'));
    store = openStore(dataDir);
    ensureScratchTable(store.sqlite);
    queue = new JobQueue(store.sqlite);
  });

  afterEach(async () => {
    for (const lane of started.splice(0)) {
      lane.process.kill('SIGKILL');
      await lane.exited;
    }
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps what a killed lane committed, and a second lane reclaims the job after the lease expires', async () => {
    const jobId = queue.enqueue(
      WRITE_BATCHES,
      { batches: 8, batchSize: 200, delayMs: 120 },
      { maxAttempts: 3 },
    );

    const laneA = startLane(dataDir, 'lane-a', true);
    started.push(laneA);
    await laneA.waitFor(progressAtLeast(jobId, 3));
    laneA.process.kill('SIGKILL');
    expect(await laneA.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // (a) Every batch lane A committed is whole; nothing half-written survives the kill.
    const committedByA = batchesByWriter(store, jobId);
    expect(committedByA.length).toBeGreaterThanOrEqual(3);
    expect(committedByA.length).toBeLessThan(8);
    committedByA.forEach((batch, index) =>
      expect(batch).toEqual({ batch: index, rows: 200, writer: 'lane-a' }),
    );
    const orphan = queue.get(jobId);
    expect(orphan).toMatchObject({ status: 'running', owner: 'lane-a', attempts: 1 });
    const leaseOfDeadLane = orphan?.leaseUntil ?? 0;

    // (b) A second lane waits out the dead lane's lease, then takes the job over and finishes it.
    const laneB = startLane(dataDir, 'lane-b', false);
    started.push(laneB);
    const takeover = await laneB.waitFor((m) => m.type === 'job_started' && m.jobId === jobId);
    expect(Date.now()).toBeGreaterThanOrEqual(leaseOfDeadLane);
    expect(takeover).toMatchObject({ attempts: 2 });
    expect(await laneB.waitFor((m) => m.type === 'job_done' && m.jobId === jobId)).toMatchObject({
      status: 'succeeded',
    });
    laneB.process.send({ type: 'stop' });
    expect(await laneB.exited).toEqual({ code: 0, signal: null });

    expect(queue.get(jobId)).toMatchObject({
      status: 'succeeded',
      owner: 'lane-b',
      attempts: 2,
      result: { batches: 8 },
    });
    const all = batchesByWriter(store, jobId);
    expect(all).toHaveLength(8);
    all.forEach((batch, index) =>
      expect(batch).toEqual({
        batch: index,
        rows: 200,
        writer: index < committedByA.length ? 'lane-a' : 'lane-b',
      }),
    );
    expect(laneA.rejected).toEqual([]);
    expect(laneB.rejected).toEqual([]);
  });

  it('a forked lane whose lease was taken over cannot commit another batch', async () => {
    const jobId = queue.enqueue(WRITE_BATCHES, { batches: 50, batchSize: 100, delayMs: 80 });
    const laneA = startLane(dataDir, 'lane-a', true);
    started.push(laneA);
    await laneA.waitFor(progressAtLeast(jobId, 2));

    // Atomically: note what lane A has committed, expire its lease, and hand the job to another owner.
    const { committedAtSteal, stolen } = store.sqlite
      .transaction(() => {
        const committed = committedBatches(store.sqlite, jobId);
        store.sqlite.prepare('UPDATE jobs SET lease_until = ? WHERE id = ?').run(Date.now() - 1, jobId);
        return { committedAtSteal: committed, stolen: queue.claim('thief', [WRITE_BATCHES], 60_000) };
      })
      .immediate();
    expect(stolen).toMatchObject({ id: jobId, owner: 'thief', attempts: 2 });

    expect(await laneA.waitFor((m) => m.type === 'job_done' && m.jobId === jobId)).toMatchObject({
      status: 'lease_lost',
    });
    expect(await laneA.exited).toEqual({ code: 0, signal: null });

    // Lane A's work stopped exactly where its lease did, and it neither completed nor failed the job.
    expect(committedBatches(store.sqlite, jobId)).toBe(committedAtSteal);
    expect(queue.get(jobId)).toMatchObject({
      status: 'running',
      owner: 'thief',
      attempts: 2,
      lastError: null,
    });
    const reportedByA = laneA.messages.filter((m) => m.type === 'progress').length;
    expect(reportedByA).toBe(committedAtSteal);
    expect(laneA.rejected).toEqual([]);
  });

  it('a lane whose lease expired and was claimed by another owner rolls back its transaction', () => {
    let now = 1_700_000_000_000;
    const clockedQueue = new JobQueue(store.sqlite, () => now);
    const jobId = clockedQueue.enqueue(WRITE_BATCHES, { batches: 3, batchSize: 50, delayMs: 0 });

    const first = clockedQueue.claim('lane-a', [WRITE_BATCHES], LEASE_MS);
    expect(first).toMatchObject({ id: jobId, attempts: 1 });
    const keeperA = new LeaseKeeper({ queue: clockedQueue, jobId, owner: 'lane-a', leaseMs: LEASE_MS });
    writeBatch(store.sqlite, { jobId, batch: 0, batchSize: 50, writer: 'lane-a' }, () =>
      keeperA.assertHeld(),
    );
    expect(committedBatches(store.sqlite, jobId)).toBe(1);

    // Lane A stalls past its lease (a long GC pause, a suspended laptop); lane B takes the job over.
    now += LEASE_MS + 1;
    expect(clockedQueue.claim('lane-b', [WRITE_BATCHES], LEASE_MS)).toMatchObject({ id: jobId, attempts: 2 });

    // Lane A wakes up and tries to commit its next batch: the lease check inside the transaction throws and
    // the batch's rows are rolled back.
    expect(() =>
      writeBatch(store.sqlite, { jobId, batch: 1, batchSize: 50, writer: 'lane-a' }, () =>
        keeperA.assertHeld(),
      ),
    ).toThrow(LeaseLostError);
    expect(committedBatches(store.sqlite, jobId)).toBe(1);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM lane_scratch').get()).toEqual({ n: 50 });
    expect(keeperA.lost).toBeInstanceOf(LeaseLostError);
    expect(keeperA.signal.aborted).toBe(true);
    expect(() => clockedQueue.complete(jobId, 'lane-a', null)).toThrow(LeaseLostError);
    expect(() => clockedQueue.fail(jobId, 'lane-a', 'boom', { retryable: true })).toThrow(LeaseLostError);
    expect(() => clockedQueue.renew(jobId, 'lane-a', LEASE_MS)).toThrow(LeaseLostError);

    // Lane B still holds it and can commit and complete.
    writeBatch(store.sqlite, { jobId, batch: 1, batchSize: 50, writer: 'lane-b' }, () =>
      clockedQueue.assertLease(jobId, 'lane-b'),
    );
    clockedQueue.complete(jobId, 'lane-b', { batches: 2 });
    expect(clockedQueue.get(jobId)).toMatchObject({ status: 'succeeded', owner: 'lane-b', attempts: 2 });
  });
});
