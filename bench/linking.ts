// bench/linking: link 1M accounts across 5 application sources to 200k identities, and compare the linker's
// time with the floor: a single indexed SQL join on lower(email) producing the same pairs.
// Run: npm run bench:linking [-- --quick]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AccountRecord } from '../src-shared/datasets.ts';
import { oktaConnector } from '../src-main/engine/connectors/okta/okta-connector.ts';
import { registerConnector } from '../src-main/engine/connectors/registry.ts';
import { LinkingService } from '../src-main/engine/linking/linking-service.ts';
import { openStore } from '../src-main/engine/store/db.ts';
import { IdentityGraphWriter } from '../src-main/engine/store/identity-graph-writer.ts';
import { fmtInt, fmtRatio, fmtSeconds, hasFlag, machine, table, writeResult } from './lib/report.ts';

const quick = hasFlag('quick');
const tiny = hasFlag('tiny');
const identityCount = tiny ? 2_000 : quick ? 20_000 : 200_000;
const appSources = 5;
const accountsPerSource = tiny ? 2_000 : quick ? 20_000 : 200_000;

registerConnector('benchapp', {
  ...oktaConnector,
  describe: () => ({
    ...oktaConnector.describe(),
    kind: 'benchapp',
    role: 'application',
    anchorAttribute: 'saml_name_id',
  }),
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-linking-'));
const store = openStore(dir);
const writer = new IdentityGraphWriter(store.sqlite);

function addSource(id: string, kind: string, runId: number): void {
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
    .run(runId, id);
}

function write(sourceId: string, runId: number, records: AccountRecord[]): void {
  for (let i = 0; i < records.length; i += 5_000) {
    store.sqlite.transaction(() =>
      writer.writeBatch('accounts', sourceId, runId, records.slice(i, i + 5_000)),
    )();
  }
}

const person = (i: number) => `person${i}@acme.example`;
const record = (
  id: string,
  email: string | null,
  attributes: Record<string, unknown> = {},
): AccountRecord => ({
  externalId: id,
  login: email ?? id,
  email,
  displayName: `Person ${id}`,
  status: 'ACTIVE',
  createdAt: null,
  lastLoginAt: null,
  attributes,
});

console.log(
  `Generating ${fmtInt(identityCount)} identities and ${fmtInt(appSources * accountsPerSource)} accounts…`,
);
addSource('idp', 'okta', 1);
write(
  'idp',
  1,
  Array.from({ length: identityCount }, (_, i) => record(`idp${i}`, person(i))),
);
for (let s = 0; s < appSources; s++) {
  const id = `app${s}`;
  addSource(id, 'benchapp', s + 2);
  // Mostly email matches (in varied case), some anchors without email, some strangers.
  write(
    id,
    s + 2,
    Array.from({ length: accountsPerSource }, (_, i) => {
      const who = (i * 7 + s * 13) % identityCount;
      if (i % 10 === 0) return record(`${id}-${i}`, null, { saml_name_id: person(who).toUpperCase() });
      if (i % 17 === 0) return record(`${id}-${i}`, `stranger${i}@other.example`);
      return record(`${id}-${i}`, i % 2 ? person(who).toUpperCase() : person(who));
    }),
  );
}
store.sqlite.exec('ANALYZE');

const linking = new LinkingService(store);
const started = performance.now();
const result = linking.relink();
const linkMs = performance.now() - started;

// The floor: one indexed join on lower(email), materialized, for the same accounts.
const floorStarted = performance.now();
store.sqlite.exec(`CREATE TEMP TABLE floor_pairs AS
  SELECT a.id AS account_id, i.id AS identity_id FROM accounts a
    JOIN identities i ON lower(i.email) = lower(a.email)
   WHERE a.source_id <> 'idp'`);
const floorMs = performance.now() - floorStarted;
const floorPairs = (store.sqlite.prepare('SELECT count(*) AS n FROM floor_pairs').get() as { n: number }).n;

const queueStarted = performance.now();
const queueSize = linking.needsAnchor().length;
const queueMs = performance.now() - queueStarted;

console.log(
  '\n' +
    table(
      ['step', 'time', 'rows', 'ratio to floor'],
      [
        [
          'relink (identities + anchors + emails)',
          fmtSeconds(linkMs),
          fmtInt(result.byAnchor + result.byEmail),
          fmtRatio(linkMs / floorMs),
        ],
        ['floor: indexed join on lower(email)', fmtSeconds(floorMs), fmtInt(floorPairs), '1.00x'],
        [
          'needs-anchor queue with candidates',
          fmtSeconds(queueMs),
          fmtInt(queueSize),
          fmtRatio(queueMs / floorMs),
        ],
      ],
    ),
);
console.log(
  `\nLinked by anchor ${fmtInt(result.byAnchor)}, by email ${fmtInt(result.byEmail)}; identities ${fmtInt(result.identities)}.`,
);
writeResult(quick ? 'linking-quick' : 'linking', {
  bench: 'linking',
  quick,
  machine: machine(),
  identities: identityCount,
  accounts: appSources * accountsPerSource,
  linkMs,
  floorMs,
  ratio: linkMs / floorMs,
  byAnchor: result.byAnchor,
  byEmail: result.byEmail,
  floorPairs,
  queueSize,
  queueMs,
});
store.close();
rmSync(dir, { recursive: true, force: true });
