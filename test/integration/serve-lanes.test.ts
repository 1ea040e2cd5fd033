// `vouch serve` as a real process keeps its lanes up (two full lanes) and runs the API's and the scheduler's
// syncs on them: a SIGKILLed lane is restarted and its job done; SIGTERM stops the lanes with no job left
// `running` under a live lease; a source with a short interval (the test-only minimum) is synced by the
// scheduler without anyone asking.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import { JobQueue } from '../../src-main/engine/jobs/job-queue.ts';
import { openStore } from '../../src-main/engine/store/db.ts';
import type { EngineStatus } from '../../src-shared/api.ts';
import { runVouch } from '../helpers/cli.ts';
import { ServeClient } from '../helpers/serve-client.ts';

const launcher = fileURLToPath(new URL('../../bin/vouch.js', import.meta.url));
let sim: OktaSimulator;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'vouch-serve-lanes-'));
  sim = await startOktaSimulator({ users: 300, seed: 22, timeScale: 60 });
  writeFileSync(path.join(root, 'token'), `${sim.token}\n`);
  writeFileSync(path.join(root, 'ca.pem'), sim.caPem);
});
afterAll(async () => {
  await sim.close();
  rmSync(root, { recursive: true, force: true });
});

async function setup(name: string, source: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const dataDir = path.join(root, name, 'data');
  const markerDir = path.join(root, name, 'markers');
  mkdirSync(markerDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { VOUCH_DATA_DIR: dataDir, VOUCH_TEST_MARKER_DIR: markerDir, ...extraEnv };
  const added = await runVouch(
    [
      'source',
      'add',
      'okta',
      '--name',
      source,
      '--domain',
      sim.host,
      '--token-file',
      path.join(root, 'token'),
      '--ca-file',
      path.join(root, 'ca.pem'),
    ],
    { env },
  );
  expect(added.code, added.stderr).toBe(0);
  return { dataDir, markerDir, env };
}

interface Serve {
  child: ChildProcess;
  client: ServeClient;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

async function startServe(env: NodeJS.ProcessEnv): Promise<Serve> {
  const child = spawn(process.execPath, [launcher, 'serve', '--port', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await until('serve to print its address', () =>
    /Vouch is running at (http:\/\/(\S+):(\d+)\/\?token=(\S+))/.exec(stdout),
  );
  const client = new ServeClient(Number(url[3]), url[4]!, url[2]!);
  await client.signIn();
  return { child, client, stderr: () => stderr, exited };
}

async function until<T>(
  what: string,
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function syncJobs(dataDir: string) {
  const store = openStore(dataDir);
  try {
    return new JobQueue(store.sqlite).list({}).filter((job) => job.kind === 'sync');
  } finally {
    store.close();
  }
}

const lanesUp = (serve: Serve) =>
  until('two full lanes up', async () => {
    const { lanes } = await serve.client.call<EngineStatus>('engine.status');
    return lanes.length === 2 && lanes.every((l) => l.kind === 'full' && l.state === 'up') && lanes;
  });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('vouch serve with its lanes', () => {
  it('runs an API sync on a lane that stays up; a SIGKILLed lane is restarted and the job done', async () => {
    const { dataDir, markerDir, env } = await setup('kill', 'okta-k', {
      VOUCH_TEST_STOP_AT: 'writing_rows',
      // Short, so the killed lane's job is claimable soon; long enough for a busy machine's pauses.
      VOUCH_LEASE_MS: '5000',
    });
    const serve = await startServe(env);
    try {
      const before = await lanesUp(serve);
      await serve.client.call('sync.start', { names: ['okta-k'] });
      const marker = path.join(markerDir, 'writing_rows');
      const pid = Number(
        await until('a lane to stop mid-write', () => existsSync(marker) && readFileSync(marker, 'utf8')),
      );
      // The sync runs on one of the lanes serve keeps up, not on a lane started for the request.
      expect(before.map((lane) => lane.pid)).toContain(pid);
      process.kill(pid, 'SIGKILL');

      const sources = await until('the sync to complete on another lane', async () => {
        const list =
          await serve.client.call<{ name: string; lastSyncStatus: string | null }[]>('sources.list');
        return list[0]?.lastSyncStatus === 'complete' && list;
      });
      expect(sources).toHaveLength(1);
      const [job] = syncJobs(dataDir);
      expect(job).toMatchObject({ status: 'succeeded', attempts: 2 });
      expect(job!.owner).not.toBe(`full:${pid}`);

      const after = await lanesUp(serve);
      const killed = after.find((lane) => lane.slot === before.find((l) => l.pid === pid)!.slot)!;
      expect(killed).toMatchObject({ restarts: 1, lastError: 'killed by SIGKILL' });
      expect(killed.pid).not.toBe(pid);
      expect(after.reduce((sum, lane) => sum + lane.jobsDone, 0)).toBe(1);
      expect(serve.stderr()).toMatch(/full lane \d: killed by SIGKILL; restarting/);

      const artifacts = await runVouch(['artifacts', 'list', '--json'], { env });
      const listed = JSON.parse(artifacts.stdout) as { complete: boolean }[];
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((artifact) => artifact.complete)).toBe(true);
    } finally {
      serve.child.kill('SIGTERM');
      expect((await serve.exited).code).toBe(0);
    }
  }, 150_000);

  it('stops its lanes on SIGTERM: the running job is released, no lease is left live', async () => {
    const { dataDir, markerDir, env } = await setup('term', 'okta-t', { VOUCH_TEST_STOP_AT: 'writing_rows' });
    const serve = await startServe(env);
    const lanes = await lanesUp(serve);
    await serve.client.call('sync.start', { names: ['okta-t'] });
    const marker = path.join(markerDir, 'writing_rows');
    const pid = Number(
      await until('a lane to stop mid-write', () => existsSync(marker) && readFileSync(marker, 'utf8')),
    );
    // The lane holds its job under a live lease (30 s) while it is stopped.
    expect(syncJobs(dataDir)[0]).toMatchObject({ status: 'running', owner: `full:${pid}` });
    serve.child.kill('SIGTERM');
    // The paused lane wakes up to the stop request serve sent it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.kill(pid, 'SIGCONT');
    expect(await serve.exited).toEqual({ code: 0, signal: null });

    for (const lane of lanes) expect(alive(lane.pid!), `lane ${lane.pid}`).toBe(false);
    const jobs = syncJobs(dataDir);
    expect(jobs).toHaveLength(1);
    const [job] = jobs;
    // Released (the attempt does not count) or, had it reached its last commit, finished: never running.
    expect(['queued', 'succeeded']).toContain(job!.status);
    if (job!.status === 'queued') expect(job).toMatchObject({ owner: null, leaseUntil: null });
    expect(jobs.filter((j) => j.status === 'running' && (j.leaseUntil ?? 0) > Date.now())).toEqual([]);
  }, 150_000);

  it('syncs a source on its own interval without anyone asking', async () => {
    const { dataDir, env } = await setup('interval', 'okta-s', { VOUCH_TEST_MIN_SYNC_INTERVAL_S: '5' });
    const tooShort = await runVouch(['source', 'set', 'okta-s', '--sync-interval', '2s'], { env });
    expect(tooShort.code).not.toBe(0);
    expect(tooShort.stderr).toMatch(/"2s" is not a sync interval[\s\S]*from 5s to 30d/);
    const set = await runVouch(['source', 'set', 'okta-s', '--sync-interval', '5s', '--json'], { env });
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      name: 'okta-s',
      syncInterval: { every: '5s', seconds: 5, setBy: 'source' },
    });
    const serve = await startServe(env);
    try {
      // Nobody calls sync.start: the scheduler (first pass 10 s after start) syncs it, then again.
      const done = await until('two scheduled syncs', () => {
        const succeeded = syncJobs(dataDir).filter((job) => job.status === 'succeeded');
        return succeeded.length >= 2 && succeeded;
      });
      expect(done.every((job) => (job.payload as { source: string }).source === 'okta-s')).toBe(true);
      const shown = await runVouch(['source', 'show', 'okta-s', '--json'], { env });
      expect(JSON.parse(shown.stdout)).toMatchObject({ lastSyncStatus: 'complete' });
    } finally {
      serve.child.kill('SIGTERM');
      expect((await serve.exited).code).toBe(0);
    }
  }, 150_000);
});
