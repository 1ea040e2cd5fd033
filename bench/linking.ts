// bench/linking: link 1M accounts across 5 application sources to 200k identities, and compare the linker's
// time with the floor: a single indexed SQL join on lower(email) producing the same pairs. Measured twice:
// the first (full) link, and the incremental relink after a typical sync changed 1% of the accounts (and
// 1% of the identity provider's people). The needs-anchor queue is compared with its own floor: one indexed
// query listing the same accounts (live, unlinked, unmarked), without reasons or candidates.
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

// A typical sync: 1% of each application's accounts changed (another person's address, or the same one in
// other case), 1% of the IdP's people renamed or moved to another address; written as a sync writes them.
const changedPerSource = Math.round(accountsPerSource / 100);
const changedPeople = Math.round(identityCount / 100);
write(
  'idp',
  1,
  Array.from({ length: changedPeople }, (_, j) => {
    const i = (j * 97) % identityCount;
    return j % 2
      ? { ...record(`idp${i}`, person(i)), displayName: `Renamed ${i}` }
      : record(`idp${i}`, `moved${i}@acme.example`);
  }),
);
for (let s = 0; s < appSources; s++) {
  const id = `app${s}`;
  write(
    id,
    s + 2,
    Array.from({ length: changedPerSource }, (_, j) => {
      const i = (j * 89 + s) % accountsPerSource;
      const who = (i * 3 + 11) % identityCount;
      return record(`${id}-${i}`, j % 3 ? person(who) : person(who).toUpperCase());
    }),
  );
}
const changedAccounts = changedPeople + appSources * changedPerSource;
const incrementalStarted = performance.now();
const incremental = linking.relink();
const incrementalMs = performance.now() - incrementalStarted;

// The queue's floor: one indexed query producing the same accounts, in the queue's order.
const queueFloorStarted = performance.now();
const queueFloorRows = store.sqlite
  .prepare(
    `SELECT a.id, s.name, a.external_id, a.login, a.email, a.display_name, a.status
       FROM accounts a JOIN sources s ON s.id = a.source_id
      WHERE a.source_id <> 'idp' AND a.expired_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM account_links l WHERE l.account_id = a.id AND l.identity_id IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM account_marks m WHERE m.account_id = a.id)
      ORDER BY s.name, a.login, a.external_id`,
  )
  .all().length;
const queueFloorMs = performance.now() - queueFloorStarted;

const queueStarted = performance.now();
const queueSize = linking.needsAnchor().length;
const queueMs = performance.now() - queueStarted;
if (queueSize !== queueFloorRows) throw new Error(`queue ${queueSize} rows, floor ${queueFloorRows}`);

console.log(
  '\n' +
    table(
      ['step', 'time', 'rows', 'ratio to floor'],
      [
        [
          'first link (every account decided)',
          fmtSeconds(linkMs),
          fmtInt(result.byAnchor + result.byEmail),
          fmtRatio(linkMs / floorMs),
        ],
        [
          `relink after a sync changed ${fmtInt(changedAccounts)} accounts`,
          fmtSeconds(incrementalMs),
          fmtInt(incremental.decided),
          fmtRatio(incrementalMs / floorMs),
        ],
        ['floor: indexed join on lower(email)', fmtSeconds(floorMs), fmtInt(floorPairs), '1.00x'],
        [
          'needs-anchor queue with candidates',
          fmtSeconds(queueMs),
          fmtInt(queueSize),
          fmtRatio(queueMs / queueFloorMs),
        ],
        [
          'floor: one indexed query, same accounts',
          fmtSeconds(queueFloorMs),
          fmtInt(queueFloorRows),
          '1.00x',
        ],
      ],
    ),
);
console.log(
  `\nFirst link: by anchor ${fmtInt(result.byAnchor)}, by email ${fmtInt(result.byEmail)}; identities ${fmtInt(result.identities)}.` +
    `\nRelink: ${fmtInt(incremental.decided)} accounts decided again (${incremental.full ? 'full' : 'incremental'}).`,
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
  changedAccounts,
  incrementalMs,
  incrementalRatio: incrementalMs / floorMs,
  incrementalDecided: incremental.decided,
  byAnchor: result.byAnchor,
  byEmail: result.byEmail,
  floorPairs,
  queueSize,
  queueMs,
  queueFloorMs,
  queueRatio: queueMs / queueFloorMs,
});
store.close();
if (hasFlag('keep')) console.log(`Kept the store in ${dir}`);
else rmSync(dir, { recursive: true, force: true });
