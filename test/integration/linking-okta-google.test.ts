// Okta and Google Workspace connected together: the Google domain's people are the Okta org's (the same
// corporate addresses), both synced through the real sync pipeline against their simulators, then linked.
// Each person is one identity holding both accounts; the Google-only super admin is an identity of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleSimulator, type GoogleSimulator } from '../../sim/google/index.ts';
import { startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import { openEngineCore, type EngineCore } from '../../src-main/engine/engine-core.ts';
import { LinkingService } from '../../src-main/engine/linking/linking-service.ts';
import { EnvKeyWrapper } from '../../src-main/engine/secrets/env-key-wrapper.ts';
import { runSourceSync } from '../../src-main/engine/sync/run-source-sync.ts';

let okta: OktaSimulator;
let google: GoogleSimulator;
let dir: string;
let core: EngineCore;
let linking: LinkingService;

async function sync(name: string): Promise<void> {
  const outcome = await runSourceSync({
    store: core.store,
    sources: core.sources,
    sourceName: name,
    jobId: null,
    guard: { assertHeld: () => {} },
    signal: new AbortController().signal,
  });
  expect(outcome.status).toBe('complete');
  linking.relink();
}

const q = <T>(sql: string, ...params: unknown[]) => core.store.sqlite.prepare(sql).all(...params) as T[];
/** Identities holding an account with this email (as anchor or linked). */
const identitiesWithEmail = (email: string) =>
  q<{ id: number }>(
    `SELECT DISTINCT coalesce(l.identity_id, i.id) AS id FROM accounts a
       LEFT JOIN account_links l ON l.account_id = a.id LEFT JOIN identities i ON i.anchor_account_id = a.id
      WHERE lower(a.email) = lower(?) AND coalesce(l.identity_id, i.id) IS NOT NULL`,
    email,
  ).map((r) => r.id);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-okta-google-'));
  okta = await startOktaSimulator({ users: 20, seed: 12 });
  google = await startGoogleSimulator({
    seed: 12,
    people: okta.org.users.map((u) => ({
      email: u.profile.email,
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
    name: 'gws',
    kind: 'google-workspace',
    config: { adminEmail: google.adminEmail, apiUrl: google.url, caPem: google.caPem },
    secrets: { serviceAccountKey: google.keyFileJson },
  });
  await sync('okta');
  await sync('gws');
}, 120_000);
afterAll(async () => {
  core?.close();
  await okta?.close();
  await google?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Okta and Google Workspace together', () => {
  it('makes each person one identity holding their Okta and Google accounts', () => {
    for (const user of okta.org.users) {
      const ids = identitiesWithEmail(user.profile.email);
      expect(ids, user.profile.email).toHaveLength(1);
      const person = linking.identity(ids[0] as number);
      expect(person.accounts.map((a) => a.sourceName).sort(), user.profile.email).toEqual(['gws', 'okta']);
    }
  });

  it('counts one identity per Okta person plus the Google-only super admin', () => {
    expect(q<{ n: number }>('SELECT count(*) AS n FROM identities')[0]?.n).toBe(okta.org.users.length + 1);
    expect(identitiesWithEmail(google.adminEmail)).toHaveLength(1);
  });
});
