// One identity per person across identity providers: a real Okta org and a real GitHub org (both simulated,
// synced through the real sync pipeline) plus a second identity provider, a scripted connector registered for
// this test (until Entra ID or Google Workspace lands) whose users are written by the same pipeline. The
// second IdP speaks its own status words (SignInAllowed/SignInBlocked, in no common word list), declared in
// its description, so findings must read them through the status vocabulary.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator } from '../../sim/github/index.ts';
import { startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import type { AccountRecord } from '../../src-shared/datasets.ts';
import { z } from 'zod';
import { declareDataset } from '../../src-main/engine/connectors/dataset-declaration.ts';
import { registerConnector } from '../../src-main/engine/connectors/registry.ts';
import type { Connector, ConnectorDescription } from '../../src-main/engine/connectors/types.ts';
import { openEngineCore, type EngineCore } from '../../src-main/engine/engine-core.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { LinkingService } from '../../src-main/engine/linking/linking-service.ts';
import { EnvKeyWrapper } from '../../src-main/engine/secrets/env-key-wrapper.ts';
import { runSourceSync } from '../../src-main/engine/sync/run-source-sync.ts';

/** The second IdP's users, set before it syncs. */
let directoryUsers: AccountRecord[] = [];

const directory: Connector = {
  describe: () =>
    ({
      kind: 'directory2',
      displayName: 'Scripted directory',
      collects: ['users'],
      configFields: [],
      credentialFields: [],
      requiredScopes: [],
      guideFile: 'none.md',
      capabilities: { full: true, tail: false, push: false, discovery: false },
      role: 'identity_provider',
      // Its users' principal name is their corporate address: a strong anchor to the person.
      anchorAttribute: 'upn',
      statusVocabulary: { SignInAllowed: 'active', SignInBlocked: 'suspended' },
      datasets: [
        declareDataset({
          kind: 'directory2.users',
          entity: 'accounts',
          title: 'Scripted directory users',
          label: 'Users',
          populationNoun: 'users',
          permission: 'User.Read.All',
          attributes: z.object({ upn: z.string().nullable() }),
        }),
      ],
    }) satisfies ConnectorDescription,
  checkConfig: () => null,
  test: () => Promise.reject(new Error('not used')),
  async *sync() {
    yield {
      type: 'dataset_start',
      dataset: 'directory2.users',
      entity: 'accounts',
      endpoint: 'GET /users',
      query: {},
    };
    yield { type: 'batch', dataset: 'directory2.users', entity: 'accounts', records: directoryUsers };
    yield {
      type: 'dataset_end',
      dataset: 'directory2.users',
      complete: true,
      reason: null,
      errorClass: null,
      pages: 1,
      reportedCount: directoryUsers.length,
      endpoints: ['GET /users'],
    };
  },
};
registerConnector('directory2', directory);

const directoryUser = (
  id: string,
  email: string,
  upn: string | null,
  status = 'SignInAllowed',
): AccountRecord => ({
  externalId: id,
  login: upn ?? email,
  email,
  displayName: email.slice(0, email.indexOf('@')),
  status,
  createdAt: null,
  lastLoginAt: null,
  attributes: upn ? { upn } : {},
});

let okta: OktaSimulator;
let github: GitHubSimulator;
let dir: string;
let core: EngineCore;
let linking: LinkingService;

let everywhere = ''; // an Okta person with the same address in the second IdP and in GitHub
let terminated = ''; // an Okta person Okta deprovisioned, still enabled in the second IdP
const onlyHere = 'only.here@example.com'; // a person only the second IdP knows, with a GitHub account
const goneContractor = 'gone.contractor@example.com'; // disabled in the second IdP, still in GitHub
let conflictAnchor = ''; // the second IdP account whose principal name and email name two people
let ghUserOf: Record<string, number> = {};

const guard = { assertHeld: () => {} };
async function sync(name: string): Promise<void> {
  const outcome = await runSourceSync({
    store: core.store,
    sources: core.sources,
    sourceName: name,
    jobId: null,
    guard,
    signal: new AbortController().signal,
  });
  expect(outcome.status).toBe('complete');
  linking.relink();
}

const q = <T>(sql: string, ...params: unknown[]) => core.store.sqlite.prepare(sql).all(...params) as T[];
const accountId = (source: string, externalId: string) =>
  q<{ id: number }>(
    'SELECT a.id FROM accounts a JOIN sources s ON s.id = a.source_id WHERE s.name = ? AND a.external_id = ?',
    source,
    externalId,
  )[0]!.id;
/** Identities holding an account of `source` with this email (as anchor or linked). */
const identitiesWithEmail = (email: string) =>
  q<{ id: number }>(
    `SELECT DISTINCT coalesce(l.identity_id, i.id) AS id FROM accounts a
       LEFT JOIN account_links l ON l.account_id = a.id LEFT JOIN identities i ON i.anchor_account_id = a.id
      WHERE lower(a.email) = lower(?) AND coalesce(l.identity_id, i.id) IS NOT NULL`,
    email,
  ).map((r) => r.id);
const oktaIdOf = (email: string) => okta.org.users.find((u) => u.profile.email === email)!.id;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-several-idps-'));
  okta = await startOktaSimulator({ users: 16, seed: 11, deprovisionedFraction: 0.15 });
  const active = okta.org.users.filter((u) => u.status === 'ACTIVE').map((u) => u.profile.email);
  everywhere = active[0]!;
  terminated = okta.org.users.find((u) => u.status === 'DEPROVISIONED')!.profile.email;
  github = await startGitHubSimulator({
    seed: 11,
    people: [
      ...okta.org.users.map((u) => ({
        email: u.profile.login,
        firstName: u.profile.firstName,
        lastName: u.profile.lastName,
      })),
      { email: onlyHere, firstName: 'Only', lastName: 'Here' },
      { email: goneContractor, firstName: 'Gone', lastName: 'Contractor' },
    ],
    emailDomain: 'contractors.example',
  });
  // Every GitHub member signs in through SAML with their corporate address.
  for (const member of github.org.members) {
    const email = github.orgIndex.user(member.userId)?.person?.email;
    if (!email) continue;
    ghUserOf = { ...ghUserOf, [email]: member.userId };
    const identity = github.org.samlIdentities.find((i) => i.userId === member.userId);
    if (identity) identity.nameId = identity.username = email;
    else {
      const template = github.org.samlIdentities[0]!;
      github.org.samlIdentities.push({
        ...template,
        guid: randomUUID(),
        nameId: email,
        username: email,
        userId: member.userId,
      });
    }
  }
  conflictAnchor = active[3]!;
  directoryUsers = [
    directoryUser('d-everywhere', everywhere.toUpperCase(), everywhere),
    ...active.slice(1, 3).map((email, i) => directoryUser(`d-${i}`, email, email)),
    directoryUser('d-terminated', terminated, terminated),
    directoryUser('d-only-here', onlyHere, onlyHere),
    directoryUser('d-gone', goneContractor, goneContractor, 'SignInBlocked'),
    // Its principal name says one Okta person, its address another.
    directoryUser('d-conflict', active[4]!, conflictAnchor),
  ];

  core = openEngineCore(dir, {}, new EnvKeyWrapper(Buffer.alloc(32, 5)));
  linking = new LinkingService(core.store);
  core.sources.add({
    name: 'okta',
    kind: 'okta',
    config: { domain: okta.host, caPem: okta.caPem },
    secrets: { apiToken: okta.token },
  });
  core.sources.add({ name: 'directory', kind: 'directory2', config: {}, secrets: {} });
  core.sources.add({
    name: 'gh',
    kind: 'github',
    config: { org: github.orgLogin, baseUrl: github.baseUrl, caPem: github.caPem },
    secrets: { token: github.token },
  });
  await sync('okta');
  await sync('directory');
  await sync('gh');
}, 120_000);
afterAll(async () => {
  core.close();
  await okta.close();
  await github.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('identities across two identity providers and GitHub', () => {
  it('makes the first identity provider added the primary one', () => {
    expect(linking.primary()).toEqual({ source: 'okta', candidates: ['okta', 'directory'] });
  });

  it('makes a person with the same address everywhere one identity with three accounts', () => {
    const [id, ...others] = identitiesWithEmail(everywhere);
    expect(others).toEqual([]);
    const person = linking.identity(id!);
    expect(person.anchoredBy).toBe('primary');
    expect(person.accounts.map((a) => [a.sourceName, a.externalId, a.linkReason])).toEqual([
      ['directory', 'd-everywhere', 'auto_anchor'],
      ['gh', String(ghUserOf[everywhere]), 'auto_anchor'],
      ['okta', oktaIdOf(everywhere), 'identity_provider'],
    ]);
    // Nobody got a second identity: one per Okta user, plus the two people only the directory knows.
    expect(q<{ n: number }>('SELECT count(*) AS n FROM identities')[0]!.n).toBe(okta.org.users.length + 2);
  });

  it('gives a person only the second identity provider knows an identity of their own, marked as such', () => {
    const [id, ...others] = identitiesWithEmail(onlyHere);
    expect(others).toEqual([]);
    const person = linking.identity(id!);
    expect(person.anchoredBy).toBe('secondary');
    expect(person.accounts.map((a) => [a.sourceName, a.linkReason])).toEqual([
      ['directory', 'identity_provider'],
      ['gh', 'auto_anchor'],
    ]);
  });

  it('queues the account whose principal name and address name different people', () => {
    const queue = linking.needsAnchor('directory');
    expect(queue.map((item) => [item.externalId, item.reason])).toEqual([
      ['d-conflict', 'conflicting_anchors'],
    ]);
    expect(identitiesWithEmail(conflictAnchor)).toHaveLength(1);
  });

  it("finds terminated people with access through each identity provider's own status words", async () => {
    const findings = await linking.findings();
    const id = findings.find((f) => f.kind === 'findings.terminated_with_access')!.artifact.id;
    const rows: Record<string, unknown>[] = [];
    for await (const row of readArtifactRows(getArtifact(core.store, id))) rows.push(row);
    expect(rows).toEqual(
      expect.arrayContaining([
        // Deprovisioned in Okta, still enabled in the directory.
        expect.objectContaining({
          source: 'directory',
          account_id: 'd-terminated',
          idp_status: 'DEPROVISIONED',
        }),
        // Blocked in the directory (its own word), still a GitHub member.
        expect.objectContaining({
          source: 'gh',
          account_id: String(ghUserOf[goneContractor]),
          idp_status: 'SignInBlocked',
        }),
      ]),
    );
    const orphans = findings.find((f) => f.kind === 'findings.orphaned_accounts')!.artifact.id;
    const orphanIds: unknown[] = [];
    for await (const row of readArtifactRows(getArtifact(core.store, orphans)))
      orphanIds.push(row.account_id);
    // The conflicting directory account belongs to no one yet; a person the directory alone knows is someone.
    expect(orphanIds).toContain('d-conflict');
    expect(orphanIds).not.toContain('d-only-here');
  });

  it('re-anchors everyone on another primary identity provider, and back', () => {
    linking.setPrimary('directory');
    expect(linking.primary().source).toBe('directory');
    const [id, ...others] = identitiesWithEmail(everywhere);
    expect(others).toEqual([]);
    const person = linking.identity(id!);
    expect(person.accounts.map((a) => [a.sourceName, a.linkReason])).toEqual([
      ['directory', 'identity_provider'],
      ['gh', 'auto_anchor'],
      ['okta', 'auto_email'],
    ]);
    // Okta people the directory does not know are now the secondary-anchored ones.
    const secondary = q<{ n: number }>(
      `SELECT count(*) AS n FROM identities WHERE anchored_by = 'secondary'`,
    )[0]!.n;
    expect(secondary).toBeGreaterThan(0);
    expect(linking.identity(identitiesWithEmail(onlyHere)[0]!).anchoredBy).toBe('primary');

    linking.setPrimary('okta');
    const [back, ...more] = identitiesWithEmail(everywhere);
    expect(more).toEqual([]);
    expect(linking.identity(back!).accounts.map((a) => a.sourceName)).toEqual(['directory', 'gh', 'okta']);
    expect(q<{ n: number }>('SELECT count(*) AS n FROM identities')[0]!.n).toBe(okta.org.users.length + 2);
  });

  it('keeps a manual link across a change of anything it does not touch', () => {
    const conflict = accountId('directory', 'd-conflict');
    const person = identitiesWithEmail(conflictAnchor)[0]!;
    linking.link(conflict, person, 'test');
    expect(linking.needsAnchor('directory')).toEqual([]);
    expect(linking.identity(person).accounts.map((a) => [a.externalId, a.linkReason])).toContainEqual([
      'd-conflict',
      'manual',
    ]);
  });
});
