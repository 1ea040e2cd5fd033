// Cross-source linking on a real store: every automatic reason, every needs-anchor reason, candidates,
// and manual decisions that survive relinking.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountRecord } from '../../src-shared/datasets.ts';
import { oktaConnector } from '../../src-main/engine/connectors/okta/okta-connector.ts';
import { registerConnector } from '../../src-main/engine/connectors/registry.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { LinkingService } from '../../src-main/engine/linking/linking-service.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';
import { IdentityGraphWriter } from '../../src-main/engine/store/identity-graph-writer.ts';

// A stand-in application source whose accounts carry a SAML nameId anchor, as GitHub's will.
registerConnector('testapp', {
  ...oktaConnector,
  describe: () => ({
    ...oktaConnector.describe(),
    kind: 'testapp',
    role: 'application',
    anchorAttribute: 'saml_name_id',
  }),
});

let dir: string;
let store: Store;
let linking: LinkingService;

function account(id: string, email: string | null, extra: Partial<AccountRecord> = {}): AccountRecord {
  return {
    externalId: id,
    login: extra.login ?? email ?? id,
    email,
    displayName: extra.displayName ?? id,
    status: extra.status ?? 'ACTIVE',
    createdAt: null,
    lastLoginAt: null,
    attributes: extra.attributes ?? {},
  };
}

function addSource(id: string, kind: string, records: AccountRecord[]) {
  store.sqlite
    .prepare(
      `INSERT INTO sources (id, name, kind, config, sealed_credentials, credential_fingerprint, credentials_rotated_at)
       VALUES (?, ?, ?, '{}', '{}', 'sha256:0', '2026-01-01')`,
    )
    .run(id, id, kind);
  store.sqlite
    .prepare(
      `INSERT INTO sync_runs (id, source_id, status, credential_fingerprint, started_at) VALUES (?, ?, 'complete', 'x', 'x')`,
    )
    .run(id === 'okta' ? 1 : 2, id);
  new IdentityGraphWriter(store.sqlite).writeBatch('accounts', id, id === 'okta' ? 1 : 2, records);
}

const accountId = (sourceId: string, externalId: string) =>
  (
    store.sqlite
      .prepare('SELECT id FROM accounts WHERE source_id = ? AND external_id = ?')
      .get(sourceId, externalId) as { id: number }
  ).id;
const identityOf = (externalId: string) =>
  (
    store.sqlite
      .prepare(
        `SELECT i.id FROM identities i JOIN accounts a ON a.id = i.anchor_account_id WHERE a.source_id = 'okta' AND a.external_id = ?`,
      )
      .get(externalId) as { id: number }
  ).id;
const linkOf = (externalId: string) =>
  store.sqlite
    .prepare('SELECT identity_id AS identityId, reason FROM account_links WHERE account_id = ?')
    .get(accountId('gh', externalId));

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-linking-'));
  store = openStore(dir);
  linking = new LinkingService(store);
  addSource('okta', 'okta', [
    account('alice', 'alice@acme.com', { displayName: 'Alice Smith' }),
    account('bob', 'bob@acme.com', { displayName: 'Bob Jones', status: 'DEPROVISIONED' }),
    account('carol', 'shared@acme.com', { displayName: 'Carol One', login: 'carol@acme.com' }),
    account('carol2', 'shared@acme.com', { displayName: 'Carol Two', login: 'carol2@acme.com' }),
    account('dave', 'dave.d@acme.com', { displayName: 'Dave Doe', login: 'dave@acme.com' }),
  ]);
  addSource('gh', 'testapp', [
    account('gh-alice', 'Alice@ACME.com'),
    account('gh-dave', null, { attributes: { saml_name_id: 'DAVE@acme.com' } }),
    account('gh-ghost', null),
    account('gh-zed', 'zed@other.com', { displayName: 'Alice Smith' }),
    account('gh-shared', 'shared@acme.com'),
    account('gh-conflict', 'alice@acme.com', { attributes: { saml_name_id: 'bob@acme.com' } }),
  ]);
  linking.relink();
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('automatic linking', () => {
  it('links by case-insensitive email and by anchor, recording the reason', () => {
    expect(linkOf('gh-alice')).toEqual({ identityId: identityOf('alice'), reason: 'auto_email' });
    expect(linkOf('gh-dave')).toEqual({ identityId: identityOf('dave'), reason: 'auto_anchor' });
  });

  it('queues what it cannot link, with the reason', () => {
    const queue = Object.fromEntries(linking.needsAnchor().map((item) => [item.externalId, item.reason]));
    expect(queue).toEqual({
      'gh-ghost': 'no_email',
      'gh-zed': 'email_matches_no_identity',
      'gh-shared': 'email_matches_several_identities',
      'gh-conflict': 'conflicting_anchors',
    });
  });

  it('ranks candidates by name and email similarity', () => {
    const zed = linking.needsAnchor('gh').find((item) => item.externalId === 'gh-zed')!;
    expect(zed.candidates[0]).toMatchObject({ identityId: identityOf('alice'), displayName: 'Alice Smith' });
    const shared = linking.needsAnchor().find((item) => item.externalId === 'gh-shared')!;
    expect(shared.candidates.map((c) => c.displayName).sort()).toEqual(['Carol One', 'Carol Two']);
  });
});

describe('decisions people make', () => {
  it('persist across relinking: link, unlink and mark', () => {
    linking.link(accountId('gh', 'gh-zed'), identityOf('alice'), 'cli:auditor');
    linking.unlink(accountId('gh', 'gh-alice'), 'cli:auditor');
    linking.mark(accountId('gh', 'gh-ghost'), 'service', 'CI deploy bot', 'cli:auditor');
    linking.relink();
    expect(linkOf('gh-zed')).toEqual({ identityId: identityOf('alice'), reason: 'manual' });
    expect(linkOf('gh-alice')).toEqual({ identityId: null, reason: 'manual_unlink' });
    const queue = Object.fromEntries(linking.needsAnchor().map((item) => [item.externalId, item.reason]));
    expect(queue['gh-alice']).toBe('unlinked_by_person');
    expect(queue['gh-ghost']).toBeUndefined();
    expect(queue['gh-zed']).toBeUndefined();
  });

  it('shows a person with every account and refuses to link identity provider accounts', () => {
    const alice = linking.identity(identityOf('alice'));
    expect(alice.accounts.map((a) => [a.sourceName, a.externalId, a.linkReason])).toEqual([
      ['gh', 'gh-alice', 'auto_email'],
      ['okta', 'alice', 'identity_provider'],
    ]);
    expect(() => linking.link(accountId('okta', 'bob'), identityOf('alice'), 'x')).toThrow(
      'identity provider',
    );
  });
});

describe('findings', () => {
  async function rows(id: string) {
    const out: Record<string, unknown>[] = [];
    for await (const row of readArtifactRows(getArtifact(store, id))) out.push(row);
    return out;
  }

  it('reports orphaned accounts, terminated people with access, and admins, as artifacts', async () => {
    // gh-bob is linked to Bob, whom the IdP deprovisioned, and is still active here.
    new IdentityGraphWriter(store.sqlite).writeBatch('accounts', 'gh', 2, [
      account('gh-bob', 'bob@acme.com'),
    ]);
    new IdentityGraphWriter(store.sqlite).writeBatch('admin_roles', 'okta', 1, [
      {
        principalType: 'user',
        principalExternalId: 'alice',
        roleId: 'ra1',
        roleType: 'SUPER_ADMIN',
        roleLabel: 'Super Administrator',
        assignmentType: 'USER',
        scope: null,
      },
    ]);
    linking.relink();
    linking.mark(accountId('gh', 'gh-ghost'), 'service', 'deploy bot', 'test');
    const findings = Object.fromEntries((await linking.findings()).map((f) => [f.kind, f]));

    const orphans = await rows(findings['findings.orphaned_accounts']!.artifact.id);
    expect(orphans.map((r) => r.account_id).sort()).toEqual(['gh-conflict', 'gh-shared', 'gh-zed']);
    const terminated = await rows(findings['findings.terminated_with_access']!.artifact.id);
    expect(terminated).toEqual([
      expect.objectContaining({
        account_id: 'gh-bob',
        person: 'Bob Jones',
        idp_status: 'DEPROVISIONED',
        link_reason: 'auto_email',
      }),
    ]);
    const admins = await rows(findings['findings.admins']!.artifact.id);
    expect(admins).toEqual([
      expect.objectContaining({
        source: 'okta',
        account_id: 'alice',
        role: 'Super Administrator',
        person: 'Alice Smith',
      }),
    ]);
    // Never synced through a sync run here, so the sources' last sync is unknown: the findings say so.
    const artifact = getArtifact(store, findings['findings.admins']!.artifact.id);
    expect(artifact.complete).toBe(false);
    expect(artifact.provenance.partialReason).toContain('never synced');
  });
});
