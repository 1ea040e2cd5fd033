// Evidence integrity under concurrency and faults, with real `vouch` processes and real lanes (issue 8): three
// syncs of one source at once, a lane paused past its lease while another sync runs, and a lane SIGKILLed at
// each phase. Whatever happens, every artifact marked complete holds exactly the org's rows (the same content
// as a clean sync of this never-changing org), nothing is expired, and every run ends with a final status.
// Lanes are stopped at a precise phase by the test-only hook (src-main/engine/sync/phase-hook.ts): the test
// waits for its marker file, never for a length of time.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { openStore } from '../../src-main/engine/store/db.ts';
import { syncPhases, type SyncPhase } from '../../src-main/engine/sync/phase-hook.ts';
import { runVouch, type CliResult } from '../helpers/cli.ts';

const launcher = fileURLToPath(new URL('../../bin/vouch.js', import.meta.url));
const identityTables = ['accounts', 'groups', 'group_members', 'apps', 'app_assignments', 'admin_roles'];

let sim: OktaSimulator;
let root: string;
/** sha256 of each dataset's complete artifact from a clean, undisturbed sync: the org's exact rows. */
let reference: Map<string, string>;

function newDataDir(name: string): string {
  const dataDir = path.join(root, name);
  mkdirSync(path.join(dataDir, 'markers'), { recursive: true });
  return dataDir;
}

/**
 * A copy of the reference data directory: the source added and one complete sync done (so a sweep has
 * something it could wrongly expire), without spending two more CLI runs per test.
 */
function seededDataDir(name: string): string {
  const dataDir = path.join(root, name);
  cpSync(path.join(root, 'reference'), dataDir, { recursive: true });
  return dataDir;
}

const envFor = (dataDir: string, extra: Record<string, string> = {}) => ({
  VOUCH_DATA_DIR: dataDir,
  VOUCH_LEASE_MS: '8000',
  ...extra,
});

async function addSource(dataDir: string): Promise<void> {
  const add = await runVouch(
    [
      'source',
      'add',
      'okta',
      '--name',
      'okta',
      '--domain',
      sim.host,
      '--token-file',
      path.join(root, 'token'),
      '--ca-file',
      path.join(root, 'ca.pem'),
    ],
    { env: envFor(dataDir) },
  );
  expect(add.code, add.stderr).toBe(0);
}

/** A `vouch sync --json` process still running, so the test can act while it works. */
function startSync(
  env: Record<string, string>,
  args = ['sync', 'okta', '--json'],
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [launcher, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  if (process.env.INTEGRITY_DEBUG) child.stderr!.pipe(process.stderr);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

async function waitFor<T>(what: string, probe: () => T | undefined | false): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The pid of the lane that stopped itself at `phase` (SIGSTOP), once its marker is there. */
function stoppedLane(dataDir: string, phase: SyncPhase): Promise<number> {
  const marker = path.join(dataDir, 'markers', phase);
  return waitFor(`the lane to reach ${phase}`, () => {
    if (!existsSync(marker)) return undefined;
    const pid = Number(readFileSync(marker, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  });
}

const hook = (dataDir: string, phase: SyncPhase) => ({
  VOUCH_TEST_STOP_AT: phase,
  VOUCH_TEST_MARKER_DIR: path.join(dataDir, 'markers'),
});

interface SyncJson {
  runId: number;
  status: string;
  joined?: boolean;
  datasets: { dataset: string; rows: number; complete: boolean; artifactId: string | null }[];
}

function parseOutcome(result: CliResult): SyncJson {
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  const outcomes = JSON.parse(result.stdout) as SyncJson[];
  expect(outcomes).toHaveLength(1);
  return outcomes[0]!;
}

interface RunRow {
  id: number;
  status: string;
  reason: string | null;
}

/**
 * What a user relies on: every complete artifact reads back (hash verified) with exactly the reference
 * content, no artifact of an abandoned run is listed, nothing is expired, no run is left "running", every
 * abandoned run says why, and no temp file is left behind.
 */
async function expectEvidenceIntact(dataDir: string): Promise<RunRow[]> {
  const store = openStore(dataDir);
  try {
    const complete = store.sqlite
      .prepare('SELECT id, kind, sha256, row_count AS rows FROM artifacts WHERE complete = 1')
      .all() as { id: string; kind: string; sha256: string; rows: number }[];
    expect(complete.length).toBeGreaterThanOrEqual(reference.size);
    for (const artifact of complete) {
      expect(reference.has(artifact.kind), artifact.kind).toBe(true);
      expect(artifact.sha256, `${artifact.kind} (${artifact.rows} rows)`).toBe(reference.get(artifact.kind));
      let rows = 0;
      for await (const _row of readArtifactRows(getArtifact(store, artifact.id))) rows++;
      expect(rows).toBe(artifact.rows);
    }
    const ofAbandoned = store.sqlite
      .prepare(
        `SELECT count(*) FROM artifacts JOIN sync_runs ON sync_runs.id = artifacts.run_id
         WHERE sync_runs.status <> 'complete' AND sync_runs.status <> 'partial'`,
      )
      .pluck()
      .get();
    expect(ofAbandoned).toBe(0);
    for (const table of identityTables) {
      const expired = store.sqlite
        .prepare(`SELECT count(*) FROM ${table} WHERE expired_at IS NOT NULL`)
        .pluck()
        .get();
      expect(expired, `${table} rows expired`).toBe(0);
    }
    const runs = store.sqlite
      .prepare('SELECT id, status, reason FROM sync_runs ORDER BY id')
      .all() as RunRow[];
    for (const run of runs) {
      expect(['complete', 'partial', 'failed', 'abandoned']).toContain(run.status);
      if (run.status === 'abandoned') expect(run.reason).toMatch(/\w/);
    }
    const temps = readdirSync(path.join(dataDir, 'artifacts')).filter((name) => name.startsWith('.tmp-'));
    expect(temps).toEqual([]);
    return runs;
  } finally {
    store.close();
  }
}

/** Rows a run stamped as seen: after a newer complete run of the whole org, a stale run must have none. */
function rowsStampedBy(dataDir: string, runId: number): number {
  const store = openStore(dataDir);
  try {
    return identityTables.reduce(
      (n, table) =>
        n +
        Number(
          store.sqlite.prepare(`SELECT count(*) FROM ${table} WHERE last_seen_run = ?`).pluck().get(runId),
        ),
      0,
    );
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'vouch-integrity-'));
  sim = await startOktaSimulator({ users: 260, seed: 23, timeScale: 60 });
  writeFileSync(path.join(root, 'token'), `${sim.token}\n`);
  writeFileSync(path.join(root, 'ca.pem'), sim.caPem);
  // The reference: one clean sync, checked against the org itself where the counts are plain.
  const dataDir = newDataDir('reference');
  await addSource(dataDir);
  const outcome = parseOutcome(
    await runVouch(['sync', 'okta', '--json'], { env: envFor(dataDir), timeoutMs: 200_000 }),
  );
  expect(outcome.status).toBe('complete');
  const rows = Object.fromEntries(outcome.datasets.map((d) => [d.dataset, d.rows]));
  expect(rows['okta.users']).toBe(sim.org.users.length);
  expect(rows['okta.groups']).toBe(sim.org.groups.length);
  expect(rows['okta.apps']).toBe(sim.org.apps.length);
  const store = openStore(dataDir);
  try {
    const written = store.sqlite.prepare('SELECT kind, sha256 FROM artifacts WHERE complete = 1').all() as {
      kind: string;
      sha256: string;
    }[];
    reference = new Map(written.map((a) => [a.kind, a.sha256]));
    expect(reference.size).toBe(outcome.datasets.length);
  } finally {
    store.close();
  }
}, 240_000);

afterAll(async () => {
  await sim.close();
  rmSync(root, { recursive: true, force: true });
});

describe('concurrent syncs of one source', () => {
  it('three `vouch sync` at once all exit 0; the later ones join the running sync and say so', async () => {
    const dataDir = seededDataDir('three');
    // A long lease: the first lane is only held at a phase here, never past its lease.
    const first = startSync(envFor(dataDir, { VOUCH_LEASE_MS: '60000', ...hook(dataDir, 'writing_rows') }));
    const pid = await stoppedLane(dataDir, 'writing_rows');
    const second = startSync(envFor(dataDir, { VOUCH_LEASE_MS: '60000' }));
    const third = startSync(envFor(dataDir, { VOUCH_LEASE_MS: '60000' }));
    let joinedLines = '';
    second.child.stderr!.on('data', (d: Buffer) => (joinedLines += d.toString()));
    third.child.stderr!.on('data', (d: Buffer) => (joinedLines += d.toString()));
    await waitFor('both later syncs to say they joined', () => {
      return (joinedLines.match(/already running; waiting for it/g) ?? []).length === 2;
    });
    process.kill(pid, 'SIGCONT');

    const [a, b, c] = (await Promise.all([first.done, second.done, third.done])).map(parseOutcome);
    expect(a!.status).toBe('complete');
    expect(a!.joined).toBeUndefined();
    for (const later of [b!, c!]) {
      expect(later).toMatchObject({ status: 'complete', joined: true, runId: a!.runId });
    }
    const runs = await expectEvidenceIntact(dataDir);
    expect(runs.map((r) => r.status)).toEqual(['complete', 'complete']);
  }, 240_000);

  it('a joined `vouch sync` says so in its human output too', async () => {
    const dataDir = seededDataDir('human');
    const held = startSync(envFor(dataDir, { VOUCH_LEASE_MS: '60000', ...hook(dataDir, 'listing') }));
    const heldPid = await stoppedLane(dataDir, 'listing');
    const human = startSync(envFor(dataDir, { VOUCH_LEASE_MS: '60000' }), ['sync', 'okta']);
    let humanErr = '';
    human.child.stderr!.on('data', (d: Buffer) => (humanErr += d.toString()));
    await waitFor('the human sync to say it joined', () => humanErr.includes('already running'));
    process.kill(heldPid, 'SIGCONT');
    const [humanResult, heldResult] = await Promise.all([human.done, held.done]);
    expect(heldResult.code, heldResult.stderr).toBe(0);
    expect(humanResult.code, humanResult.stderr).toBe(0);
    expect(humanResult.stdout).toContain('okta: sync complete');
    expect(humanResult.stdout).toContain('joined the sync of this source that was already running');
    await expectEvidenceIntact(dataDir);
  }, 240_000);

  it('three `vouch sync` started together all exit 0 with exact evidence', async () => {
    const dataDir = seededDataDir('together');
    sim.setFaults({ slowPagesMs: 20 });
    try {
      const results = await Promise.all([0, 1, 2].map(() => startSync(envFor(dataDir)).done));
      const outcomes = results.map(parseOutcome);
      for (const outcome of outcomes) expect(outcome.status).toBe('complete');
      // A joined sync reports the run it joined, which one of the others ran.
      const ran = new Set(outcomes.filter((o) => !o.joined).map((o) => o.runId));
      for (const outcome of outcomes.filter((o) => o.joined)) expect(ran).toContain(outcome.runId);
    } finally {
      sim.setFaults({});
    }
    const runs = await expectEvidenceIntact(dataDir);
    expect(runs.every((r) => r.status === 'complete')).toBe(true);
  });
});

describe('a lane paused past its lease while another sync runs', () => {
  for (const phase of ['writing_rows', 'writing_artifacts'] as const) {
    it(`commits nothing once resumed (paused while ${phase})`, async () => {
      const dataDir = seededDataDir(`paused-${phase}`);

      const stale = startSync(envFor(dataDir, hook(dataDir, phase)));
      const pid = await stoppedLane(dataDir, phase);
      // Stopped (SIGSTOP, as a sleeping laptop): its 8 s lease runs out; a second sync takes the source over.
      const second = parseOutcome(await runVouch(['sync', 'okta', '--json'], { env: envFor(dataDir) }));
      expect(second.status).toBe('complete');
      process.kill(pid, 'SIGCONT');
      const first = parseOutcome(await stale.done);
      expect(first.runId).toBe(second.runId);

      const runs = await expectEvidenceIntact(dataDir);
      expect(runs.map((r) => r.status)).toEqual(['complete', 'abandoned', 'complete']);
      expect(runs[1]!.reason).toMatch(/lost its lease|took over/);
      expect(rowsStampedBy(dataDir, runs[1]!.id)).toBe(0);
    });
  }
});

describe('a lane SIGKILLed mid-sync', () => {
  for (const phase of syncPhases) {
    it(`leaves exact evidence and a retry completes (killed while ${phase})`, async () => {
      const dataDir = seededDataDir(`killed-${phase}`);

      const sync = startSync(envFor(dataDir, hook(dataDir, phase)));
      const pid = await stoppedLane(dataDir, phase);
      process.kill(pid, 'SIGKILL');
      // The same `vouch sync` starts a new lane once the lease runs out; that lane passes the phase.
      const outcome = parseOutcome(await sync.done);
      expect(outcome.status).toBe('complete');

      const runs = await expectEvidenceIntact(dataDir);
      expect(runs.map((r) => r.status)).toEqual(['complete', 'abandoned', 'complete']);
      expect(runs[2]!.id).toBe(outcome.runId);
    });
  }
});
