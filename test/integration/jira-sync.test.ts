// The Jira connector through the real CLI against the simulator: every dataset's rows equal the simulated
// site (inactive, app and customer accounts present; hidden emails left null, not guessed), totals
// reconciled where Jira reports them, a missing global permission ending partial with its name, and no
// token written anywhere.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSimulator, type JiraSimulator } from '../../sim/jira/index.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { openStore } from '../../src-main/engine/store/db.ts';
import type { SyncOutcome } from '../../src-main/engine/sync/sync-progress.ts';
import { runVouch, type CliResult } from '../helpers/cli.ts';

let sim: JiraSimulator;
let dir: string;
const outputs: CliResult[] = [];
const dataDir = () => path.join(dir, 'data');

async function vouch(...args: string[]): Promise<CliResult> {
  const result = await runVouch(args, { env: { VOUCH_DATA_DIR: dataDir(), VOUCH_LEASE_MS: '3000' } });
  outputs.push(result);
  return result;
}
async function sync(name: string): Promise<SyncOutcome> {
  const result = await vouch('sync', name, '--json');
  return (JSON.parse(result.stdout) as SyncOutcome[])[0] as SyncOutcome;
}
function dataset(outcome: SyncOutcome, name: string) {
  const found = outcome.datasets.find((d) => d.dataset === name);
  if (!found) throw new Error(`no dataset ${name}`);
  return found;
}
async function rows(artifactId: string | null): Promise<Record<string, unknown>[]> {
  const store = openStore(dataDir());
  try {
    const out: Record<string, unknown>[] = [];
    for await (const row of readArtifactRows(getArtifact(store, artifactId as string))) out.push(row);
    return out;
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-jira-sync-'));
  sim = await startJiraSimulator({ users: 150, seed: 7, timeScale: 60 });
  writeFileSync(path.join(dir, 'token'), `${sim.token}\n`);
  writeFileSync(path.join(dir, 'ca.pem'), sim.caPem);
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('vouch with a Jira Cloud site', () => {
  it('adds the source with --site, --email and --token-file, and tests it', async () => {
    const add = await vouch(
      'source',
      'add',
      'jira',
      '--name',
      'jira',
      '--site',
      sim.url,
      '--email',
      sim.email,
      '--token-file',
      path.join(dir, 'token'),
      '--ca-file',
      path.join(dir, 'ca.pem'),
    );
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('jira: connected');
  });

  it('syncs every dataset completely, rows equal to the simulated site', async () => {
    const outcome = await sync('jira');
    expect(outcome.status).toBe('complete');
    const { site } = sim;
    const users = dataset(outcome, 'jira.users');
    expect(users.rows).toBe(site.users.length);
    expect(users.reportedCount).toBeNull();
    const userRows = await rows(users.artifactId);
    const byId = new Map(userRows.map((r) => [r.id, r]));
    for (const u of site.users) {
      const row = byId.get(u.accountId);
      expect(row?.status).toBe(u.active ? 'active' : 'inactive');
      expect(row?.account_type).toBe(u.accountType);
      expect(row?.email).toBe(u.emailVisible ? u.email : null);
    }
    expect(site.users.some((u) => !u.active) && site.users.some((u) => !u.emailVisible)).toBe(true);
    expect(dataset(outcome, 'jira.groups')).toMatchObject({
      rows: site.groups.length,
      reportedCount: site.groups.length,
    });
    const memberships = site.groups.reduce((n, g) => n + g.members.length, 0);
    expect(dataset(outcome, 'jira.group_members')).toMatchObject({
      rows: memberships,
      reportedCount: memberships,
    });
    expect(dataset(outcome, 'jira.projects')).toMatchObject({
      rows: site.projects.length,
      reportedCount: site.projects.length,
    });
    const actors = site.projects.reduce(
      (n, p) => n + [...p.roleActors.values()].reduce((m, list) => m + list.length, 0),
      0,
    );
    const grants = dataset(outcome, 'jira.project_role_actors');
    expect(grants.rows).toBe(actors);
    const grantRows = await rows(grants.artifactId);
    const admins = grantRows.filter((r) => r.permission === 'Administrators');
    expect(admins.some((r) => r.principal_type === 'group')).toBe(true);
    expect(admins.every((r) => r.access_level === 'admin' && r.via === 'role' && r.via_id === '10002')).toBe(
      true,
    );
  });

  it('ends partial when Jira hides project roles, naming Administer Jira', async () => {
    sim.setFaults({ forbiddenPaths: ['/rest/api/3/project/*/role'] });
    try {
      const outcome = await sync('jira');
      expect(outcome.status).toBe('partial');
      const grants = dataset(outcome, 'jira.project_role_actors');
      expect(grants.complete).toBe(false);
      expect(grants.reason).toContain('Administer Jira');
      expect(dataset(outcome, 'jira.users').complete).toBe(true);
    } finally {
      sim.setFaults({});
    }
  });

  it('ends partial when a group total disagrees with its members', async () => {
    sim.setFaults({ countSkew: 1 });
    try {
      const outcome = await sync('jira');
      expect(outcome.status).toBe('partial');
      expect(dataset(outcome, 'jira.group_members').complete).toBe(false);
    } finally {
      sim.setFaults({});
    }
  });

  it('never writes the token anywhere', () => {
    const leaks: string[] = [];
    const walk = (p: string) => {
      for (const name of readdirSync(p)) {
        const file = path.join(p, name);
        if (statSync(file).isDirectory()) walk(file);
        else {
          let bytes = readFileSync(file);
          if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
          if (bytes.includes(sim.token)) leaks.push(file);
        }
      }
    };
    walk(dir);
    for (const o of outputs)
      if (o.stdout.includes(sim.token) || o.stderr.includes(sim.token)) leaks.push('CLI output');
    expect(leaks.filter((f) => f !== path.join(dir, 'token'))).toEqual([]);
  });
});
