// Write-path throughput: rows/s of the sync's write path (IdentityGraphWriter upserts, batches of 1000, one
// transaction per batch with the lane's lease checked before each commit, exactly as runSourceSync does) vs a
// raw better-sqlite3 prepared INSERT loop in a single transaction on the same rows, same database settings.
//
//   npm run bench:ingest               200k accounts + 500k group memberships, median of 3 runs
//   npm run bench:ingest -- --quick    20k accounts + ~50k memberships, median of 3 runs
//
// Target: ours >= 0.5x the raw insert baseline, first sync and steady-state (second) sync.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AccountRecord, GroupMemberRecord } from '../src-shared/datasets.ts';
import { oktaUserSchema, oktaUserToAccount } from '../src-main/engine/connectors/okta/okta-mappers.ts';
import { JobQueue } from '../src-main/engine/jobs/job-queue.ts';
import { LeaseKeeper } from '../src-main/engine/jobs/lease-keeper.ts';
import { openStore, type Store } from '../src-main/engine/store/db.ts';
import { IdentityGraphWriter } from '../src-main/engine/store/identity-graph-writer.ts';
import type { CommitGuard } from '../src-main/engine/sync/run-source-sync.ts';
import { generateOktaOrg } from '../sim/okta/org-generator.ts';
import { fmtInt, fmtRatio, hasFlag, loadLine, machine, median, table, writeResult } from './lib/report.ts';

const quick = hasFlag('quick');
const USERS = quick ? 20_000 : 200_000;
const MEMBERSHIPS = quick ? 50_000 : 500_000;
const REPS = 3;
/** What the connectors' DatasetWriter emits per batch event, i.e. what runSourceSync writes per transaction. */
// The pipeline commits one connector batch per transaction: 5,000 rows (src-main/engine/connectors/dataset-runner.ts).
const BATCH = 5_000;
/** The what-if: connector batches per transaction. */
const COALESCE = 10;
const TARGET = 0.5;
const SOURCE_ID = 'src_bench_okta';

// ---------------------------------------------------------------------------------------------- the rows

function generateRows(): { accounts: AccountRecord[]; members: GroupMemberRecord[] } {
  // The Okta simulator's generator: realistic ids, profiles and a skewed membership spread (Everyone holds
  // every user). Rows come in listing order (ids ascending), as the connector receives them.
  const org = generateOktaOrg({ seed: 7, users: USERS });
  const accounts = org.users.map((user) => oktaUserToAccount(oktaUserSchema.parse(user)));
  const members: GroupMemberRecord[] = [];
  outer: for (const group of org.groups) {
    for (const accountExternalId of org.memberships.get(group.id) ?? []) {
      if (members.length >= MEMBERSHIPS) break outer;
      members.push({ groupExternalId: group.id, accountExternalId });
    }
  }
  return { accounts, members };
}

// ------------------------------------------------------------------------------------------ the baseline

/** The same columns and the same unique key as the store's tables; no foreign key, no secondary index. */
const RAW_DDL = `
CREATE TABLE raw_accounts (
  id integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  source_id text NOT NULL,
  external_id text NOT NULL,
  login text, email text, display_name text,
  status text NOT NULL,
  created_at_provider text, last_login_at text,
  attributes text NOT NULL,
  first_seen_run integer NOT NULL, last_seen_run integer NOT NULL, expired_at text
);
CREATE UNIQUE INDEX raw_accounts_key ON raw_accounts (source_id, external_id);
CREATE TABLE raw_group_members (
  source_id text NOT NULL,
  group_external_id text NOT NULL,
  account_external_id text NOT NULL,
  first_seen_run integer NOT NULL, last_seen_run integer NOT NULL, expired_at text,
  PRIMARY KEY (source_id, group_external_id, account_external_id)
);`;

/** The secondary indexes the store's schema adds on these two tables (for the informational variant). */
const SCHEMA_SECONDARY_INDEXES = `
CREATE INDEX raw_accounts_email ON raw_accounts (lower(email));
CREATE INDEX raw_accounts_seen ON raw_accounts (source_id, last_seen_run);
CREATE INDEX raw_group_members_seen ON raw_group_members (source_id, last_seen_run);`;

/** The same settings openStore applies. */
function openRaw(file: string, withSchemaIndexes: boolean): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  db.exec(RAW_DDL);
  if (withSchemaIndexes) db.exec(SCHEMA_SECONDARY_INDEXES);
  return db;
}

interface Timing {
  accountsMs: number;
  membersMs: number;
}

function rawInsert(db: Database.Database, rows: ReturnType<typeof generateRows>, runId: number): Timing {
  const insertAccount = db.prepare(
    `INSERT INTO raw_accounts (source_id, external_id, login, email, display_name, status, created_at_provider,
       last_login_at, attributes, first_seen_run, last_seen_run, expired_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
  );
  const insertMember = db.prepare(
    `INSERT INTO raw_group_members (source_id, group_external_id, account_external_id, first_seen_run,
       last_seen_run, expired_at) VALUES (?, ?, ?, ?, ?, NULL)`,
  );
  let t = performance.now();
  db.transaction(() => {
    for (const r of rows.accounts) {
      insertAccount.run(
        SOURCE_ID,
        r.externalId,
        r.login,
        r.email,
        r.displayName,
        r.status,
        r.createdAt,
        r.lastLoginAt,
        JSON.stringify(r.attributes),
        runId,
        runId,
      );
    }
  })();
  const accountsMs = performance.now() - t;
  t = performance.now();
  db.transaction(() => {
    for (const r of rows.members)
      insertMember.run(SOURCE_ID, r.groupExternalId, r.accountExternalId, runId, runId);
  })();
  return { accountsMs, membersMs: performance.now() - t };
}

/** Informational: a raw upsert over rows that all exist (what the steady state costs at minimum). */
function rawUpsert(db: Database.Database, rows: ReturnType<typeof generateRows>, runId: number): Timing {
  const upsertAccount = db.prepare(
    `INSERT INTO raw_accounts (source_id, external_id, login, email, display_name, status, created_at_provider,
       last_login_at, attributes, first_seen_run, last_seen_run, expired_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT (source_id, external_id) DO UPDATE SET login = excluded.login, email = excluded.email,
       display_name = excluded.display_name, status = excluded.status,
       created_at_provider = excluded.created_at_provider, last_login_at = excluded.last_login_at,
       attributes = excluded.attributes, last_seen_run = excluded.last_seen_run, expired_at = NULL`,
  );
  const upsertMember = db.prepare(
    `INSERT INTO raw_group_members (source_id, group_external_id, account_external_id, first_seen_run,
       last_seen_run, expired_at) VALUES (?, ?, ?, ?, ?, NULL)
     ON CONFLICT (source_id, group_external_id, account_external_id) DO UPDATE SET
       last_seen_run = excluded.last_seen_run, expired_at = NULL`,
  );
  let t = performance.now();
  db.transaction(() => {
    for (const r of rows.accounts) {
      upsertAccount.run(
        SOURCE_ID,
        r.externalId,
        r.login,
        r.email,
        r.displayName,
        r.status,
        r.createdAt,
        r.lastLoginAt,
        JSON.stringify(r.attributes),
        runId,
        runId,
      );
    }
  })();
  const accountsMs = performance.now() - t;
  t = performance.now();
  db.transaction(() => {
    for (const r of rows.members)
      upsertMember.run(SOURCE_ID, r.groupExternalId, r.accountExternalId, runId, runId);
  })();
  return { accountsMs, membersMs: performance.now() - t };
}

// ------------------------------------------------------------------------------------------ our write path

interface OurSession {
  store: Store;
  writer: IdentityGraphWriter;
  guard: CommitGuard;
  newRun(): number;
}

function openOurs(dir: string): OurSession {
  const store = openStore(dir);
  const now = new Date().toISOString();
  store.sqlite
    .prepare(
      `INSERT INTO sources (id, name, kind, config, sealed_credentials, credential_fingerprint, credentials_rotated_at)
       VALUES (?, ?, 'okta', '{}', '{}', 'sha256:bench', ?)`,
    )
    .run(SOURCE_ID, 'bench okta', now);
  // A real lease, checked against the jobs table before every commit, as a lane's sync does.
  const queue = new JobQueue(store.sqlite);
  const jobId = queue.enqueue('sync', { source: 'bench okta' });
  const job = queue.claim('full:bench', ['sync'], 30 * 60_000);
  if (!job || job.id !== jobId) throw new Error('could not claim the bench job');
  const guard = new LeaseKeeper({ queue, jobId, owner: job.owner, leaseMs: 30 * 60_000 });
  const insertRun = store.sqlite.prepare(
    `INSERT INTO sync_runs (source_id, job_id, status, credential_fingerprint, started_at)
     VALUES (?, ?, 'running', 'sha256:bench', ?)`,
  );
  return {
    store,
    writer: new IdentityGraphWriter(store.sqlite),
    guard,
    newRun: () => Number(insertRun.run(SOURCE_ID, jobId, new Date().toISOString()).lastInsertRowid),
  };
}

/**
 * runSourceSync's batch branch: one transaction per connector batch of 1000, writes then the lease check.
 * `batchesPerTransaction` > 1 is the informational what-if: several batches that already arrived committed
 * together (still never across network I/O).
 */
function oursSync(s: OurSession, rows: ReturnType<typeof generateRows>, batchesPerTransaction = 1): Timing {
  const runId = s.newRun();
  const write = <E extends 'accounts' | 'group_members'>(
    entity: E,
    records: E extends 'accounts' ? AccountRecord[] : GroupMemberRecord[],
  ) => {
    const span = BATCH * batchesPerTransaction;
    for (let i = 0; i < records.length; i += span) {
      s.store.sqlite
        .transaction(() => {
          for (let j = i; j < Math.min(i + span, records.length); j += BATCH) {
            s.writer.writeBatch(entity, SOURCE_ID, runId, records.slice(j, j + BATCH) as never[]);
          }
          s.guard.assertHeld();
        })
        .immediate(); // as runSourceSync: IMMEDIATE, so a second process waits instead of failing
    }
  };
  let t = performance.now();
  write('accounts', rows.accounts);
  const accountsMs = performance.now() - t;
  t = performance.now();
  write('group_members', rows.members);
  return { accountsMs, membersMs: performance.now() - t };
}

function oursSweep(s: OurSession): number {
  const runId = Number(s.store.sqlite.prepare('SELECT max(id) AS id FROM sync_runs').pluck().get());
  const t = performance.now();
  s.store.sqlite
    .transaction(() => {
      s.writer.sweep(SOURCE_ID, runId, ['accounts', 'group_members'], new Date().toISOString());
      s.guard.assertHeld();
    })
    .immediate();
  return performance.now() - t;
}

// ------------------------------------------------------------------------------------------------ the run

interface RepResult {
  raw: Timing;
  rawIndexed: Timing;
  rawUpsertSecond: Timing;
  rawIndexedUpsertSecond: Timing;
  oursFirst: Timing;
  oursSecond: Timing;
  oursSweepMs: number;
  oursCoalescedFirst: Timing;
  oursCoalescedSecond: Timing;
}

function runRep(rows: ReturnType<typeof generateRows>, rep: number): RepResult {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-ingest-'));
  try {
    // Alternate which side goes first so page-cache and heap warm-up do not favour one of them.
    const oursFirstInOrder = rep % 2 === 1;
    const doRaw = () => {
      const raw = openRaw(path.join(dir, 'raw.db'), false);
      const timing = rawInsert(raw, rows, 1);
      const second = rawUpsert(raw, rows, 2);
      raw.close();
      return { timing, second };
    };
    const doOurs = () => {
      const ours = openOurs(path.join(dir, 'ours'));
      const first = oursSync(ours, rows);
      const second = oursSync(ours, rows);
      const sweepMs = oursSweep(ours);
      ours.store.close();
      return { first, second, sweepMs };
    };
    const o1 = oursFirstInOrder ? doOurs() : null;
    const r = doRaw();
    const o = o1 ?? doOurs();
    const coalesced = openOurs(path.join(dir, 'ours-coalesced'));
    const oursCoalescedFirst = oursSync(coalesced, rows, COALESCE);
    const oursCoalescedSecond = oursSync(coalesced, rows, COALESCE);
    coalesced.store.close();
    const rawIndexedDb = openRaw(path.join(dir, 'raw-indexed.db'), true);
    const rawIndexed = rawInsert(rawIndexedDb, rows, 1);
    const rawIndexedUpsertSecond = rawUpsert(rawIndexedDb, rows, 2);
    rawIndexedDb.close();
    return {
      raw: r.timing,
      rawIndexed,
      rawUpsertSecond: r.second,
      rawIndexedUpsertSecond,
      oursFirst: o.first,
      oursSecond: o.second,
      oursSweepMs: o.sweepMs,
      oursCoalescedFirst,
      oursCoalescedSecond,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const startedAt = new Date().toISOString();
  console.log(`ingest bench${quick ? ' (--quick)' : ''}: generating ${fmtInt(USERS)} users ...`);
  const rows = generateRows();
  console.log(loadLine());
  console.log(
    `${fmtInt(rows.accounts.length)} AccountRecords, ${fmtInt(rows.members.length)} group memberships; ` +
      `${REPS} repetitions, fresh database files in ${os.tmpdir()} each time\n`,
  );
  const reps: RepResult[] = [];
  for (let i = 0; i < REPS; i++) {
    const rep = runRep(rows, i);
    reps.push(rep);
    const total = (t: Timing) => t.accountsMs + t.membersMs;
    console.log(
      `  rep ${i + 1}: raw ${total(rep.raw).toFixed(0)} ms, ours first ${total(rep.oursFirst).toFixed(0)} ms, ` +
        `ours second ${total(rep.oursSecond).toFixed(0)} ms`,
    );
  }

  const nAcc = rows.accounts.length;
  const nMem = rows.members.length;
  const pick = (f: (r: RepResult) => Timing) => ({
    accountsMs: median(reps.map((r) => f(r).accountsMs)),
    membersMs: median(reps.map((r) => f(r).membersMs)),
    totalMs: median(reps.map((r) => f(r).accountsMs + f(r).membersMs)),
  });
  const rate = (n: number, ms: number) => (n / ms) * 1000;
  const series = {
    raw: pick((r) => r.raw),
    oursFirst: pick((r) => r.oursFirst),
    oursSecond: pick((r) => r.oursSecond),
    rawIndexed: pick((r) => r.rawIndexed),
    rawUpsertSecond: pick((r) => r.rawUpsertSecond),
    rawIndexedUpsertSecond: pick((r) => r.rawIndexedUpsertSecond),
    oursCoalescedFirst: pick((r) => r.oursCoalescedFirst),
    oursCoalescedSecond: pick((r) => r.oursCoalescedSecond),
  };
  const rates = Object.fromEntries(
    Object.entries(series).map(([k, v]) => [
      k,
      {
        accounts: rate(nAcc, v.accountsMs),
        group_members: rate(nMem, v.membersMs),
        all: rate(nAcc + nMem, v.totalMs),
      },
    ]),
  ) as Record<keyof typeof series, { accounts: number; group_members: number; all: number }>;
  // Ratios are taken within each repetition (both sides measured back to back), then the median: that is
  // robust to the machine getting faster or slower between repetitions.
  const msOf = (t: Timing, k: 'accounts' | 'group_members' | 'all') =>
    k === 'accounts' ? t.accountsMs : k === 'group_members' ? t.membersMs : t.accountsMs + t.membersMs;
  const ratio = (
    ours: keyof typeof series,
    base: keyof typeof series,
    k: 'accounts' | 'group_members' | 'all',
  ) => median(reps.map((r) => msOf(r[base], k) / msOf(r[ours], k)));
  const sweepMs = median(reps.map((r) => r.oursSweepMs));

  const kinds = ['accounts', 'group_members', 'all'] as const;
  const rowsOf = (label: string, key: keyof typeof series) => [
    label,
    ...kinds.map((k) => fmtInt(rates[key][k])),
  ];
  const ratioRow = (label: string, ours: keyof typeof series, base: keyof typeof series) => [
    label,
    ...kinds.map((k) => fmtRatio(ratio(ours, base, k))),
  ];
  console.log('\nRows/s (median of repetitions; higher is better)\n');
  console.log(
    table(
      ['', 'accounts', 'group_members', 'all rows'],
      [
        rowsOf('baseline: raw INSERT, 1 transaction', 'raw'),
        rowsOf('ours: first sync (all inserts)', 'oursFirst'),
        rowsOf('ours: second sync (all upserts hit)', 'oursSecond'),
        rowsOf('info: raw INSERT + schema 2nd indexes', 'rawIndexed'),
        rowsOf('info: raw upsert, all rows exist', 'rawUpsertSecond'),
        rowsOf('info: raw upsert + schema 2nd indexes', 'rawIndexedUpsertSecond'),
        rowsOf(`what-if: ours, ${COALESCE} batches/txn, first`, 'oursCoalescedFirst'),
        rowsOf(`what-if: ours, ${COALESCE} batches/txn, second`, 'oursCoalescedSecond'),
      ],
    ),
  );
  const firstAll = ratio('oursFirst', 'raw', 'all');
  const secondAll = ratio('oursSecond', 'raw', 'all');
  console.log(
    `\nRatios (ours rows/s / baseline rows/s, median of per-repetition ratios; target >= ${TARGET.toFixed(2)}x)\n`,
  );
  console.log(
    table(
      ['', 'accounts', 'group_members', 'all rows'],
      [
        ratioRow('first sync / raw INSERT', 'oursFirst', 'raw'),
        ratioRow('second sync / raw INSERT', 'oursSecond', 'raw'),
        ratioRow('info: first sync / raw INSERT + 2nd idx', 'oursFirst', 'rawIndexed'),
        ratioRow('info: second sync / raw upsert', 'oursSecond', 'rawUpsertSecond'),
        ratioRow('info: second sync / raw upsert + 2nd idx', 'oursSecond', 'rawIndexedUpsertSecond'),
        ratioRow(`what-if ${COALESCE} batches/txn: first / raw`, 'oursCoalescedFirst', 'raw'),
        ratioRow(`what-if ${COALESCE} batches/txn: second / raw`, 'oursCoalescedSecond', 'raw'),
      ],
    ),
  );
  console.log(
    `\nfirst sync ${fmtRatio(firstAll)} and second sync ${fmtRatio(secondAll)} of the raw INSERT baseline ` +
      `(${firstAll >= TARGET && secondAll >= TARGET ? 'meets' : 'misses'} the ${TARGET}x target).`,
  );
  console.log(
    `Mark-and-sweep after the second sync (nothing to expire) took ${sweepMs.toFixed(0)} ms, ` +
      `${((sweepMs / series.oursSecond.totalMs) * 100).toFixed(1)}% of that sync's write time.`,
  );
  console.log(
    '\nOurs: IdentityGraphWriter.writeBatch in a transaction per 5000-row batch (as the sync pipeline does) with LeaseKeeper.assertHeld() ' +
      "(a real JobQueue lease query) before each commit, foreign key to sources on, the schema's secondary " +
      'indexes. Baseline: same columns and unique key, no FK, no secondary index, one prepared INSERT in one ' +
      'transaction. Both: WAL, synchronous=NORMAL, fresh files.',
  );

  const file = writeResult(quick ? 'ingest-quick' : 'ingest', {
    bench: 'ingest',
    quick,
    startedAt,
    machine: machine(),
    rows: { accounts: nAcc, group_members: nMem },
    batchSize: BATCH,
    repetitions: REPS,
    medianMs: series,
    rowsPerSecond: rates,
    ratios: {
      firstSyncVsRawInsert: {
        accounts: ratio('oursFirst', 'raw', 'accounts'),
        group_members: ratio('oursFirst', 'raw', 'group_members'),
        all: firstAll,
      },
      secondSyncVsRawInsert: {
        accounts: ratio('oursSecond', 'raw', 'accounts'),
        group_members: ratio('oursSecond', 'raw', 'group_members'),
        all: secondAll,
      },
      firstSyncVsRawInsertWithSchemaIndexes: ratio('oursFirst', 'rawIndexed', 'all'),
      secondSyncVsRawUpsert: ratio('oursSecond', 'rawUpsertSecond', 'all'),
      secondSyncVsRawUpsertWithSchemaIndexes: ratio('oursSecond', 'rawIndexedUpsertSecond', 'all'),
      whatIfCoalescedFirstVsRawInsert: ratio('oursCoalescedFirst', 'raw', 'all'),
      whatIfCoalescedSecondVsRawInsert: ratio('oursCoalescedSecond', 'raw', 'all'),
    },
    target: TARGET,
    meetsTarget: firstAll >= TARGET && secondAll >= TARGET,
    sweepAfterSecondSyncMs: sweepMs,
    perRep: reps,
  });
  console.log(`\nJSON summary: ${path.relative(process.cwd(), file)}`);
}

main();
