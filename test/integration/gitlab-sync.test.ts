// The GitLab connector through the real CLI and lane processes against the simulator: a complete sync
// whose counts and rows equal the simulated instance (blocked, deactivated, banned and bot users present
// with their states; grants placed direct or inherited through the group that holds them), faults that
// must be survived, a group owner's token and a missing scope that must end partial naming what is
// missing (never complete), rate limits waited out, and no token written anywhere.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitLabSimulator, type GitLabSimulator } from '../../sim/gitlab/index.ts';
import { gitlabConnector } from '../../src-main/engine/connectors/gitlab/gitlab-connector.ts';
import type { DatasetEnd } from '../../src-main/engine/connectors/types.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { openStore } from '../../src-main/engine/store/db.ts';
import type { SyncOutcome } from '../../src-main/engine/sync/sync-progress.ts';
import { runVouch, type CliResult } from '../helpers/cli.ts';

let sim: GitLabSimulator;
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

function addSource(name: string, tokenFile: string) {
  return vouch(
    'source',
    'add',
    'gitlab',
    '--name',
    name,
    '--group',
    sim.groupPath,
    '--base-url',
    sim.url,
    '--token-file',
    path.join(dir, tokenFile),
    '--ca-file',
    path.join(dir, 'ca.pem'),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-gitlab-sync-'));
  // 230 people: three pages of users; a dozen subgroups and a few dozen projects.
  sim = await startGitLabSimulator({
    users: 230,
    seed: 5,
    subgroups: 12,
    timeScale: 60,
    tokens: { owner: { owner: 'owner' } },
  });
  writeFileSync(path.join(dir, 'token'), `${sim.token}\n`);
  writeFileSync(path.join(dir, 'owner-token'), `${sim.tokens.owner}\n`);
  writeFileSync(path.join(dir, 'ca.pem'), sim.caPem);
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('vouch with a GitLab group', () => {
  it('adds a self-managed GitLab source and tests it', async () => {
    const add = await addSource('gl', 'token');
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('gl: connected');
    expect(add.stdout).toContain('instance administrator');
  });

  it('syncs every dataset completely, with rows and counts equal to the simulated instance', async () => {
    const { result, outcome } = await sync('gl');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(outcome.status).toBe('complete');
    const { instance, index } = sim;

    const users = dataset(outcome, 'gitlab.users');
    expect(users.rows).toBe(instance.users.length);
    expect(users.reportedCount).toBe(instance.users.length);
    expect(users.pages).toBeGreaterThanOrEqual(3);
    const userRows = await artifactRows(users.artifactId);
    const byId = new Map(userRows.map((r) => [Number(r.id), r]));
    for (const state of ['blocked', 'deactivated', 'active'] as const) {
      const people = instance.users.filter((u) => u.state === state);
      expect(people.length, state).toBeGreaterThan(0);
      for (const person of people) expect(byId.get(person.id)?.status).toBe(state);
    }
    const bots = instance.users.filter((u) => u.bot);
    expect(bots.length).toBeGreaterThan(0);
    for (const bot of bots) expect(byId.get(bot.id)?.bot).toBe(true);
    for (const admin of instance.users.filter((u) => u.isAdmin))
      expect(byId.get(admin.id)?.is_admin).toBe(true);
    // Linking material: the primary email (admin view) and the SAML identity.
    const someone = instance.users[5];
    expect(byId.get(someone?.id as number)).toMatchObject({
      email: someone?.email,
      saml_extern_uid: someone?.samlExternUid,
    });

    const resources = dataset(outcome, 'gitlab.projects');
    expect(resources.rows).toBe(instance.groups.length + instance.projects.length);
    expect(resources.reportedCount).toBe(resources.rows);
    const resourceRows = await artifactRows(resources.artifactId);
    const archived = instance.projects.filter((p) => p.archived);
    for (const project of archived) {
      expect(resourceRows.find((r) => r.type === 'project' && r.id === String(project.id))?.status).toBe(
        'archived',
      );
    }

    // Group grants: members/all of every group, each placed where GitLab holds it.
    const groupGrants = dataset(outcome, 'gitlab.group_members');
    const expectedGroup = instance.groups.reduce((n, g) => n + index.effectiveGroupMembers(g).length, 0);
    expect(groupGrants.rows).toBe(expectedGroup);
    expect(groupGrants.reportedCount).toBe(expectedGroup);
    const groupRows = await artifactRows(groupGrants.artifactId);
    for (const group of instance.groups) {
      for (const { membership, source } of index.effectiveGroupMembers(group)) {
        const row = groupRows.find(
          (r) => r.resource_id === String(group.id) && r.principal_id === String(membership.userId),
        );
        expect(row?.via).toBe(source.id === group.id ? 'direct' : 'inherited');
        expect(row?.via_id).toBe(source.id === group.id ? null : String(source.id));
        expect(row?.expires).toBe(membership.expiresAt);
      }
    }

    const projectGrants = dataset(outcome, 'gitlab.project_members');
    const expectedProject = instance.projects.reduce(
      (n, p) => n + index.effectiveProjectMembers(p).length,
      0,
    );
    expect(projectGrants.rows).toBe(expectedProject);
    expect(projectGrants.reportedCount).toBe(expectedProject);
    const projectRows = await artifactRows(projectGrants.artifactId);
    let inherited = 0;
    for (const project of instance.projects) {
      for (const { membership, source } of index.effectiveProjectMembers(project)) {
        const row = projectRows.find(
          (r) => r.resource_id === String(project.id) && r.principal_id === String(membership.userId),
        );
        const direct = source.type === 'project';
        if (!direct) inherited++;
        expect(row).toMatchObject({
          resource_type: 'project',
          via: direct ? 'direct' : 'inherited',
          via_id: direct ? null : String(source.id),
          access_level:
            membership.accessLevel >= 40 ? 'admin' : membership.accessLevel >= 30 ? 'write' : 'read',
        });
      }
    }
    expect(inherited).toBeGreaterThan(0);
    // A project access token's bot is a service account, Maintainer of its project.
    const botGrant = projectRows.find((r) => r.principal_type === 'service_account');
    expect(botGrant?.permission).toBe('Maintainer');
  });

  it('survives dropped connections and Workhorse 502s, and still completes', async () => {
    sim.setFaults({ resetEvery: 9, serverErrors: { count: 3, status: 502 } });
    try {
      const { outcome } = await sync('gl');
      expect(outcome.status).toBe('complete');
      expect(sim.stats().connectionsReset).toBeGreaterThan(0);
    } finally {
      sim.setFaults({});
    }
  });

  it('ends partial when a listing lacks the scope, naming read_api, never complete', async () => {
    sim.setFaults({ forbiddenPaths: ['/projects/*/members'] });
    try {
      const { outcome } = await sync('gl');
      expect(outcome.status).toBe('partial');
      const members = dataset(outcome, 'gitlab.project_members');
      expect(members.complete).toBe(false);
      expect(members.reason).toContain('read_api');
      expect(dataset(outcome, 'gitlab.group_members').complete).toBe(true);
    } finally {
      sim.setFaults({});
    }
  });

  it('ends partial when GitLab counts more members than it lists', async () => {
    sim.setFaults({ countSkew: 2 });
    try {
      const { outcome } = await sync('gl');
      expect(outcome.status).toBe('partial');
      const members = dataset(outcome, 'gitlab.project_members');
      expect(members.complete).toBe(false);
      expect(members.reportedCount).toBe(members.rows + 2 * sim.instance.projects.length);
    } finally {
      sim.setFaults({});
    }
  });

  it('completes when GitLab omits X-Total (as past 10,000 rows): provenance says not reported', async () => {
    sim.setFaults({ omitTotals: true });
    try {
      const { outcome } = await sync('gl');
      expect(outcome.status).toBe('complete');
      expect(dataset(outcome, 'gitlab.users').reportedCount).toBeNull();
      expect(dataset(outcome, 'gitlab.project_members').reportedCount).toBeNull();
    } finally {
      sim.setFaults({});
    }
  });

  it("ends partial with a group owner's token: users not evaluable, the members found still listed", async () => {
    const add = await addSource('gl-owner', 'owner-token');
    expect(add.code, add.stderr).toBe(0);
    const { outcome } = await sync('gl-owner');
    expect(outcome.status).toBe('partial');
    const users = dataset(outcome, 'gitlab.users');
    expect(users.complete).toBe(false);
    expect(users.reason).toContain('Instance users are not evaluable');
    expect(users.reason).toContain('not an administrator');
    const members = new Set<number>();
    for (const g of sim.instance.groups)
      for (const m of sim.index.effectiveGroupMembers(g)) members.add(m.membership.userId);
    for (const p of sim.instance.projects)
      for (const m of sim.index.effectiveProjectMembers(p)) members.add(m.membership.userId);
    expect(users.rows).toBe(members.size);
    expect(dataset(outcome, 'gitlab.project_members').complete).toBe(true);
  });

  it('never writes a token anywhere: data directory, artifacts, output', () => {
    const tokens = [sim.token, sim.tokens.owner as string];
    const leaks: string[] = [];
    const walk = (p: string) => {
      for (const name of readdirSync(p)) {
        const file = path.join(p, name);
        if (statSync(file).isDirectory()) walk(file);
        else {
          let bytes = readFileSync(file);
          if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
          for (const token of tokens) if (bytes.includes(token)) leaks.push(file);
        }
      }
    };
    walk(dir);
    for (const output of outputs)
      for (const token of tokens)
        if (output.stdout.includes(token) || output.stderr.includes(token)) leaks.push('CLI output');
    const tokenFiles = [path.join(dir, 'token'), path.join(dir, 'owner-token')];
    expect(leaks.filter((file) => !tokenFiles.includes(file))).toEqual([]);
  });
});

describe('GitLab rate limits', () => {
  it('waits out 429s (Retry-After) and completes', async () => {
    // One-second "minutes" with 5 requests each: the sync meets the limit many times.
    const limited = await startGitLabSimulator({ users: 60, seed: 9, requestsPerMinute: 5, timeScale: 60 });
    try {
      const ends: DatasetEnd[] = [];
      for await (const event of gitlabConnector.sync({
        config: { group: limited.groupPath, baseUrl: limited.url },
        secrets: { token: limited.token },
        caPem: limited.caPem,
        proxyUrl: null,
        signal: AbortSignal.timeout(120_000),
      })) {
        if (event.type === 'dataset_end') ends.push(event);
      }
      expect(limited.stats().rateLimited).toBeGreaterThan(0);
      expect(ends.map((e) => [e.dataset, e.complete])).toEqual([
        ['gitlab.projects', true],
        ['gitlab.group_members', true],
        ['gitlab.project_members', true],
        ['gitlab.users', true],
      ]);
    } finally {
      await limited.close();
    }
  });
});
