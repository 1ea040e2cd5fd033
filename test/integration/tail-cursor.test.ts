// A tail SIGKILLed mid-stream resumes from its cursor: every event stored exactly once, none skipped, because
// each batch and the cursor after it commit in one transaction (lanes/tail/tail-cursors.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ChildProcessHost } from '../../src-main/engine/jobs/child-process-host.ts';
import { JobQueue } from '../../src-main/engine/jobs/job-queue.ts';
import type { LaneProcess } from '../../src-main/engine/jobs/process-host.ts';
import { TailCursors } from '../../src-main/engine/lanes/tail/tail-cursors.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';

const laneEntry = fileURLToPath(new URL('../fixtures/lanes/cursor-tail-lane.ts', import.meta.url));
const TOTAL = 700;
const SOURCE = 'src-tail-test';
let dataDir: string;
let store: Store;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'vouch-tail-'));
  store = openStore(dataDir);
  // The cursor belongs to a source (foreign key); the test tail never calls the provider.
  store.sqlite
    .prepare(
      `INSERT INTO sources (id, name, kind, config, sealed_credentials, credential_fingerprint,
         credentials_rotated_at) VALUES (?, 'tail-test', 'okta', '{}', '{}', 'none', '2026-01-01T00:00:00Z')`,
    )
    .run(SOURCE);
});
afterAll(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function startLane(owner: string): { lane: LaneProcess; exited: Promise<string | null> } {
  const lane = new ChildProcessHost().forkModule(laneEntry, [dataDir, owner], {
    // Long enough that a busy machine (tests run side by side) renews in time.
    env: { ...process.env, VOUCH_LEASE_MS: '4000' },
  });
  const exited = new Promise<string | null>((resolve) => lane.onExit((_code, signal) => resolve(signal)));
  return { lane, exited };
}

const stored = () =>
  store.sqlite.prepare('SELECT seq, written_by AS writtenBy FROM test_tail_events ORDER BY rowid').all() as {
    seq: number;
    writtenBy: string;
  }[];

it('a killed tail resumes from its cursor with nothing skipped or duplicated', async () => {
  const queue = new JobQueue(store.sqlite);
  const jobId = queue.enqueue(
    'test_tail',
    { sourceId: SOURCE, total: TOTAL },
    { lockKey: `tail:${SOURCE}:test` },
  );
  const first = startLane('tail-a');
  // Kill it once it is well into the stream, wherever it is (between batches or inside a transaction).
  for (;;) {
    const cursor = Number(new TailCursors(store.sqlite).get(SOURCE, 'test')?.cursor ?? 0);
    if (cursor >= TOTAL / 3) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  first.lane.kill('SIGKILL');
  expect(await first.exited).toBe('SIGKILL');
  const beforeResume = stored();
  expect(beforeResume.length).toBeLessThan(TOTAL);
  const cursorAtKill = Number(new TailCursors(store.sqlite).get(SOURCE, 'test')!.cursor);
  // The cursor covers exactly what was committed.
  expect(cursorAtKill).toBe(beforeResume.length);

  // A dead lane's job is claimable once its lease has run out (the supervisor and the lane manager wait for
  // that too); a lane started before then finds nothing to claim and exits idle.
  while ((queue.get(jobId)?.leaseUntil ?? 0) > Date.now()) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const second = startLane('tail-b');
  expect(await second.exited).toBeNull();
  expect(queue.get(jobId)).toMatchObject({ status: 'succeeded', attempts: 2 });
  const events = stored();
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
  // The second lane started exactly where the first one's last commit ended.
  expect(events.findIndex((e) => e.writtenBy === 'tail-b')).toBe(cursorAtKill);
  expect(new TailCursors(store.sqlite).get(SOURCE, 'test')?.cursor).toBe(String(TOTAL));
});
