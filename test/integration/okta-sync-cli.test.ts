// The Okta vertical slice through the real CLI and lane processes, against the simulator: complete syncs
// with pagination and rate limits, faults that must be survived, faults that must end partial or failed,
// and the guarantee that the token never leaks into anything Vouch writes.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OktaOrgIndex, startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import { runVouch, type CliResult } from '../helpers/cli.ts';

let sim: OktaSimulator;
let dir: string;
const outputs: CliResult[] = [];

const env = () => ({ VOUCH_DATA_DIR: path.join(dir, 'data'), VOUCH_LEASE_MS: '3000' });
async function vouch(...args: string[]): Promise<CliResult> {
  const result = await runVouch(args, { env: env() });
  outputs.push(result);
  return result;
}

interface ArtifactListing {
  id: string;
  kind: string;
  rowCount: number;
  complete: boolean;
  sha256: string;
}

async function artifacts(): Promise<ArtifactListing[]> {
  const result = await vouch('artifacts', 'list', '--json');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as ArtifactListing[];
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-okta-cli-'));
  // Low limits in one-second windows, so pacing and several windows are exercised in a few seconds.
  sim = await startOktaSimulator({
    users: 450,
    seed: 11,
    timeScale: 60,
    rateLimits: { 'GET /api/v1/users': 2, '/api/v1/groups/{id}': 12 },
  });
  writeFileSync(path.join(dir, 'token'), `${sim.token}\n`);
  writeFileSync(path.join(dir, 'ca.pem'), sim.caPem);
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('vouch with an Okta org', () => {
  it('adds and tests a source', async () => {
    const add = await vouch(
      'source',
      'add',
      'okta',
      '--name',
      'okta-sim',
      '--domain',
      sim.host,
      '--token-file',
      path.join(dir, 'token'),
      '--ca-file',
      path.join(dir, 'ca.pem'),
    );
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('connected');
    const test = await vouch('source', 'test', 'okta-sim', '--json');
    expect(test.code).toBe(0);
    expect(JSON.parse(test.stdout)).toMatchObject({
      name: 'okta-sim',
      status: 'connected',
      errorClass: null,
    });
  });

  it('syncs every dataset completely within the rate limits', async () => {
    sim.resetStats();
    const sync = await vouch('sync', '--json');
    expect(sync.code, sync.stderr).toBe(0);
    const [outcome] = JSON.parse(sync.stdout);
    expect(outcome.status).toBe('complete');
    const byDataset = Object.fromEntries(outcome.datasets.map((d: { dataset: string }) => [d.dataset, d]));
    const org = sim.org;
    expect(byDataset['okta.users'].rows).toBe(org.users.length);
    expect(org.users.some((u) => u.status === 'DEPROVISIONED')).toBe(true);
    expect(byDataset['okta.users'].pages).toBeGreaterThanOrEqual(3);
    expect(byDataset['okta.groups'].rows).toBe(org.groups.length);
    const memberships = [...org.memberships.values()].reduce((n, members) => n + members.length, 0);
    expect(byDataset['okta.group_members'].rows).toBe(memberships);
    expect(byDataset['okta.group_members'].reportedCount).toBe(memberships);
    expect(byDataset['okta.apps'].rows).toBe(org.apps.length);
    // Each admin's effective roles (direct, and through groups as assignmentType GROUP), plus each group's own.
    const index = new OktaOrgIndex(org);
    const effectiveUserRoles = index.adminUserIds().reduce((n, id) => n + index.rolesOfUser(id).length, 0);
    const groupRoles = org.roleAssignments.filter((r) => r.assignmentType === 'GROUP').length;
    expect(groupRoles).toBeGreaterThan(0);
    expect(byDataset['okta.admin_roles'].rows).toBe(effectiveUserRoles + groupRoles);
    const stats = sim.stats();
    expect(stats.tooManyRequests).toBe(0);
    expect(stats.requestsWhileExhausted).toBe(0);

    const list = await artifacts();
    expect(list.map((a) => a.kind).sort()).toEqual([
      'okta.admin_roles',
      'okta.app_assignments',
      'okta.apps',
      'okta.group_members',
      'okta.groups',
      'okta.users',
    ]);
    expect(list.every((a) => a.complete && /^[0-9a-f]{64}$/.test(a.sha256))).toBe(true);
  });

  it('exports an artifact as CSV with every user, deprovisioned included', async () => {
    const users = (await artifacts()).find((a) => a.kind === 'okta.users')!;
    const out = path.join(dir, 'users.csv');
    const result = await vouch('export', users.id, '--format', 'csv', '--out', out);
    expect(result.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toContain('id,login,email');
    expect(lines).toHaveLength(sim.org.users.length + 1);
    expect(lines.some((line) => line.includes('DEPROVISIONED'))).toBe(true);
  });

  it('survives 5xx bursts and connection resets with the same complete result', async () => {
    sim.setFaults({ serverErrors: { count: 4, status: 503 }, resetEvery: 9 });
    const sync = await vouch('sync', 'okta-sim', '--json');
    sim.setFaults({});
    expect(sync.code, sync.stdout + sync.stderr).toBe(0);
    const [outcome] = JSON.parse(sync.stdout);
    expect(outcome.status).toBe('complete');
    expect(outcome.datasets.find((d: { dataset: string }) => d.dataset === 'okta.users').rows).toBe(
      sim.org.users.length,
    );
  });

  it('ends partial, names the dataset, and expires nothing when one endpoint is forbidden', async () => {
    sim.setFaults({ forbiddenPaths: ['/api/v1/iam'] });
    const sync = await vouch('sync', 'okta-sim', '--json');
    sim.setFaults({});
    expect(sync.code).toBe(4);
    const [outcome] = JSON.parse(sync.stdout);
    expect(outcome.status).toBe('partial');
    expect(outcome.expiredRows).toBe(0);
    const roles = outcome.datasets.find((d: { dataset: string }) => d.dataset === 'okta.admin_roles');
    expect(roles.complete).toBe(false);
    expect(roles.reason).toContain('admin role assignments');
    // The permission the connector declares for the dataset is named, so the admin knows what to grant.
    expect(roles.reason).toContain('okta.roles.read');
    const newest = (await artifacts()).filter((a) => a.kind === 'okta.admin_roles')[0]!;
    expect(newest.complete).toBe(false);
    const source = JSON.parse((await vouch('source', 'list', '--json')).stdout)[0];
    expect(source).toMatchObject({ status: 'failed', errorClass: 'missing_permissions' });
  });

  it('fails on a revoked token, keeps the last good data, and recovers after rotation', async () => {
    const before = await artifacts();
    sim.setFaults({ expiredToken: true });
    const sync = await vouch('sync', 'okta-sim', '--json');
    expect(sync.code).toBe(3);
    expect(JSON.parse(sync.stdout)[0]).toMatchObject({
      status: 'failed',
      errorClass: 'failed_authentication',
    });
    expect(await artifacts()).toHaveLength(before.length);
    const test = await vouch('source', 'test', 'okta-sim', '--json');
    expect(test.code).toBe(3);
    expect(JSON.parse(test.stdout).errorClass).toBe('failed_authentication');
    sim.setFaults({});
    const rotate = await vouch(
      'source',
      'update-credentials',
      'okta-sim',
      '--token-file',
      path.join(dir, 'token'),
    );
    expect(rotate.code).toBe(0);
    expect(rotate.stdout).toContain('connected');
  });

  it('recorded every action in an intact, hash-chained audit log', async () => {
    const list = await vouch('audit-log', 'list', '--json');
    expect(list.code).toBe(0);
    const actions = new Set((JSON.parse(list.stdout) as { action: string }[]).map((entry) => entry.action));
    for (const action of [
      'source_added',
      'connection_tested',
      'sync_completed',
      'artifact_exported',
      'credentials_rotated',
    ]) {
      expect(actions).toContain(action);
    }
    expect((await vouch('audit-log', 'verify')).code).toBe(0);
  });

  it('never writes the token anywhere: data directory, artifacts, exports, output', () => {
    const token = sim.token;
    const leaks: string[] = [];
    const walk = (p: string) => {
      for (const name of readdirSync(p)) {
        const file = path.join(p, name);
        if (statSync(file).isDirectory()) walk(file);
        else {
          let bytes = readFileSync(file);
          if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
          if (bytes.includes(token) || bytes.includes(Buffer.from(token, 'utf16le'))) leaks.push(file);
        }
      }
    };
    walk(path.join(dir, 'data'));
    walk(dir === '' ? '.' : path.join(dir)); // exports written beside the data directory
    for (const output of outputs) {
      if (output.stdout.includes(token) || output.stderr.includes(token)) leaks.push('CLI output');
    }
    // The token file itself is the only place it may be.
    expect(leaks.filter((file) => file !== path.join(dir, 'token'))).toEqual([]);
  });
});
