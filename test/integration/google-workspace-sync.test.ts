// The Google Workspace connector through the real CLI and lane processes, against the simulator: a
// complete sync whose counts equal the simulated domain (suspended, archived and deleted users present),
// every dataset's artifact with its declared columns, faults that must be survived, a missing optional
// scope that leaves only OAuth tokens partial and named, a refused privilege naming the permission, and no
// private key anywhere Vouch writes.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DELEGATED_SCOPES, DIRECTORY_SCOPES, startGoogleSimulator } from '../../sim/google/index.ts';
import type { GoogleSimulator } from '../../sim/google/index.ts';
import { googleWorkspaceConnector } from '../../src-main/engine/connectors/google-workspace/google-connector.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { openStore } from '../../src-main/engine/store/db.ts';
import type { SyncOutcome } from '../../src-main/engine/sync/sync-progress.ts';
import { runVouch, type CliResult } from '../helpers/cli.ts';

let sim: GoogleSimulator;
let dir: string;

const dataDir = () => path.join(dir, 'data');
const vouch = (...args: string[]): Promise<CliResult> =>
  runVouch(args, { env: { VOUCH_DATA_DIR: dataDir(), VOUCH_LEASE_MS: '3000' }, timeoutMs: 120_000 });

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

async function addSource(name: string, ...extra: string[]): Promise<CliResult> {
  return vouch(
    'source',
    'add',
    'google-workspace',
    '--name',
    name,
    '--service-account-file',
    path.join(dir, 'key.json'),
    '--admin-email',
    sim.adminEmail,
    '--api-url',
    sim.url,
    '--ca-file',
    path.join(dir, 'ca.pem'),
    ...extra,
  );
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-google-sync-'));
  // 1,100 users: three pages of 500, plus deleted ones; every common fault is switchable.
  sim = await startGoogleSimulator({ users: 1100, seed: 11, timeScale: 60 });
  writeFileSync(path.join(dir, 'key.json'), sim.keyFileJson);
  writeFileSync(path.join(dir, 'ca.pem'), sim.caPem);
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('vouch with a Google Workspace account', () => {
  it('adds the source with the key file and tests it', async () => {
    const add = await addSource('gws', '--customer-id', sim.customerId);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('gws: connected');
  });

  it('syncs every dataset completely, with counts equal to the simulated domain', async () => {
    sim.resetStats();
    const { result, outcome } = await sync('gws');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(outcome.status).toBe('complete');
    const d = sim.domain;
    const live = sim.index.liveUsers;
    const users = dataset(outcome, 'google.users');
    expect(users.rows).toBe(d.users.length);
    expect(users.pages).toBeGreaterThanOrEqual(4);
    // The Directory API reports no totals: nothing is claimed.
    expect(users.reportedCount).toBeNull();
    expect(dataset(outcome, 'google.two_step_verification').rows).toBe(live.length);
    expect(dataset(outcome, 'google.groups').rows).toBe(d.groups.length);
    const memberships = d.groups.reduce((n, g) => n + g.members.length, 0);
    const members = dataset(outcome, 'google.group_members');
    expect(members.rows).toBe(memberships);
    expect(members.reportedCount).toBe(memberships);
    expect(dataset(outcome, 'google.roles').rows).toBe(d.roles.length);
    expect(dataset(outcome, 'google.role_assignments').rows).toBe(d.roleAssignments.length);
    const grants = [...d.tokens.values()].reduce((n, t) => n + t.length, 0);
    expect(dataset(outcome, 'google.oauth_tokens').rows).toBe(grants);
    expect(outcome.datasets.every((x) => x.complete && x.artifactId)).toBe(true);
    expect(sim.stats().directoryRequestsByRoute['/admin/directory/v1/users/{userKey}/tokens']).toBe(
      live.length,
    );

    // Every artifact has exactly its declared columns.
    for (const declared of googleWorkspaceConnector.describe().datasets) {
      const rows = await artifactRows(dataset(outcome, declared.kind).artifactId);
      expect(rows.length, declared.kind).toBeGreaterThan(0);
      expect(Object.keys(rows[0] as object).sort(), declared.kind).toEqual([...declared.columns].sort());
    }

    // Suspended, archived and deleted users are present with their status and reason.
    const rows = await artifactRows(users.artifactId);
    const byId = new Map(rows.map((r) => [r.id ?? r.external_id, r]));
    const suspended = live.filter((u) => u.suspended);
    const archived = live.filter((u) => u.archived);
    const deleted = d.users.filter((u) => u.deletionTime !== null);
    expect(suspended.length * archived.length * deleted.length).toBeGreaterThan(0);
    for (const u of suspended)
      expect(byId.get(u.id)).toMatchObject({
        status: 'SUSPENDED',
        suspended: true,
        suspensionReason: u.suspensionReason,
      });
    for (const u of archived) expect(byId.get(u.id)).toMatchObject({ status: 'ARCHIVED', archived: true });
    for (const u of deleted) expect(byId.get(u.id)).toMatchObject({ status: 'DELETED', deleted: true });
    const admin = live[0];
    expect(byId.get(admin?.id)).toMatchObject({
      isAdmin: true,
      isEnrolledIn2Sv: true,
      email: sim.adminEmail,
    });

    // 2SV summary: not enrolled → strength none.
    const twoStep = await artifactRows(dataset(outcome, 'google.two_step_verification').artifactId);
    const notEnrolled = live.filter((u) => !u.isEnrolledIn2Sv).length;
    expect(twoStep.filter((r) => r.strength === 'none')).toHaveLength(notEnrolled);
    // Role assignments: org-unit scope kept.
    const assignments = await artifactRows(dataset(outcome, 'google.role_assignments').artifactId);
    expect(assignments.filter((r) => r.scope !== null)).toHaveLength(
      d.roleAssignments.filter((a) => a.scopeType === 'ORG_UNIT').length,
    );
    // OAuth grants carry their scopes.
    const tokens = await artifactRows(dataset(outcome, 'google.oauth_tokens').artifactId);
    expect(
      tokens.every(
        (r) => r.type === 'oauth_grant' && typeof r.scopes === 'string' && (r.scopes as string).length > 0,
      ),
    ).toBe(true);
  });

  it('survives 5xx, connection resets and 403 rate limits with the same complete result', async () => {
    sim.resetStats();
    sim.setFaults({
      serverErrors: { count: 2, status: 503 },
      resetEvery: 23,
      throttle: { count: 3, reason: 'userRateLimitExceeded' },
    });
    const { result, outcome } = await sync('gws');
    sim.setFaults({});
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(outcome.status).toBe('complete');
    expect(dataset(outcome, 'google.users').rows).toBe(sim.domain.users.length);
    const stats = sim.stats();
    expect(stats.connectionsReset).toBeGreaterThan(0);
    expect(stats.serverErrorsSent).toBe(2);
    expect(stats.throttled).toBe(3);
  });

  it('without the token scope only OAuth tokens are partial, naming the scope and why it is optional', async () => {
    sim.setDelegatedScopes(DEFAULT_DELEGATED_SCOPES.filter((s) => s !== DIRECTORY_SCOPES.security));
    const { result, outcome } = await sync('gws');
    sim.setDelegatedScopes(DEFAULT_DELEGATED_SCOPES);
    expect(result.code).toBe(4);
    expect(outcome.status).toBe('partial');
    const tokens = dataset(outcome, 'google.oauth_tokens');
    expect(tokens.complete).toBe(false);
    expect(tokens.reason).toContain(DIRECTORY_SCOPES.security);
    expect(tokens.reason).toContain('not read-only');
    expect(outcome.datasets.filter((x) => !x.complete).map((x) => x.dataset)).toEqual([
      'google.oauth_tokens',
    ]);
  });

  it('a refused privilege makes its datasets partial, naming the permission', async () => {
    sim.setFaults({ forbiddenPaths: ['/admin/directory/v1/groups'] });
    const { outcome } = await sync('gws');
    sim.setFaults({});
    expect(outcome.status).toBe('partial');
    const groups = dataset(outcome, 'google.groups');
    expect(groups.complete).toBe(false);
    expect(groups.reason).toContain('Not Authorized to access this resource/api');
    expect(groups.reason).toContain('admin.directory.group.readonly');
    expect(dataset(outcome, 'google.group_members').complete).toBe(false);
    expect(dataset(outcome, 'google.users').complete).toBe(true);
  });

  it('a deleted key fails authentication: nothing is marked complete', async () => {
    sim.setFaults({ keyDeleted: true });
    const { outcome } = await sync('gws');
    sim.setFaults({});
    expect(outcome.datasets.every((x) => !x.complete)).toBe(true);
    expect(outcome.errorClass).toBe('failed_authentication');
  });

  it('rotates the key through update-credentials', async () => {
    const rotate = await vouch(
      'source',
      'update-credentials',
      'gws',
      '--service-account-file',
      path.join(dir, 'key.json'),
    );
    expect(rotate.code, rotate.stderr).toBe(0);
    expect(rotate.stdout).toContain('gws: connected');
  });

  it('never writes the private key anywhere: data directory, artifacts, output', () => {
    const secret = sim.keyFile.private_key.split('\n')[1] as string;
    const leaks: string[] = [];
    const walk = (p: string) => {
      for (const name of readdirSync(p)) {
        const file = path.join(p, name);
        if (statSync(file).isDirectory()) walk(file);
        else {
          let bytes = readFileSync(file);
          if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
          if (bytes.includes(secret)) leaks.push(file);
        }
      }
    };
    walk(dataDir());
    expect(leaks).toEqual([]);
  });
});
