// The Datadog connector through the real CLI: a complete sync whose datasets equal the simulated org
// (disabled and pending users present, service accounts apart, roles with permission names, role
// assignments reconciled with user_count), a key scoped without user_access_read that must end partial
// naming it, a total_count that disagrees with the listing, rate limits waited out, and no key anywhere
// Vouch writes.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatadogSimulator, type DatadogSimulator } from '../../sim/datadog/index.ts';
import { datadogConnector } from '../../src-main/engine/connectors/datadog/datadog-connector.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { openStore } from '../../src-main/engine/store/db.ts';
import type { SyncOutcome } from '../../src-main/engine/sync/sync-progress.ts';
import { runVouch, type CliResult } from '../helpers/cli.ts';

let sim: DatadogSimulator;
let dir: string;

const dataDir = () => path.join(dir, 'data');
const vouch = (...args: string[]): Promise<CliResult> =>
  runVouch(args, { env: { VOUCH_DATA_DIR: dataDir(), VOUCH_LEASE_MS: '3000' } });

async function sync(name: string): Promise<{ result: CliResult; outcome: SyncOutcome }> {
  const result = await vouch('sync', name, '--json');
  const [outcome] = JSON.parse(result.stdout) as SyncOutcome[];
  return { result, outcome: outcome as SyncOutcome };
}

function dataset(outcome: SyncOutcome, name: string) {
  const found = outcome.datasets.find((d) => d.dataset === name);
  if (!found) throw new Error(`no dataset ${name} in ${outcome.datasets.map((d) => d.dataset).join(', ')}`);
  return found;
}

async function artifactRows(artifactId: string | null): Promise<Record<string, unknown>[]> {
  const store = openStore(dataDir());
  try {
    const rows: Record<string, unknown>[] = [];
    for await (const row of readArtifactRows(getArtifact(store, artifactId as string))) rows.push(row);
    return rows;
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-datadog-sync-'));
  // 430 users and 9 service accounts: five pages of 100; a period of one second for the rate-limit test.
  sim = await startDatadogSimulator({ users: 430, serviceAccounts: 9, seed: 11, timeScale: 60 });
  writeFileSync(path.join(dir, 'api-key'), `${sim.apiKey}\n`);
  writeFileSync(path.join(dir, 'app-key'), `${sim.appKey}\n`);
  writeFileSync(path.join(dir, 'ca.pem'), sim.caPem);
  const add = await vouch(
    'source',
    'add',
    'datadog',
    '--name',
    'dd',
    '--site',
    'datadoghq.eu',
    '--base-url',
    sim.url,
    '--api-key-file',
    path.join(dir, 'api-key'),
    '--app-key-file',
    path.join(dir, 'app-key'),
    '--ca-file',
    path.join(dir, 'ca.pem'),
  );
  expect(add.code, add.stdout + add.stderr).toBe(0);
  expect(add.stdout).toContain('dd: connected');
});

afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('vouch with a Datadog org', () => {
  it('syncs every dataset completely, with the columns it declares and counts equal to the org', async () => {
    const { result, outcome } = await sync('dd');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(outcome.status).toBe('complete');
    const humans = sim.org.users.filter((u) => !u.serviceAccount);
    const services = sim.org.users.filter((u) => u.serviceAccount);

    const users = dataset(outcome, 'datadog.users');
    expect([users.rows, users.reportedCount]).toEqual([humans.length, humans.length]);
    expect(users.pages).toBeGreaterThanOrEqual(5);
    const userRows = await artifactRows(users.artifactId);
    const declared = datadogConnector.describe().datasets.find((d) => d.kind === 'datadog.users')!;
    expect(Object.keys(userRows[0]!)).toEqual(declared.columns);
    const byId = new Map(userRows.map((r) => [r.id, r]));
    const disabled = humans.find((u) => u.status === 'Disabled')!;
    const pending = humans.find((u) => u.status === 'Pending')!;
    expect(byId.get(disabled.id)).toMatchObject({
      status: 'Disabled',
      email: disabled.email,
      disabled: true,
    });
    expect(byId.get(pending.id)).toMatchObject({ status: 'Pending', last_login: null });
    expect(userRows.every((r) => r.service_account === false)).toBe(true);

    const serviceAccounts = dataset(outcome, 'datadog.service_accounts');
    expect(serviceAccounts.rows).toBe(services.length);
    const serviceRows = await artifactRows(serviceAccounts.artifactId);
    expect(serviceRows.map((r) => r.id).sort()).toEqual(services.map((u) => u.id).sort());
    expect(serviceRows.every((r) => r.service_account === true)).toBe(true);

    const roles = dataset(outcome, 'datadog.roles');
    expect([roles.rows, roles.reportedCount]).toEqual([sim.org.roles.length, sim.org.roles.length]);
    const roleRows = await artifactRows(roles.artifactId);
    const admin = roleRows.find((r) => r.name === 'Datadog Admin Role')!;
    expect(admin).toMatchObject({ built_in: true, privileged: true });
    expect(String(admin.permissions)).toContain('user_access_manage');
    const readOnly = roleRows.find((r) => r.name === 'Datadog Read Only Role')!;
    expect(readOnly).toMatchObject({ built_in: true, privileged: false });
    const custom = roleRows.find((r) => r.name === 'Security Engineers')!;
    expect(custom.built_in).toBe(false);

    const assignments = dataset(outcome, 'datadog.role_assignments');
    const expected = sim.org.users.reduce((n, u) => n + u.roleIds.length, 0);
    expect([assignments.rows, assignments.reportedCount]).toEqual([expected, expected]);
    const assignmentRows = await artifactRows(assignments.artifactId);
    const serviceHolder = services[0]!;
    expect(assignmentRows.filter((r) => r.principal_id === serviceHolder.id)).toEqual([
      expect.objectContaining({
        principal_type: 'service_account',
        role_assignment_id: serviceHolder.roleIds[0],
      }),
    ]);
    expect(outcome.datasets.every((d) => d.complete && d.artifactId)).toBe(true);
  });

  it('ends partial naming user_access_read when the application key is scoped without it', async () => {
    sim.setAppKeyScopes(['dashboards_read']);
    try {
      const { outcome } = await sync('dd');
      expect(outcome.status).not.toBe('complete');
      for (const name of [
        'datadog.users',
        'datadog.service_accounts',
        'datadog.roles',
        'datadog.role_assignments',
      ]) {
        const d = dataset(outcome, name);
        expect(d.complete).toBe(false);
        expect(d.reason).toContain('user_access_read');
      }
      const test = await vouch('source', 'test', 'dd', '--json');
      expect(test.stdout).toContain('missing_permissions');
      expect(test.stdout).toContain('user_access_read');
    } finally {
      sim.setAppKeyScopes(null);
    }
  });

  it('marks users partial when total_count disagrees with the listing', async () => {
    sim.setFaults({ countSkew: 2 });
    try {
      const { outcome } = await sync('dd');
      const users = dataset(outcome, 'datadog.users');
      expect(users.complete).toBe(false);
      expect(users.reason).toMatch(/reports/);
      expect(dataset(outcome, 'datadog.service_accounts').complete).toBe(false);
    } finally {
      sim.setFaults({});
    }
  });

  it('waits out 429s (X-RateLimit-Reset) and 5xx and still completes', async () => {
    // Two user pages per one-second period: the listing meets 429s and waits for the reset.
    const slow = await startDatadogSimulator({
      users: 430,
      serviceAccounts: 9,
      seed: 11,
      timeScale: 60,
      rateLimits: { users: 2 },
      faults: { serverErrors: { count: 2, status: 503 } },
    });
    try {
      writeFileSync(path.join(dir, 'slow-api-key'), `${slow.apiKey}\n`);
      writeFileSync(path.join(dir, 'slow-app-key'), `${slow.appKey}\n`);
      const add = await vouch(
        'source',
        'add',
        'datadog',
        '--name',
        'dd-slow',
        '--base-url',
        slow.url,
        '--api-key-file',
        path.join(dir, 'slow-api-key'),
        '--app-key-file',
        path.join(dir, 'slow-app-key'),
        '--ca-file',
        path.join(dir, 'ca.pem'),
        '--no-test',
      );
      expect(add.code, add.stdout + add.stderr).toBe(0);
      const { outcome } = await sync('dd-slow');
      expect(outcome.status).toBe('complete');
      expect(dataset(outcome, 'datadog.users').rows).toBe(430);
      expect(slow.stats().serverErrorsSent).toBe(2);
      expect(slow.stats().tooManyRequests).toBeGreaterThan(0);
    } finally {
      await slow.close();
    }
  });

  it('writes no key into the data directory', () => {
    const files: string[] = [];
    const walk = (p: string) => {
      for (const name of readdirSync(p)) {
        const full = path.join(p, name);
        if (statSync(full).isDirectory()) walk(full);
        else files.push(full);
      }
    };
    walk(dataDir());
    for (const file of files) {
      const content = readFileSync(file);
      expect(content.includes(sim.apiKey), file).toBe(false);
      expect(content.includes(sim.appKey), file).toBe(false);
    }
  });
});
