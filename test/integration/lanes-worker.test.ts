// `vouch worker` with real lane processes over the Okta simulator: two sources sync at once on two full lanes,
// a SIGKILLed lane is restarted and its job retried, a job that always fails ends dead and can be retried,
// and SIGTERM stops the worker cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import { JobQueue } from '../../src-main/engine/jobs/job-queue.ts';
import { syncLockKey } from '../../src-main/engine/lanes/sync-job.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';
import { runVouch } from '../helpers/cli.ts';

const launcher = fileURLToPath(new URL('../../bin/vouch.js', import.meta.url));
let sim: OktaSimulator;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'vouch-worker-'));
  sim = await startOktaSimulator({ users: 300, seed: 21, timeScale: 60 });
  writeFileSync(path.join(root, 'token'), `${sim.token}\n`);
  writeFileSync(path.join(root, 'ca.pem'), sim.caPem);
});
afterAll(async () => {
  await sim.close();
  rmSync(root, { recursive: true, force: true });
});

interface Setup {
  dataDir: string;
  markerDir: string;
  env: NodeJS.ProcessEnv;
}

async function setup(name: string, sources: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Setup> {
  const dataDir = path.join(root, name, 'data');
  const markerDir = path.join(root, name, 'markers');
  mkdirSync(markerDir, { recursive: true });
  const env = { VOUCH_DATA_DIR: dataDir, ...extraEnv };
  for (const source of sources) await addSource(env, source);
  return { dataDir, markerDir, env };
}

async function addSource(env: NodeJS.ProcessEnv, name: string): Promise<void> {
  const added = await runVouch(
    [
      'source',
      'add',
      'okta',
      '--name',
      name,
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
}

interface Worker {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

function startWorker(env: NodeJS.ProcessEnv, args: string[]): Worker {
  const child = spawn(process.execPath, [launcher, 'worker', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stderr: () => stderr, exited };
}

async function until<T>(
  what: string,
  probe: () => T | null | undefined | false,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function withQueue<T>(dataDir: string, use: (queue: JobQueue, store: Store) => T): T {
  const store = openStore(dataDir);
  try {
    return use(new JobQueue(store.sqlite), store);
  } finally {
    store.close();
  }
}

function enqueueSync(dataDir: string, source: string, maxAttempts = 3): number {
  return withQueue(
    dataDir,
    (queue) => queue.enqueueOrJoin('sync', { source }, { lockKey: syncLockKey(source), maxAttempts }).id,
  );
}

function job(dataDir: string, id: number) {
  return withQueue(dataDir, (queue) => queue.get(id));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopWorker(worker: Worker): Promise<{ code: number | null; signal: string | null }> {
  worker.child.kill('SIGTERM');
  return worker.exited;
}

describe('vouch worker', () => {
  it('syncs two sources at once on two full lanes', async () => {
    const { dataDir, markerDir, env } = await setup('parallel', ['okta-a', 'okta-b'], {
      VOUCH_TEST_STOP_AT: 'listing',
    });
    env.VOUCH_TEST_MARKER_DIR = markerDir;
    const worker = startWorker(env, ['--lane', 'full', '--lane', 'full']);
    try {
      const a = enqueueSync(dataDir, 'okta-a');
      const b = enqueueSync(dataDir, 'okta-b');
      // The first lane to list stops itself there, holding its job under a live lease (30 s by default).
      const marker = path.join(markerDir, 'listing');
      const pid = Number(
        await until('a lane to stop at listing', () => existsSync(marker) && readFileSync(marker, 'utf8')),
      );
      const stoppedJob = await until('the stopped lane to own its job', () =>
        [a, b]
          .map((id) => job(dataDir, id)!)
          .find((j) => j.owner === `full:${pid}` && j.status === 'running'),
      );
      const otherId = stoppedJob.id === a ? b : a;
      // The other source completes on the second lane while the first sync is still under way.
      await until('the other source to sync', () => job(dataDir, otherId)?.status === 'succeeded');
      expect(job(dataDir, stoppedJob.id)).toMatchObject({ status: 'running', owner: `full:${pid}` });
      process.kill(pid, 'SIGCONT');
      await until('the stopped sync to finish', () => job(dataDir, stoppedJob.id)?.status === 'succeeded');
      expect(job(dataDir, stoppedJob.id)?.attempts).toBe(1);
    } finally {
      expect((await stopWorker(worker)).code).toBe(0);
    }
  });

  it('restarts a SIGKILLed lane and retries its job', async () => {
    const { dataDir, markerDir, env } = await setup('kill', ['okta-k'], {
      VOUCH_TEST_STOP_AT: 'writing_rows',
      // Long enough that a busy machine (tests run side by side) renews in time.
      VOUCH_LEASE_MS: '5000',
    });
    env.VOUCH_TEST_MARKER_DIR = markerDir;
    const worker = startWorker(env, ['--lane', 'full']);
    try {
      const id = enqueueSync(dataDir, 'okta-k');
      const marker = path.join(markerDir, 'writing_rows');
      const pid = Number(
        await until('the lane to stop mid-write', () => existsSync(marker) && readFileSync(marker, 'utf8')),
      );
      process.kill(pid, 'SIGKILL');
      await until('the job to be retried and succeed', () => job(dataDir, id)?.status === 'succeeded');
      expect(job(dataDir, id)?.attempts).toBe(2);
      expect(job(dataDir, id)?.owner).not.toBe(`full:${pid}`);
      expect(worker.stderr()).toMatch(/full lane 1: killed by SIGKILL; restarting/);
      const artifacts = await runVouch(['artifacts', 'list', '--json'], { env });
      const listed = JSON.parse(artifacts.stdout) as { complete: boolean }[];
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((artifact) => artifact.complete)).toBe(true);
    } finally {
      expect((await stopWorker(worker)).code).toBe(0);
    }
  });

  it('puts a job that always fails in the dead letters, and retries it on request', async () => {
    const { dataDir, env } = await setup('dead', []);
    const worker = startWorker(env, ['--lane', 'full']);
    try {
      // A sync of a source that does not exist (yet) fails on every attempt.
      const id = enqueueSync(dataDir, 'okta-late', 2);
      await until('the job to die', () => job(dataDir, id)?.status === 'failed');
      const listed = await runVouch(['jobs', 'list', '--state', 'dead', '--json'], { env });
      expect(listed.code, listed.stderr).toBe(0);
      const dead = JSON.parse(listed.stdout) as { id: number; attempts: number; lastError: string }[];
      expect(dead.map((j) => j.id)).toEqual([id]);
      expect(dead[0]!.attempts).toBe(2);
      expect(dead[0]!.lastError).toMatch(/okta-late/);
      expect(dead[0]!.lastError).toMatch(/gave up after 2 attempts/);
      expect(dead[0]!.lastError).not.toContain(sim.token);

      await addSource(env, 'okta-late');
      const retried = await runVouch(['jobs', 'retry', String(id)], { env });
      expect(retried.code, retried.stderr).toBe(0);
      expect(retried.stdout).toContain(`Job ${id} is queued again.`);
      await until('the retried job to succeed', () => job(dataDir, id)?.status === 'succeeded');
      const none = await runVouch(['jobs', 'list', '--state', 'dead', '--json'], { env });
      expect(JSON.parse(none.stdout)).toEqual([]);
    } finally {
      expect((await stopWorker(worker)).code).toBe(0);
    }
  });

  it('stops cleanly on SIGTERM: its lanes exit and a running job is finished or released', async () => {
    const { dataDir, markerDir, env } = await setup('sigterm', ['okta-t'], { VOUCH_TEST_STOP_AT: 'listing' });
    env.VOUCH_TEST_MARKER_DIR = markerDir;
    const worker = startWorker(env, ['--lane', 'full', '--lane', 'tail']);
    const id = enqueueSync(dataDir, 'okta-t');
    const marker = path.join(markerDir, 'listing');
    const pid = Number(
      await until('the lane to stop at listing', () => existsSync(marker) && readFileSync(marker, 'utf8')),
    );
    worker.child.kill('SIGTERM');
    // The lane reads the worker's stop message once it runs again.
    await until('the worker to ask its lanes to stop', () =>
      worker.stderr().includes('SIGTERM, stopping lanes'),
    );
    process.kill(pid, 'SIGCONT');
    const exit = await worker.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(worker.stderr()).toContain('vouch worker: stopped');
    expect(alive(pid)).toBe(false);
    const after = job(dataDir, id)!;
    // Released jobs are queued again for the next lane, with the attempt not counted; never left running.
    expect(['succeeded', 'queued']).toContain(after.status);
    if (after.status === 'queued') expect(after).toMatchObject({ owner: null, attempts: 0 });
  });
});
