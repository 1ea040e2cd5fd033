// With Okta and Entra ID both connected (both simulated, the same people in each, synced through the real
// pipeline), one person is one identity: each Okta user's Entra account links to them by its principal
// name, people only Entra knows get identities of their own, and a person Okta deprovisioned who is still
// enabled in Entra is found as terminated with access.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEntraSimulator, type EntraSimulator } from '../../sim/entra/index.ts';
import { startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import { openEngineCore, type EngineCore } from '../../src-main/engine/engine-core.ts';
import { getArtifact, readArtifactRows } from '../../src-main/engine/evidence/artifact-reader.ts';
import { LinkingService } from '../../src-main/engine/linking/linking-service.ts';
import { EnvKeyWrapper } from '../../src-main/engine/secrets/env-key-wrapper.ts';
import { runSourceSync } from '../../src-main/engine/sync/run-source-sync.ts';

let okta: OktaSimulator;
let entra: EntraSimulator;
let dir: string;
let core: EngineCore;
let linking: LinkingService;

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
  expect(outcome.status, outcome.reason ?? '').toBe('complete');
  linking.relink();
}

const q = <T>(sql: string, ...params: unknown[]) => core.store.sqlite.prepare(sql).all(...params) as T[];

/** Every identity with the (source, external id) of each of its accounts, anchored or linked. */
function identities(): Map<number, [string, string][]> {
  const rows = q<{ identity: number; source: string; externalId: string }>(
    `SELECT coalesce(l.identity_id, i.id) AS identity, s.name AS source, a.external_id AS externalId
       FROM accounts a JOIN sources s ON s.id = a.source_id
       LEFT JOIN account_links l ON l.account_id = a.id LEFT JOIN identities i ON i.anchor_account_id = a.id
      WHERE coalesce(l.identity_id, i.id) IS NOT NULL`,
  );
  const out = new Map<number, [string, string][]>();
  for (const row of rows)
    out.set(row.identity, [...(out.get(row.identity) ?? []), [row.source, row.externalId]]);
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-okta-entra-'));
  okta = await startOktaSimulator({ users: 24, seed: 13, deprovisionedFraction: 0.15 });
  // The same people in Entra: their Okta login is their principal name and mail; 12 more only Entra knows.
  entra = await startEntraSimulator({
    seed: 13,
    users: okta.org.users.length + 13,
    people: okta.org.users.map((u) => ({
      email: u.profile.login,
      firstName: u.profile.firstName,
      lastName: u.profile.lastName,
    })),
  });
  core = openEngineCore(dir, {}, new EnvKeyWrapper(Buffer.alloc(32, 7)));
  linking = new LinkingService(core.store);
  core.sources.add({
    name: 'okta',
    kind: 'okta',
    config: { domain: okta.host, caPem: okta.caPem },
    secrets: { apiToken: okta.token },
  });
  core.sources.add({
    name: 'entra',
    kind: 'entra',
    config: {
      tenantId: entra.tenantId,
      clientId: entra.clientId,
      authorityUrl: entra.authorityUrl,
      graphUrl: entra.graphUrl,
      caPem: entra.caPem,
    },
    secrets: { clientSecret: entra.clientSecret },
  });
  await sync('okta');
  await sync('entra');
}, 120_000);
afterAll(async () => {
  core?.close();
  await okta?.close();
  await entra?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Okta and Entra ID connected together', () => {
  it('makes every Okta person one identity holding their Entra account', () => {
    expect(linking.primary().source).toBe('okta');
    const byAccount = new Map<string, number>();
    for (const [id, accounts] of identities()) for (const [s, e] of accounts) byAccount.set(`${s}:${e}`, id);
    for (const user of okta.org.users) {
      const entraUser = entra.tenant.users.find((u) => u.userPrincipalName === user.profile.login)!;
      const id = byAccount.get(`okta:${user.id}`);
      expect(id, user.profile.login).toBeDefined();
      expect(byAccount.get(`entra:${entraUser.id}`), user.profile.login).toBe(id);
    }
  });

  it('gives each person only Entra knows one identity, and nobody two', () => {
    const all = identities();
    for (const accounts of all.values()) {
      expect(accounts.filter(([s]) => s === 'okta').length).toBeLessThanOrEqual(1);
      expect(accounts.filter(([s]) => s === 'entra').length).toBeLessThanOrEqual(1);
    }
    const entraOnly = entra.tenant.users.length - okta.org.users.length;
    expect(all.size).toBe(okta.org.users.length + entraOnly);
  });

  it('finds people Okta deprovisioned or suspended who are still enabled in Entra', async () => {
    // Suspended in Okta counts too: the person may not sign in there, yet Entra still lets them.
    const deprovisioned = okta.org.users.filter(
      (u) => u.status === 'DEPROVISIONED' || u.status === 'SUSPENDED',
    );
    expect(deprovisioned.length).toBeGreaterThan(0);
    const findings = await linking.findings();
    const id = findings.find((f) => f.kind === 'findings.terminated_with_access')!.artifact.id;
    const rows: Record<string, unknown>[] = [];
    for await (const row of readArtifactRows(getArtifact(core.store, id))) rows.push(row);
    const flagged = rows.filter((r) => r.source === 'entra').map((r) => r.account_id);
    const expected = deprovisioned.map(
      (u) => entra.tenant.users.find((e) => e.userPrincipalName === u.profile.login)!.id,
    );
    expect(flagged.sort()).toEqual(expected.sort());
  });
});
