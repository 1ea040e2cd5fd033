// Okta's federated id: the profile attribute a source configures (here employeeNumber) is kept as each
// account's federated_id and becomes its identity's federated id, which another IdP's accounts link by.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import { oktaConnector } from '../../src-main/engine/connectors/okta/okta-connector.ts';
import { federatedIdReader } from '../../src-main/engine/connectors/okta/okta-mappers.ts';
import { Engine } from '../../src-main/engine/engine.ts';
import { ChildProcessHost } from '../../src-main/engine/jobs/child-process-host.ts';
import { openStore } from '../../src-main/engine/store/db.ts';

let sim: OktaSimulator;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-okta-federated-'));
  sim = await startOktaSimulator({ users: 40, seed: 9, timeScale: 60 });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

it('keeps the configured profile attribute as the federated id of every user and identity', async () => {
  const engine = Engine.open(dir, { ...process.env, VOUCH_LEASE_MS: '5000' });
  try {
    engine.sources.add({
      name: 'okta',
      kind: 'okta',
      config: { domain: sim.host, caPem: sim.caPem, federatedIdAttribute: 'employeeNumber' },
      secrets: { apiToken: sim.token },
    });
    const [outcome] = await engine.sync({ names: ['okta'], host: new ChildProcessHost() });
    expect(outcome?.status).toBe('complete');
    engine.linking.relink();
  } finally {
    engine.close();
  }
  const store = openStore(dir);
  try {
    const accounts = store.sqlite
      .prepare(
        `SELECT external_id AS id, json_extract(attributes, '$.federated_id') AS federated FROM accounts`,
      )
      .all() as { id: string; federated: string | null }[];
    expect(accounts).toHaveLength(sim.org.users.length);
    const expected = new Map(sim.org.users.map((u) => [u.id, u.profile.employeeNumber]));
    for (const a of accounts) expect(a.federated, a.id).toBe(expected.get(a.id));
    const identities = store.sqlite
      .prepare(
        `SELECT a.external_id AS id, i.federated_id AS federated FROM identities i JOIN accounts a ON a.id = i.anchor_account_id`,
      )
      .all() as { id: string; federated: string | null }[];
    expect(identities).toHaveLength(sim.org.users.length);
    for (const i of identities) expect(i.federated, i.id).toBe(expected.get(i.id));
  } finally {
    store.close();
  }
});

it('refuses a value that is not text, and an attribute name that is not one', () => {
  const read = federatedIdReader('immutableId')!;
  expect(read({ profile: { immutableId: 'abc' } })).toBe('abc');
  expect(read({ profile: {} })).toBeNull();
  expect(() => read({ profile: { immutableId: { nested: true } } })).toThrow(/immutableId/);
  expect(federatedIdReader('')).toBeNull();
  const config = { domain: 'acme.okta.com' };
  expect(oktaConnector.checkConfig({ ...config, federatedIdAttribute: 'employeeNumber' })).toBeNull();
  expect(oktaConnector.checkConfig({ ...config, federatedIdAttribute: "x') OR 1=1" })).toContain(
    'not an Okta profile attribute name',
  );
});
