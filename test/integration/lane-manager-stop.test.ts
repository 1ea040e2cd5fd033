// LaneManager.stop with real lane processes: lanes stopped while still starting (loading their modules) and
// lanes up and idle exit without being killed. The grace given is far longer than the test's timeout, so a
// lane that ignored its stop fails the test.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ChildProcessHost } from '../../src-main/engine/jobs/child-process-host.ts';
import { LaneManager } from '../../src-main/engine/lanes/lane-manager.ts';
import { openStore } from '../../src-main/engine/store/db.ts';

let dataDir: string;
const env = { ...process.env, VOUCH_MASTER_KEY: randomBytes(32).toString('base64') };
const neverMs = 10 * 60_000;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'vouch-lane-stop-'));
  openStore(dataDir).close(); // migrations, once
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const manager = () =>
  new LaneManager({ host: new ChildProcessHost(), dataDir, env, lanes: ['full', 'full'], log: () => {} });

it('stops lanes that are still starting', async () => {
  const lanes = manager();
  lanes.start();
  const pids = lanes.health().map((lane) => lane.pid!);
  expect(lanes.health().map((lane) => lane.state)).toEqual(['starting', 'starting']);
  await lanes.stop(neverMs);
  expect(lanes.health().map((lane) => lane.state)).toEqual(['stopped', 'stopped']);
  expect(pids.filter(alive)).toEqual([]);
}, 60_000);

it('stops lanes that are up and idle, with no restart counted', async () => {
  const lanes = manager();
  lanes.start();
  await expect
    .poll(() => lanes.health().every((lane) => lane.state === 'up'), { timeout: 45_000 })
    .toBe(true);
  const pids = lanes.health().map((lane) => lane.pid!);
  await lanes.stop(neverMs);
  expect(lanes.health()).toMatchObject([
    { state: 'stopped', restarts: 0, lastError: null },
    { state: 'stopped', restarts: 0, lastError: null },
  ]);
  expect(pids.filter(alive)).toEqual([]);
}, 60_000);
