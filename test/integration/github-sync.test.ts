// The GitHub connector through the real CLI and lane processes, against the simulator at its GitHub
// Enterprise Server base URL: a complete sync whose counts equal the simulated org, faults that must be
// survived, a member's token that must end partial (forbidden collaborators, 2FA not evaluable — never a
// pass), and the guarantee that no token leaks into anything Vouch writes.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator } from '../../sim/github/index.ts';
import { githubConnector } from '../../src-main/engine/connectors/github/github-connector.ts';
import type { DatasetEnd } from '../../src-main/engine/connectors/types.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { openStore } from '../../src-main/engine/store/db.ts';
import type { SyncOutcome } from '../../src-main/engine/sync/sync-progress.ts';
import { runVouch, type CliResult } from '../helpers/cli.ts';

let sim: GitHubSimulator;
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
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-github-sync-'));
  // 230 members: three pages of 100. Minute windows shrink to a second, so secondary limits pass quickly.
  sim = await startGitHubSimulator({
    members: 230,
    seed: 5,
    timeScale: 60,
    tokens: { member: { owner: 'member', scopes: ['read:org', 'repo'] } },
  });
  writeFileSync(path.join(dir, 'token'), `${sim.token}\n`);
  writeFileSync(path.join(dir, 'member-token'), `${sim.tokens.member}\n`);
  writeFileSync(path.join(dir, 'ca.pem'), sim.caPem);
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('vouch with a GitHub organization', () => {
  it('adds a GitHub Enterprise Server source and tests it', async () => {
    const add = await vouch(
      'source',
      'add',
      'github',
      '--name',
      'gh',
      '--org',
      sim.orgLogin,
      '--base-url',
      sim.baseUrl,
      '--token-file',
      path.join(dir, 'token'),
      '--ca-file',
      path.join(dir, 'ca.pem'),
    );
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('gh: connected');
    expect(add.stdout).toContain('an organization owner');
  });

  it('syncs every dataset completely, with counts equal to the simulated org', async () => {
    sim.resetStats();
    const { result, outcome } = await sync('gh');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(outcome.status).toBe('complete');
    const org = sim.org;
    const index = sim.orgIndex;

    const members = dataset(outcome, 'github.members');
    expect(members.rows).toBe(org.members.length);
    expect(members.reportedCount).toBe(org.members.length);
    expect(members.pages).toBeGreaterThanOrEqual(3);
    expect(dataset(outcome, 'github.outside_collaborators').rows).toBe(org.outsideCollaboratorIds.length);
    const owners = org.members.filter((m) => m.role === 'admin');
    expect(dataset(outcome, 'github.admin_roles').rows).toBe(owners.length);
    expect(dataset(outcome, 'github.teams').rows).toBe(org.teams.length);
    const teamMemberships = org.teams.reduce((n, team) => n + index.teamMembers(team.id).size, 0);
    expect(dataset(outcome, 'github.team_members').rows).toBe(teamMemberships);
    // Per repository: direct collaborators, teams, the base permission (read → pull) and the owners.
    const repoRows = org.repos.reduce(
      (n, repo) =>
        n + (org.repoCollaborators.get(repo.id)?.length ?? 0) + (org.repoTeams.get(repo.id)?.length ?? 0) + 2,
      0,
    );
    expect(dataset(outcome, 'github.repo_permissions').rows).toBe(repoRows);
    expect(dataset(outcome, 'github.two_factor').rows).toBe(
      org.members.length + org.outsideCollaboratorIds.length,
    );
    expect(outcome.datasets.every((d) => d.complete && d.artifactId)).toBe(true);
    expect(sim.stats().unauthorized).toBe(0);

    // Members and outside collaborators share the accounts table; each artifact holds its own rows only.
    const memberRows = await artifactRows(members.artifactId);
    expect(memberRows).toHaveLength(org.members.length);
    expect(memberRows.every((r) => r.outside_collaborator === false && r.status === 'active')).toBe(true);
    const outsideRows = await artifactRows(dataset(outcome, 'github.outside_collaborators').artifactId);
    expect(outsideRows.map((r) => Number(r.id)).sort()).toEqual([...org.outsideCollaboratorIds].sort());
    expect(outsideRows.every((r) => r.outside_collaborator === true)).toBe(true);

    // Roles, 2FA and SAML anchors as GitHub holds them.
    const byId = new Map(memberRows.map((r) => [Number(r.id), r]));
    for (const owner of owners) expect(byId.get(owner.userId)?.role).toBe('admin');
    const without2fa = org.members.filter((m) => index.user(m.userId)?.twoFactor === 'none');
    expect(without2fa.length).toBeGreaterThan(0);
    for (const m of without2fa) expect(byId.get(m.userId)?.two_factor).toBe('disabled');
    const linked = org.samlIdentities.filter((i) => i.userId !== null);
    for (const identity of linked)
      expect(byId.get(identity.userId as number)?.saml_name_id).toBe(identity.nameId);

    const twoFactor = await artifactRows(dataset(outcome, 'github.two_factor').artifactId);
    const outsideWithout2fa = org.outsideCollaboratorIds.filter((id) => index.user(id)?.twoFactor === 'none');
    expect(twoFactor.filter((r) => r.result === 'fail')).toHaveLength(
      without2fa.length + outsideWithout2fa.length,
    );
    expect(twoFactor.filter((r) => r.result === 'not_evaluable')).toHaveLength(0);

    const settings = Object.fromEntries(
      (await artifactRows(dataset(outcome, 'github.org_settings').artifactId)).map((r) => [r.name, r]),
    );
    expect(settings.two_factor_requirement_enabled).toMatchObject({ value: 'false', visible: true });
    expect(settings.default_repository_permission).toMatchObject({ value: 'read', visible: true });
    expect(settings.members_can_create_repositories).toMatchObject({ value: 'false', visible: true });
    expect(settings.saml_single_sign_on).toMatchObject({ value: 'enabled' });
  });

  it('survives 5xx bursts, connection resets and a secondary rate limit with the same complete result', async () => {
    sim.resetStats();
    // A secondary-limit storm first (waited out with retry-after); once it has been met, 5xx bursts (JSON
    // 502s, then the HTML 503 page) and a reset connection every 9th request for the rest of the sync.
    sim.setFaults({ secondaryRateLimitStorm: true });
    const calm = setInterval(() => {
      if (sim.stats().secondaryRateLimited < 2) return;
      clearInterval(calm);
      sim.setFaults({ serverErrors: { count: 2, status: 502 }, resetEvery: 9 });
      setTimeout(() => sim.setFaults({ serverErrors: { count: 1, status: 503 }, resetEvery: 9 }), 1_000);
    }, 20);
    const { result, outcome } = await sync('gh');
    clearInterval(calm);
    sim.setFaults({});
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(outcome.status).toBe('complete');
    expect(dataset(outcome, 'github.members').rows).toBe(sim.org.members.length);
    expect(outcome.expiredRows).toBe(0);
    const stats = sim.stats();
    expect(stats.connectionsReset).toBeGreaterThan(0);
    expect(stats.serverErrorsSent).toBeGreaterThan(0);
    expect(stats.secondaryRateLimited).toBeGreaterThan(0);
  });

  it("ends partial with a member's token: forbidden collaborators named, 2FA not evaluable and never a pass", async () => {
    const add = await vouch(
      'source',
      'add',
      'github',
      '--name',
      'gh-member',
      '--org',
      sim.orgLogin,
      '--base-url',
      sim.baseUrl,
      '--token-file',
      path.join(dir, 'member-token'),
      '--ca-file',
      path.join(dir, 'ca.pem'),
      '--no-test',
    );
    expect(add.code, add.stderr).toBe(0);
    const { result, outcome } = await sync('gh-member');
    expect(result.code).toBe(4);
    expect(outcome.status).toBe('partial');
    expect(outcome.expiredRows).toBe(0);
    expect(outcome.errorClass).toBeNull();

    const twoFactor = dataset(outcome, 'github.two_factor');
    expect(twoFactor.complete).toBe(false);
    expect(twoFactor.reason).toContain("Not evaluable: requires an organization owner's token");
    const results = await artifactRows(twoFactor.artifactId);
    expect(results.length).toBe(sim.org.members.length + sim.org.outsideCollaboratorIds.length);
    expect(new Set(results.map((r) => r.result))).toEqual(new Set(['not_evaluable']));

    const members = dataset(outcome, 'github.members');
    expect(members.rows).toBe(sim.org.members.length);
    const memberRows = await artifactRows(members.artifactId);
    expect(new Set(memberRows.map((r) => r.two_factor))).toEqual(new Set(['unknown']));
    // SAML identities are for owners' eyes: none is claimed, none guessed.
    expect(memberRows.every((r) => r.saml_name_id === null)).toBe(true);

    const repos = dataset(outcome, 'github.repo_permissions');
    expect(repos.complete).toBe(false);
    expect(repos.reason).toContain('Must have push access to view repository collaborators.');
    const settings = dataset(outcome, 'github.org_settings');
    expect(settings.complete).toBe(false);
    expect(settings.reason).toContain('two_factor_requirement_enabled');
    const settingRows = await artifactRows(settings.artifactId);
    expect(settingRows.find((r) => r.name === 'two_factor_requirement_enabled')).toMatchObject({
      value: null,
      visible: false,
      note: expect.stringContaining('not visible to this token'),
    });

    // A member's token is a working connection with less to see, not a failed one.
    const store = openStore(dataDir());
    const statuses = store.sqlite.prepare('SELECT name, status FROM sources ORDER BY name').all();
    store.close();
    expect(statuses).toEqual([
      { name: 'gh', status: 'connected' },
      { name: 'gh-member', status: 'untested' },
    ]);
  });

  it('rotates the token through update-credentials, into the connector’s own credential field', async () => {
    const rotate = await vouch('source', 'update-credentials', 'gh', '--token-file', path.join(dir, 'token'));
    expect(rotate.code, rotate.stderr).toBe(0);
    expect(rotate.stdout).toContain('gh: connected');
  });

  it('never writes a token anywhere: data directory, artifacts, output', () => {
    const tokens = [sim.token, sim.tokens.member as string];
    const leaks: string[] = [];
    const walk = (p: string) => {
      for (const name of readdirSync(p)) {
        const file = path.join(p, name);
        if (statSync(file).isDirectory()) walk(file);
        else {
          let bytes = readFileSync(file);
          if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
          for (const token of tokens) {
            if (bytes.includes(token) || bytes.includes(Buffer.from(token, 'utf16le'))) leaks.push(file);
          }
        }
      }
    };
    walk(dir);
    for (const output of outputs) {
      for (const token of tokens)
        if (output.stdout.includes(token) || output.stderr.includes(token)) leaks.push('CLI output');
    }
    const tokenFiles = [path.join(dir, 'token'), path.join(dir, 'member-token')];
    expect(leaks.filter((file) => !tokenFiles.includes(file))).toEqual([]);
  });
});

describe('GitHub rate limits', () => {
  it('waits out spent REST and GraphQL budgets (GraphQL at the GHES path) and completes', async () => {
    // One-second "hours": 25 REST requests and 1 GraphQL point per window, so both run out mid-sync.
    const limited = await startGitHubSimulator({
      members: 120,
      seed: 9,
      timeScale: 3600,
      rateLimits: { core: 25, graphql: 1 },
    });
    try {
      const ends: DatasetEnd[] = [];
      for await (const event of githubConnector.sync({
        config: { org: limited.orgLogin, baseUrl: limited.baseUrl },
        secrets: { token: limited.token },
        caPem: limited.caPem,
        proxyUrl: null,
        signal: AbortSignal.timeout(60_000),
      })) {
        if (event.type === 'dataset_end') ends.push(event);
      }
      expect(ends.map((e) => [e.dataset, e.complete, e.reason]).filter(([, complete]) => !complete)).toEqual(
        [],
      );
      const stats = limited.stats();
      expect(stats.primaryRateLimited).toBeGreaterThan(0);
      // GraphQL's RATE_LIMITED arrives as a 200; at /api/graphql only the connector itself recognises it.
      // Two directory pages, and at least one answered RATE_LIMITED and asked again after the reset.
      expect(stats.requestsByOperation.graphql).toBeGreaterThanOrEqual(3);
      expect(ends.find((e) => e.dataset === 'github.members')?.reportedCount).toBe(120);
    } finally {
      await limited.close();
    }
  });
});
