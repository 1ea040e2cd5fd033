// Cross-source linking end to end: an Okta org and a GitHub org whose members are the Okta org's people
// (SAML NameIDs are their Okta logins), synced through the real CLI. Beside the generated population, a
// few members are crafted (their SAML identity and public email edited in the GitHub simulator's data
// before the first request) so that every linking reason and every needs-anchor reason occurs for sure.
// Two Okta users share one email, which Okta allows (logins stay unique). The Okta simulator has no option
// for it, so two of its user records are replaced by copies with that email before the first request: the
// simulator lists users from `org.users` and caches each record's JSON by object, so the copies are what
// the API serves and what the sync stores. No store row is crafted.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator } from '../../sim/github/index.ts';
import { startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { openStore } from '../../src-main/engine/store/db.ts';
import type { SyncOutcome } from '../../src-main/engine/sync/sync-progress.ts';
import { runVouch, type CliResult } from '../helpers/cli.ts';

let okta: OktaSimulator;
let github: GitHubSimulator;
let dir: string;

const dataDir = () => path.join(dir, 'data');
async function vouch(...args: string[]): Promise<CliResult> {
  const result = await runVouch(args, { env: { VOUCH_DATA_DIR: dataDir(), VOUCH_LEASE_MS: '3000' } });
  if (result.code !== 0)
    throw new Error(`vouch ${args.join(' ')} exited ${result.code}: ${result.stdout}${result.stderr}`);
  return result;
}
const json = async <T>(...args: string[]): Promise<T> =>
  JSON.parse((await vouch(...args, '--json')).stdout) as T;

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(dataDir(), 'vouch.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The identity of an Okta user, by login. */
const identityOf = (login: string) =>
  query<{ id: number }>(
    `SELECT i.id FROM identities i JOIN accounts a ON a.id = i.anchor_account_id
      JOIN sources s ON s.id = a.source_id WHERE s.name = 'okta' AND a.login = ?`,
    login,
  )[0]?.id as number;
/** The account of a GitHub user, by GitHub user id. */
const accountOf = (githubUserId: number) =>
  query<{ id: number }>(
    `SELECT a.id FROM accounts a JOIN sources s ON s.id = a.source_id WHERE s.name = 'gh' AND a.external_id = ?`,
    String(githubUserId),
  )[0]?.id as number;
const linkOf = (githubUserId: number) =>
  query<{ identityId: number | null; reason: string }>(
    'SELECT identity_id AS identityId, reason FROM account_links WHERE account_id = ?',
    accountOf(githubUserId),
  )[0];

interface QueueItem {
  accountId: number;
  externalId: string;
  reason: string;
  candidates: { identityId: number }[];
}

/** The crafted GitHub members, by what should become of them; values are GitHub user ids. */
const crafted: Record<
  'anchor' | 'emailOnly' | 'noEmail' | 'noMatch' | 'several' | 'conflict' | 'terminated',
  number
> = { anchor: 0, emailOnly: 0, noEmail: 0, noMatch: 0, several: 0, conflict: 0, terminated: 0 };
/** The Okta login behind each crafted member. */
const loginOf: Partial<Record<keyof typeof crafted, string>> = {};
let sharedLogins: string[] = [];
let conflictingEmailLogin = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-linking-e2e-'));
  okta = await startOktaSimulator({ users: 30, seed: 8, deprovisionedFraction: 0.1 });
  const users = okta.org.users;
  const active = users.filter((u) => u.status === 'ACTIVE');
  // Two people share one mailbox address in Okta.
  const shared = active.slice(-2);
  sharedLogins = shared.map((u) => u.profile.login);
  for (const user of shared) {
    users[users.indexOf(user)] = {
      ...user,
      profile: { ...user.profile, email: 'shared.mailbox@example.com' },
    };
  }

  github = await startGitHubSimulator({
    seed: 8,
    // SAML NameIDs are the Okta logins, as Okta's GitHub app sends by default.
    people: users.map((u) => ({
      email: u.profile.login,
      firstName: u.profile.firstName,
      lastName: u.profile.lastName,
    })),
    // People the generator makes up (outside collaborators) must not collide with Okta's addresses.
    emailDomain: 'contractors.example',
  });
  const org = github.org;
  const personOf = (userId: number) => github.orgIndex.user(userId)?.person?.email as string;
  const samlOf = (userId: number) => org.samlIdentities.find((i) => i.userId === userId);
  const withoutSaml = (userId: number) => {
    const identity = samlOf(userId);
    if (identity) identity.userId = null;
  };
  const withSaml = (userId: number, nameId: string) => {
    const identity = samlOf(userId);
    if (identity) identity.nameId = identity.username = nameId;
    else {
      const template = org.samlIdentities[0]!;
      org.samlIdentities.push({ ...template, guid: randomUUID(), nameId, username: nameId, userId });
    }
  };
  const setPublicEmail = (userId: number, email: string | null) => {
    github.orgIndex.user(userId)!.email = email;
  };
  const deprovisioned = users.find((u) => u.status === 'DEPROVISIONED')!;
  const reserved = new Set([...sharedLogins, deprovisioned.profile.login]);
  const candidates = org.members
    .filter((m) => m.role === 'member' && m.userId !== org.memberUserId && !reserved.has(personOf(m.userId)))
    .map((m) => m.userId);
  const pick = (name: keyof typeof crafted) => {
    const userId = candidates.shift()!;
    crafted[name] = userId;
    loginOf[name] = personOf(userId);
    return userId;
  };
  let id = pick('anchor');
  withSaml(id, personOf(id));
  setPublicEmail(id, null);
  id = pick('emailOnly');
  withoutSaml(id);
  setPublicEmail(id, personOf(id));
  id = pick('noEmail');
  withoutSaml(id);
  setPublicEmail(id, null);
  id = pick('noMatch');
  withoutSaml(id);
  setPublicEmail(id, 'night.owl@personal.example');
  id = pick('several');
  withoutSaml(id);
  setPublicEmail(id, 'shared.mailbox@example.com');
  id = pick('conflict');
  withSaml(id, personOf(id));
  // The profile names someone else: an account whose SSO identity and profile disagree.
  conflictingEmailLogin = personOf(candidates[candidates.length - 1]!);
  setPublicEmail(id, conflictingEmailLogin);
  // A person Okta deprovisioned whose GitHub account is still in the org.
  const terminated = org.members.find((m) => personOf(m.userId) === deprovisioned.profile.login)!.userId;
  crafted.terminated = terminated;
  loginOf.terminated = deprovisioned.profile.login;
  withSaml(terminated, deprovisioned.profile.login);

  writeFileSync(path.join(dir, 'okta-token'), okta.token);
  writeFileSync(path.join(dir, 'okta-ca.pem'), okta.caPem);
  writeFileSync(path.join(dir, 'gh-token'), github.token);
  writeFileSync(path.join(dir, 'gh-ca.pem'), github.caPem);
});
afterAll(async () => {
  await okta.close();
  await github.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('linking GitHub members to Okta people', () => {
  it('adds both sources and syncs them completely', async () => {
    await vouch(
      'source',
      'add',
      'okta',
      '--name',
      'okta',
      '--domain',
      okta.host,
      '--token-file',
      path.join(dir, 'okta-token'),
      '--ca-file',
      path.join(dir, 'okta-ca.pem'),
      '--no-test',
    );
    await vouch(
      'source',
      'add',
      'github',
      '--name',
      'gh',
      '--org',
      github.orgLogin,
      '--base-url',
      github.baseUrl,
      '--token-file',
      path.join(dir, 'gh-token'),
      '--ca-file',
      path.join(dir, 'gh-ca.pem'),
      '--no-test',
    );
    const outcomes = await json<SyncOutcome[]>('sync');
    expect(outcomes.map((o) => [o.source, o.status])).toEqual([
      ['gh', 'complete'],
      ['okta', 'complete'],
    ]);
  });

  it('makes the only identity provider the primary one, and refuses an application as primary', async () => {
    expect(await json('identities', 'primary')).toEqual({ source: 'okta', candidates: ['okta'] });
    const refused = await runVouch(['identities', 'primary', 'gh'], {
      env: { VOUCH_DATA_DIR: dataDir(), VOUCH_LEASE_MS: '3000' },
    });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('"gh" is not an identity provider source');
    expect(refused.stderr).toContain('okta');
  });

  it('links by SAML anchor and by email, and queues the rest with the reason', async () => {
    expect(linkOf(crafted.anchor)).toEqual({
      identityId: identityOf(loginOf.anchor!),
      reason: 'auto_anchor',
    });
    expect(linkOf(crafted.emailOnly)).toEqual({
      identityId: identityOf(loginOf.emailOnly!),
      reason: 'auto_email',
    });
    expect(linkOf(crafted.terminated)).toEqual({
      identityId: identityOf(loginOf.terminated!),
      reason: 'auto_anchor',
    });
    // Most of the generated population links by its SAML identity.
    const byAnchor = query<{ n: number }>(
      `SELECT count(*) AS n FROM account_links WHERE reason = 'auto_anchor'`,
    )[0]!.n;
    expect(byAnchor).toBeGreaterThan(github.org.members.length / 2);

    const queue = await json<QueueItem[]>('accounts', 'needs-anchor', '--source', 'gh');
    const reasonOf = (userId: number) => queue.find((item) => item.externalId === String(userId))?.reason;
    expect(reasonOf(crafted.noEmail)).toBe('no_email');
    expect(reasonOf(crafted.noMatch)).toBe('email_matches_no_identity');
    expect(reasonOf(crafted.several)).toBe('email_matches_several_identities');
    expect(reasonOf(crafted.conflict)).toBe('conflicting_anchors');
    expect(reasonOf(crafted.anchor)).toBeUndefined();
    // Both people sharing the address are offered for the account that uses it.
    const several = queue.find((item) => item.externalId === String(crafted.several))!;
    expect(several.candidates.map((c) => c.identityId)).toEqual(
      expect.arrayContaining(sharedLogins.map(identityOf)),
    );
    const conflict = queue.find((item) => item.externalId === String(crafted.conflict))!;
    expect(conflict).toBeDefined();
    expect(identityOf(conflictingEmailLogin)).not.toBe(identityOf(loginOf.conflict!));
  });

  it('keeps manual link, unlink and mark across a re-sync', async () => {
    const person = identityOf(loginOf.noMatch!);
    await Promise.all([
      vouch('link', String(accountOf(crafted.noMatch)), String(person)),
      vouch('unlink', String(accountOf(crafted.anchor))),
      vouch(
        'accounts',
        'mark',
        String(accountOf(crafted.noEmail)),
        '--as',
        'service',
        '--reason',
        'CI deploy bot',
      ),
    ]);
    const [resynced] = await json<SyncOutcome[]>('sync', 'gh');
    expect(resynced?.status).toBe('complete');

    expect(linkOf(crafted.noMatch)).toMatchObject({ identityId: person, reason: 'manual' });
    expect(linkOf(crafted.anchor)).toEqual({ identityId: null, reason: 'manual_unlink' });
    const [queue, shown] = await Promise.all([
      json<QueueItem[]>('accounts', 'needs-anchor', '--source', 'gh'),
      json<{ accounts: { externalId: string; linkReason: string; sourceName: string }[] }>(
        'identities',
        'show',
        String(person),
      ),
    ]);
    const reasonOf = (userId: number) => queue.find((item) => item.externalId === String(userId))?.reason;
    expect(reasonOf(crafted.anchor)).toBe('unlinked_by_person');
    expect(reasonOf(crafted.noEmail)).toBeUndefined();
    expect(reasonOf(crafted.noMatch)).toBeUndefined();
    expect(shown.accounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          sourceName: 'gh',
          externalId: String(crafted.noMatch),
          linkReason: 'manual',
        }),
        expect.objectContaining({ sourceName: 'okta', linkReason: 'identity_provider' }),
      ]),
    );
    expect(query(`SELECT mark, reason FROM account_marks`)).toEqual([
      { mark: 'service', reason: 'CI deploy bot' },
    ]);
  });

  it('finds the terminated person still in GitHub, and counts GitHub owners among the admins', async () => {
    const findings = await json<{ kind: string; artifact: { id: string }; complete: boolean }[]>('findings');
    expect(findings.every((f) => f.complete)).toBe(true);
    const store = openStore(dataDir());
    const rows = async (kind: string) => {
      const out: Record<string, unknown>[] = [];
      const id = findings.find((f) => f.kind === kind)!.artifact.id;
      for await (const row of readArtifactRows(getArtifact(store, id))) out.push(row);
      return out;
    };
    try {
      const terminated = await rows('findings.terminated_with_access');
      expect(terminated).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            source: 'gh',
            account_id: String(crafted.terminated),
            idp_status: 'DEPROVISIONED',
            link_reason: 'auto_anchor',
          }),
        ]),
      );
      const owners = github.org.members.filter((m) => m.role === 'admin').map((m) => String(m.userId));
      const githubAdmins = (await rows('findings.admins')).filter((r) => r.source === 'gh');
      expect(githubAdmins.map((r) => r.account_id).sort()).toEqual(owners.sort());
      expect(githubAdmins.every((r) => r.role === 'Organization owner' && r.person)).toBe(true);
      const orphans = (await rows('findings.orphaned_accounts')).map((r) => r.account_id);
      expect(orphans).toEqual(expect.arrayContaining([String(crafted.several), String(crafted.conflict)]));
      expect(orphans).not.toContain(String(crafted.noEmail));
      expect(orphans).not.toContain(String(crafted.noMatch));
    } finally {
      store.close();
    }
  });
});
