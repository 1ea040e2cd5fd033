// Settings → Engine through the API contract: queue depth, dead letters with their last error, lane health,
// and retrying a dead job, over a real store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { engineStatusSchema } from '../../src-shared/api.ts';
import { engineStatusView } from '../../src-main/engine/api/engine-status-view.ts';
import { JobQueue } from '../../src-main/engine/jobs/job-queue.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';

let dataDir: string;
let store: Store;
let queue: JobQueue;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'vouch-engine-status-'));
  store = openStore(dataDir);
  queue = new JobQueue(store.sqlite);
});
afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('shows the queue depth and each dead job with its source and last error; a retried job leaves the list', () => {
  const dead = queue.enqueue('sync', { source: 'okta' }, { lockKey: 'sync:okta', maxAttempts: 1 });
  queue.enqueue('sync', { source: 'github' }, { lockKey: 'sync:github' });
  queue.claim('lane', ['sync'], 10_000);
  queue.fail(dead, 'lane', 'provider_error: 503 from okta', { retryable: true });
  const lanes = [
    {
      kind: 'full' as const,
      slot: 1,
      state: 'up' as const,
      pid: 123,
      upSince: '2026-12-07T18:00:00.000Z',
      jobsDone: 1,
      restarts: 0,
      lastError: `job ${dead} failed`,
    },
  ];
  const status = engineStatusSchema.parse(engineStatusView(queue, lanes));
  expect(status.queue).toEqual({ queued: 1, running: 0, succeeded: 0, dead: 1 });
  expect(status.dead).toEqual([
    expect.objectContaining({
      id: dead,
      kind: 'sync',
      subject: 'okta',
      attempts: 1,
      lastError: 'provider_error: 503 from okta (gave up after 1 attempts)',
    }),
  ]);
  expect(status.lanes).toEqual(lanes);

  expect(queue.retry(dead).requeued).toBe(true);
  const after = engineStatusView(queue, []);
  expect(after.dead).toEqual([]);
  expect(after.queue).toMatchObject({ queued: 2, dead: 0 });
});
