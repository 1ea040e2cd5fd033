// The Entra ID connector through the real CLI and lane processes against the simulator: a complete sync
// whose counts equal the simulated tenant (disabled users and guests included, every dataset's artifact
// with its declared columns), a tenant without a P1/P2 licence (sign-in activity "not reported" with the
// reason, MFA registration not evaluable: never empty as if nobody signed in), a revoked permission (partial,
// naming it), count drift (partial), throttling waited out, and no secret in anything Vouch writes.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEntraSimulator, type EntraSimulator } from '../../sim/entra/index.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { openStore } from '../../src-main/engine/store/db.ts';
import type { SyncOutcome } from '../../src-main/engine/sync/sync-progress.ts';
import { runVouch, type CliResult } from '../helpers/cli.ts';

let sim: EntraSimulator;
let dir: string;
const outputs: CliResult[] = [];

const dataDir = () => path.join(dir, 'data');
async function vouch(...args: string[]): Promise<CliResult> {
  const result = await runVouch(args, { env: { VOUCH_DATA_DIR: dataDir(), VOUCH_LEASE_MS: '3000' } });
  outputs.push(result);
  return result;
}

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
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-entra-sync-'));
  // 1,300 users: two pages of 999, or eleven of 120 with sign-in activity. Ten-second windows shrink to one.
  sim = await startEntraSimulator({ users: 1300, seed: 21, timeScale: 10 });
  writeFileSync(path.join(dir, 'secret'), `${sim.clientSecret}\n`);
  writeFileSync(path.join(dir, 'ca.pem'), sim.caPem);
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('vouch with a Microsoft Entra ID tenant', () => {
  it('adds an Entra source with the flags issue 13 names and tests it', async () => {
    const add = await vouch(
      'source',
      'add',
      'entra',
      '--name',
      'entra',
      '--tenant-id',
      sim.tenantId,
      '--client-id',
      sim.clientId,
      '--client-secret-file',
      path.join(dir, 'secret'),
      '--authority-url',
      sim.authorityUrl,
      '--graph-url',
      sim.graphUrl,
      '--ca-file',
      path.join(dir, 'ca.pem'),
    );
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('entra: connected');
  });

  it('syncs every dataset completely, with counts equal to the simulated tenant', async () => {
    sim.resetStats();
    const { result, outcome } = await sync('entra');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(outcome.status).toBe('complete');
    const tenant = sim.tenant;

    const users = dataset(outcome, 'entra.users');
    expect(users.rows).toBe(tenant.users.length);
    expect(users.reportedCount).toBe(tenant.users.length);
    // Sign-in activity caps pages at 120 users.
    expect(users.pages).toBe(Math.ceil(tenant.users.length / 120));
    const userRows = await artifactRows(users.artifactId);
    for (const column of ['userPrincipalName', 'userType', 'accountEnabled', 'signInActivity', 'attributes'])
      expect(Object.keys(userRows[0]!)).toContain(column);
    const disabled = tenant.users.filter((u) => !u.accountEnabled);
    expect(disabled.length).toBeGreaterThan(0);
    const byId = new Map(userRows.map((r) => [r.id, r]));
    for (const user of disabled) {
      expect(byId.get(user.id)).toMatchObject({ status: 'disabled', accountEnabled: false });
    }
    const guests = tenant.users.filter((u) => u.userType === 'Guest');
    expect(userRows.filter((r) => r.userType === 'Guest')).toHaveLength(guests.length);
    const never = tenant.users.filter((u) => u.signInActivity === null);
    expect(userRows.filter((r) => r.signInActivity === 'never signed in')).toHaveLength(never.length);
    const signedIn = tenant.users.find((u) => u.signInActivity?.lastSignInDateTime)!;
    expect(byId.get(signedIn.id)?.last_login).toBe(signedIn.signInActivity!.lastSignInDateTime);

    const groups = dataset(outcome, 'entra.groups');
    expect(groups.rows).toBe(tenant.groups.length);
    expect(groups.reportedCount).toBe(tenant.groups.length);
    const userMemberships = [...tenant.members.values()].flat().filter((m) => m.kind === 'user').length;
    expect(dataset(outcome, 'entra.group_members').rows).toBe(userMemberships);

    expect(dataset(outcome, 'entra.applications').rows).toBe(tenant.applications.length);
    expect(dataset(outcome, 'entra.applications').reportedCount).toBe(tenant.applications.length);
    expect(dataset(outcome, 'entra.service_principals').rows).toBe(tenant.servicePrincipals.length);
    const owners = [...tenant.applications, ...tenant.servicePrincipals];
    const credentialCount = owners.reduce(
      (n, o) => n + o.passwordCredentials.length + o.keyCredentials.length,
      0,
    );
    const credentials = dataset(outcome, 'entra.app_credentials');
    expect(credentials.rows).toBe(credentialCount);
    // The connector's own expired secret is evidence too, with its expiry.
    const credentialRows = await artifactRows(credentials.artifactId);
    const own = tenant.applications.find((a) => a.appId === sim.clientId)!;
    const expired = own.passwordCredentials.find((p) => Date.parse(p.endDateTime) < Date.now())!;
    expect(credentialRows.find((r) => r.id === expired.keyId)).toMatchObject({
      type: 'client_secret',
      status: 'expired',
      expires: expired.endDateTime,
      owner_type: 'application',
    });

    expect(dataset(outcome, 'entra.role_definitions').rows).toBe(tenant.roleDefinitions.length);
    const assignments = dataset(outcome, 'entra.role_assignments');
    expect(assignments.rows).toBe(tenant.roleAssignments.length);
    const assignmentRows = await artifactRows(assignments.artifactId);
    const scoped = tenant.roleAssignments.filter((a) => a.directoryScopeId !== '/');
    expect(scoped.length).toBeGreaterThan(0);
    expect(assignmentRows.filter((r) => r.scope !== null)).toHaveLength(scoped.length);
    expect(new Set(assignmentRows.map((r) => r.principal_type))).toEqual(
      new Set(['user', 'group', 'service_principal']),
    );

    const mfa = dataset(outcome, 'entra.mfa_registration');
    const methods = tenant.registrationDetails.reduce((n, r) => n + r.methodsRegistered.length, 0);
    expect(mfa.rows).toBe(tenant.registrationDetails.length + methods);
    const mfaRows = await artifactRows(mfa.artifactId);
    const unregistered = tenant.registrationDetails.filter((r) => !r.isMfaRegistered);
    expect(mfaRows.filter((r) => r.factor_type === 'summary' && r.strength === 'none')).toHaveLength(
      unregistered.length,
    );
    expect(outcome.datasets.every((d) => d.complete && d.artifactId)).toBe(true);
    expect(sim.stats().requestsBeforeRetryAfter).toBe(0);
  });

  it('without a P1/P2 licence: sign-in activity "not reported" with the reason, MFA not evaluable', async () => {
    sim.setFaults({ noPremiumLicense: true });
    const { outcome } = await sync('entra');
    sim.setFaults({});
    expect(outcome.status).toBe('partial');
    const users = dataset(outcome, 'entra.users');
    expect(users.complete).toBe(true);
    const rows = await artifactRows(users.artifactId);
    expect(rows).toHaveLength(sim.tenant.users.length);
    for (const row of rows) {
      expect(row.signInActivity).toBe('not reported: the tenant has no Microsoft Entra ID P1 or P2 licence');
      expect(row.last_login).toBeNull();
    }
    const mfa = dataset(outcome, 'entra.mfa_registration');
    expect(mfa.complete).toBe(false);
    expect(mfa.reason).toContain('Not evaluable');
    expect(mfa.reason).toContain('P1 or P2');
    expect(outcome.datasets.filter((d) => !d.complete).map((d) => d.dataset)).toEqual([
      'entra.mfa_registration',
    ]);
  });

  it('ends partial naming the permission when Graph refuses role assignments', async () => {
    sim.setFaults({ forbiddenPaths: ['/v1.0/roleManagement'] });
    const { outcome } = await sync('entra');
    sim.setFaults({});
    expect(outcome.status).toBe('partial');
    for (const name of ['entra.role_definitions', 'entra.role_assignments']) {
      const ended = dataset(outcome, name);
      expect(ended.complete).toBe(false);
      expect(ended.reason).toContain('RoleManagement.Read.Directory');
    }
    expect(dataset(outcome, 'entra.users').complete).toBe(true);
  });

  it('marks users partial when Graph reports another count than it lists', async () => {
    sim.setFaults({ countDrift: { users: 3 } });
    const { outcome } = await sync('entra');
    sim.setFaults({});
    const users = dataset(outcome, 'entra.users');
    expect(users.reportedCount).toBe(sim.tenant.users.length + 3);
    expect(users.complete).toBe(false);
    expect(outcome.status).toBe('partial');
  });

  it('waits out throttling and server errors as Graph asks and completes', async () => {
    sim.resetStats();
    sim.setFaults({ throttle: { count: 4, status: 429, retryAfterSeconds: 1 } });
    const throttled = await sync('entra');
    sim.setFaults({ serverErrors: { count: 3, status: 503 } });
    const failing = await sync('entra');
    sim.setFaults({});
    expect(throttled.outcome.status, JSON.stringify(throttled.outcome)).toBe('complete');
    expect(failing.outcome.status, JSON.stringify(failing.outcome)).toBe('complete');
    expect(sim.stats().throttled).toBeGreaterThanOrEqual(4);
    expect(sim.stats().requestsBeforeRetryAfter).toBe(0);
  });

  it('writes the client secret nowhere: not in the data directory, not in any output', () => {
    const secrets = [sim.clientSecret];
    const leaks: string[] = [];
    const walk = (p: string) => {
      for (const name of readdirSync(p)) {
        const file = path.join(p, name);
        if (statSync(file).isDirectory()) walk(file);
        else {
          let bytes = readFileSync(file);
          if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
          for (const secret of secrets) {
            if (bytes.includes(secret) || bytes.includes(Buffer.from(secret, 'utf16le'))) leaks.push(file);
          }
        }
      }
    };
    walk(dataDir());
    for (const output of outputs) {
      for (const secret of secrets)
        if (output.stdout.includes(secret) || output.stderr.includes(secret)) leaks.push('CLI output');
    }
    expect(leaks).toEqual([]);
  });
});
