// The AWS IAM Identity Center connector through the real CLI against the simulator (SigV4 verified):
// instance discovery, every dataset equal to the simulated instance, disabled users present, short pages
// followed to the end, UserStatus absent reported as such, AccessDenied ending partial naming the action,
// and no secret in the data directory.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsSimulator, type AwsSimulator } from '../../sim/aws/index.ts';
import { awsIdentityCenterConnector } from '../../src-main/engine/connectors/aws/aws-connector.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { openStore } from '../../src-main/engine/store/db.ts';
import type { SyncOutcome } from '../../src-main/engine/sync/sync-progress.ts';
import { runVouch, type CliResult } from '../helpers/cli.ts';

let sim: AwsSimulator;
let dir: string;
const dataDir = () => path.join(dir, 'data');
const vouch = (...args: string[]): Promise<CliResult> =>
  runVouch(args, { env: { VOUCH_DATA_DIR: dataDir(), VOUCH_LEASE_MS: '3000' } });

async function sync(name: string): Promise<SyncOutcome> {
  const result = await vouch('sync', name, '--json');
  const [outcome] = JSON.parse(result.stdout) as SyncOutcome[];
  return outcome as SyncOutcome;
}

function dataset(outcome: SyncOutcome, name: string) {
  const found = outcome.datasets.find((d) => d.dataset === name);
  if (!found) throw new Error(`no dataset ${name}`);
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
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-aws-sync-'));
  sim = await startAwsSimulator({ users: 260, seed: 6, accounts: 5, temporaryCredentials: true });
  writeFileSync(path.join(dir, 'secret'), `${sim.secretAccessKey}\n`);
  writeFileSync(path.join(dir, 'session'), `${sim.sessionToken}\n`);
  writeFileSync(path.join(dir, 'ca.pem'), sim.caPem);
  const add = await vouch(
    'source',
    'add',
    'aws-identity-center',
    '--name',
    'aws',
    '--region',
    sim.region,
    '--access-key-id',
    sim.accessKeyId,
    '--secret-access-key-file',
    path.join(dir, 'secret'),
    '--session-token-file',
    path.join(dir, 'session'),
    '--endpoint-url',
    sim.url,
    '--ca-file',
    path.join(dir, 'ca.pem'),
  );
  expect(add.code, add.stdout + add.stderr).toBe(0);
  expect(add.stdout).toContain('aws: connected');
});

afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('vouch with AWS IAM Identity Center', () => {
  it('syncs every dataset completely, following short pages to the end', async () => {
    sim.setFaults({ shortPages: true });
    const outcome = await sync('aws');
    sim.setFaults({});
    expect(outcome.status).toBe('complete');
    const org = sim.org;
    const users = dataset(outcome, 'aws.users');
    expect([users.rows, users.reportedCount]).toEqual([org.users.length, null]);
    expect(users.pages).toBe(Math.ceil(org.users.length / 50));
    const userRows = await artifactRows(users.artifactId);
    const declared = awsIdentityCenterConnector.describe().datasets.find((d) => d.kind === 'aws.users')!;
    expect(Object.keys(userRows[0]!)).toEqual(declared.columns);
    const disabled = org.users.find((u) => u.status === 'DISABLED')!;
    expect(userRows.find((r) => r.id === disabled.userId)).toMatchObject({
      status: 'DISABLED',
      email: disabled.email,
    });
    const scim = org.users.find((u) => u.externalId)!;
    expect(userRows.find((r) => r.id === scim.userId)?.idp_external_id).toBe(scim.externalId!.id);
    expect(dataset(outcome, 'aws.groups').rows).toBe(org.groups.length);
    expect(dataset(outcome, 'aws.group_members').rows).toBe(org.memberships.length);
    const sets = dataset(outcome, 'aws.permission_sets');
    expect(sets.rows).toBe(org.permissionSets.length);
    const setRows = await artifactRows(sets.artifactId);
    const admin = setRows.find((r) => r.name === 'AdministratorAccess')!;
    expect(admin.type).toBe('permission_set');
    expect(String(admin.attributes)).toContain('"access_level":"admin"');
    expect(String(setRows.find((r) => r.name === 'DataEngineer')!.attributes)).toContain(
      '"has_inline_policy":true',
    );
    const grants = dataset(outcome, 'aws.account_assignments');
    expect(grants.rows).toBe(org.assignments.length);
    const grantRows = await artifactRows(grants.artifactId);
    const groupGrant = org.assignments.find((a) => a.principalType === 'GROUP')!;
    const ps = org.permissionSets.find((p) => p.arn === groupGrant.permissionSetArn)!;
    expect(grantRows).toContainEqual(
      expect.objectContaining({
        resource_type: 'account',
        resource_id: groupGrant.accountId,
        principal_type: 'group',
        principal_id: groupGrant.principalId,
        permission: ps.name,
        via: 'group',
      }),
    );
  });

  it('records users without UserStatus as not reported, never active', async () => {
    sim.setFaults({ omitUserStatus: true });
    const outcome = await sync('aws');
    sim.setFaults({});
    const rows = await artifactRows(dataset(outcome, 'aws.users').artifactId);
    expect(rows.every((r) => r.status === 'not_reported' && r.user_status === 'not reported by AWS')).toBe(
      true,
    );
  });

  it('ends partial naming the denied action, and Test Connection names it too', async () => {
    sim.setFaults({ forbiddenPaths: ['/sso/ListAccountAssignments'] });
    const outcome = await sync('aws');
    const test = await vouch('source', 'test', 'aws', '--json');
    sim.setFaults({});
    const grants = dataset(outcome, 'aws.account_assignments');
    expect(grants.complete).toBe(false);
    expect(grants.reason).toContain('sso:ListAccountAssignments');
    expect(dataset(outcome, 'aws.users').complete).toBe(true);
    expect(test.code).not.toBe(0);
    expect(JSON.parse(test.stdout)).toMatchObject({
      errorClass: 'missing_permissions',
      message: expect.stringContaining('sso:ListAccountAssignments'),
    });
  });

  it('writes no secret into the data directory', () => {
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
      expect(content.includes(sim.secretAccessKey), file).toBe(false);
      expect(content.includes(sim.sessionToken!), file).toBe(false);
    }
  });
});
