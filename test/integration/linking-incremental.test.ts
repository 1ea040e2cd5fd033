// Incremental linking gives what a full recompute gives. Two stores receive the same syncs (random changes
// to a primary IdP, two secondary IdPs and two applications, written through the sync's writer and swept as
// a complete run would) and the same decisions by people (link, unlink, mark); one relinks incrementally,
// the other decides every account again. After every round, identities, links, marks and the needs-anchor
// queue with its candidates must be the same. The full side also takes the large-batch path (key bounds
// aggregated once per rank), so both ways of reading identity keys are compared. Addresses come from a
// small pool, so collisions, conflicts, people appearing in and vanishing from the primary IdP, and
// dissolved identities all happen.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountRecord } from '../../src-shared/datasets.ts';
import { oktaConnector } from '../../src-main/engine/connectors/okta/okta-connector.ts';
import { registerConnector } from '../../src-main/engine/connectors/registry.ts';
import { LinkingService } from '../../src-main/engine/linking/linking-service.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';
import { IdentityGraphWriter } from '../../src-main/engine/store/identity-graph-writer.ts';

for (const [kind, role, anchorAttribute] of [
  ['incidp', 'identity_provider', 'upn'],
  ['incapp', 'application', 'saml_name_id'],
] as const) {
  registerConnector(kind, {
    ...oktaConnector,
    describe: () => ({ ...oktaConnector.describe(), kind, role, anchorAttribute }),
  });
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sources = [
  { id: 'okta', kind: 'okta', anchor: null },
  { id: 'idp2', kind: 'incidp', anchor: 'upn' },
  { id: 'idp3', kind: 'incidp', anchor: 'upn' },
  { id: 'app1', kind: 'incapp', anchor: 'saml_name_id' },
  { id: 'app2', kind: 'incapp', anchor: 'saml_name_id' },
] as const;
type SourceId = (typeof sources)[number]['id'];

const names = ['ada', 'bob', 'cy', 'dee', 'eve', 'fay', 'gus', 'hal', 'ivy', 'jo', 'kai', 'lu'];
const surnames = ['north', 'south', 'east', 'west', 'stone'];

class World {
  readonly accounts = new Map<SourceId, Map<string, AccountRecord>>(sources.map((s) => [s.id, new Map()]));
  private next = 0;
  constructor(private readonly rnd: () => number) {}

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rnd() * list.length)]!;
  }

  private person(): { email: string; name: string } {
    const first = this.pick(names);
    const last = this.pick(surnames);
    return { email: `${first}.${last}@acme.example`, name: `${first} ${last}` };
  }

  private cased(email: string): string {
    return this.rnd() < 0.3 ? email.toUpperCase() : email;
  }

  newAccount(source: (typeof sources)[number]): AccountRecord {
    const { email, name } = this.person();
    const r = this.rnd();
    const anchorValue = source.anchor && r < 0.5 ? (r < 0.1 ? this.person().email : this.cased(email)) : null;
    return {
      externalId: `${source.id}-${this.next++}`,
      login: source.id === 'okta' ? `${name.replace(' ', '.')}${this.next}@login.example` : email,
      email: r > 0.9 ? null : this.cased(email),
      displayName: name,
      status: this.rnd() < 0.15 ? (source.kind === 'okta' ? 'DEPROVISIONED' : 'SUSPENDED') : 'ACTIVE',
      createdAt: null,
      lastLoginAt: null,
      attributes: anchorValue ? { [source.anchor!]: anchorValue } : {},
    };
  }

  populate(perSource: number): void {
    for (const source of sources) {
      for (let i = 0; i < perSource; i++) {
        const record = this.newAccount(source);
        this.accounts.get(source.id)!.set(record.externalId, record);
      }
    }
  }

  /** Random changes to about `fraction` of the accounts; returns the sources that changed. */
  mutate(fraction: number): SourceId[] {
    const changed = new Set<SourceId>();
    for (const source of sources) {
      const accounts = this.accounts.get(source.id)!;
      for (const [id, record] of [...accounts]) {
        if (this.rnd() >= fraction) continue;
        changed.add(source.id);
        const what = this.rnd();
        if (what < 0.2) accounts.delete(id);
        else if (what < 0.5) accounts.set(id, { ...record, email: this.cased(this.person().email) });
        else if (what < 0.7)
          accounts.set(id, { ...record, status: record.status === 'ACTIVE' ? 'SUSPENDED' : 'ACTIVE' });
        else if (what < 0.85 && source.anchor)
          accounts.set(id, { ...record, attributes: { [source.anchor]: this.cased(this.person().email) } });
        else {
          const added = this.newAccount(source);
          accounts.set(added.externalId, added);
        }
      }
    }
    return [...changed];
  }
}

interface Side {
  dir: string;
  store: Store;
  linking: LinkingService;
}

function openSide(): Side {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-linking-incremental-'));
  const store = openStore(dir);
  sources.forEach((s, i) => {
    store.sqlite
      .prepare(
        `INSERT INTO sources (id, name, kind, config, sealed_credentials, credential_fingerprint, credentials_rotated_at, created_at)
         VALUES (?, ?, ?, '{}', '{}', 'sha256:0', '2026-01-01', ?)`,
      )
      .run(s.id, s.id, s.kind, `2026-01-01T00:00:0${i}.000Z`);
  });
  return { dir, store, linking: new LinkingService(store) };
}

let run = 0;
/** One complete sync of `source` on `side`: every current record written, the rest swept. */
function sync(side: Side, world: World, source: SourceId): void {
  run++;
  const { sqlite } = side.store;
  sqlite
    .prepare(
      `INSERT INTO sync_runs (id, source_id, status, credential_fingerprint, started_at) VALUES (?, ?, 'complete', 'x', 'x')`,
    )
    .run(run, source);
  const writer = new IdentityGraphWriter(sqlite);
  sqlite.transaction(() => {
    writer.writeBatch('accounts', source, run, [...world.accounts.get(source)!.values()]);
    writer.sweep(source, run, ['accounts'], '2026-02-01T00:00:00.000Z');
  })();
}

const key = (row: { source_id: string; external_id: string }) => `${row.source_id}/${row.external_id}`;

/** Everything linking decides, named by account keys (ids differ between the stores). */
function snapshot(side: Side) {
  const { sqlite } = side.store;
  const anchorOf = new Map(
    (
      sqlite
        .prepare(
          'SELECT i.id, a.source_id, a.external_id FROM identities i JOIN accounts a ON a.id = i.anchor_account_id',
        )
        .all() as { id: number; source_id: string; external_id: string }[]
    ).map((r) => [r.id, key(r)]),
  );
  const identities = (
    sqlite
      .prepare(
        `SELECT a.source_id, a.external_id, i.anchored_by, i.anchor_rank, i.email, i.login, i.status, i.display_name
           FROM identities i JOIN accounts a ON a.id = i.anchor_account_id`,
      )
      .all() as Record<string, unknown>[]
  )
    .map((r) => JSON.stringify(r))
    .sort();
  const links = (
    sqlite
      .prepare(
        `SELECT a.source_id, a.external_id, l.identity_id, l.reason FROM account_links l JOIN accounts a ON a.id = l.account_id`,
      )
      .all() as { source_id: string; external_id: string; identity_id: number | null; reason: string }[]
  )
    .map((r) => `${key(r)} -> ${r.identity_id === null ? 'none' : anchorOf.get(r.identity_id)} (${r.reason})`)
    .sort();
  const marks = (
    sqlite
      .prepare(
        'SELECT a.source_id, a.external_id, m.mark FROM account_marks m JOIN accounts a ON a.id = m.account_id',
      )
      .all() as { source_id: string; external_id: string; mark: string }[]
  )
    .map((r) => `${key(r)} ${r.mark}`)
    .sort();
  const queue = side.linking
    .needsAnchor()
    .map(
      (item) =>
        `${item.sourceName}/${item.externalId} ${item.reason} [${item.candidates
          .map((c) => `${anchorOf.get(c.identityId)}:${c.score}`)
          .sort()
          .join(' ')}]`,
    )
    .sort();
  return { identities, links, marks, queue };
}

let incremental: Side;
let full: Side;
beforeAll(() => {
  incremental = openSide();
  full = openSide();
});
afterAll(() => {
  for (const side of [incremental, full]) {
    side.store.close();
    rmSync(side.dir, { recursive: true, force: true });
  }
});

describe('incremental linking', () => {
  it('equals a full recompute after every round of random syncs and decisions', () => {
    const rnd = random(20261207);
    const world = new World(rnd);
    world.populate(120);
    for (const source of sources) {
      sync(incremental, world, source.id);
      sync(full, world, source.id);
    }
    expect(incremental.linking.relink().full).toBe(true);
    full.linking.relink({ full: true, keyStatsAbove: 0 });
    expect(snapshot(incremental)).toEqual(snapshot(full));
    const total = sources.length * 120;

    let dissolved = 0;
    let secondaryAnchored = 0;
    for (let round = 0; round < 12; round++) {
      for (const source of world.mutate(0.05)) {
        sync(incremental, world, source);
        sync(full, world, source);
      }
      const before = incremental.store.sqlite
        .prepare(`SELECT count(*) AS n FROM identities WHERE anchored_by = 'secondary'`)
        .get() as { n: number };
      const result = incremental.linking.relink();
      full.linking.relink({ full: true, keyStatsAbove: 0 });
      expect(result.full).toBe(false);
      expect(result.decided).toBeLessThan(total / 2);
      const after = incremental.store.sqlite
        .prepare(`SELECT count(*) AS n FROM identities WHERE anchored_by = 'secondary'`)
        .get() as { n: number };
      if (after.n < before.n) dissolved++;
      secondaryAnchored = Math.max(secondaryAnchored, after.n);

      // People decide about a few queued accounts, the same on both sides.
      const queue = incremental.linking.needsAnchor();
      for (const item of queue.slice(0, 3)) {
        const act = rnd();
        const externalId = item.externalId;
        for (const side of [incremental, full]) {
          const { sqlite } = side.store;
          const id = (
            sqlite.prepare('SELECT id FROM accounts WHERE external_id = ?').get(externalId) as { id: number }
          ).id;
          if (act < 0.4) {
            const candidate = item.candidates[0];
            const anchor =
              candidate &&
              (incremental.store.sqlite
                .prepare(
                  'SELECT a.external_id FROM identities i JOIN accounts a ON a.id = i.anchor_account_id WHERE i.id = ?',
                )
                .get(candidate.identityId) as { external_id: string });
            if (!anchor) continue;
            const identity = (
              sqlite
                .prepare(
                  'SELECT i.id FROM identities i JOIN accounts a ON a.id = i.anchor_account_id WHERE a.external_id = ?',
                )
                .get(anchor.external_id) as { id: number }
            ).id;
            side.linking.link(id, identity, 'test');
          } else if (act < 0.7) side.linking.mark(id, 'service', 'bot', 'test');
          else side.linking.unlink(id, 'test');
        }
      }
      // And unlink one automatic link.
      const auto = incremental.store.sqlite
        .prepare(
          `SELECT a.external_id FROM account_links l JOIN accounts a ON a.id = l.account_id
            WHERE l.reason LIKE 'auto_%' ORDER BY a.external_id LIMIT 1 OFFSET ?`,
        )
        .get(round) as { external_id: string } | undefined;
      if (auto) {
        for (const side of [incremental, full]) {
          const { id } = side.store.sqlite
            .prepare('SELECT id FROM accounts WHERE external_id = ?')
            .get(auto.external_id) as { id: number };
          side.linking.unlink(id, 'test');
        }
      }
      full.linking.relink({ full: true, keyStatsAbove: 0 });
      expect(snapshot(incremental), `round ${round}`).toEqual(snapshot(full));
    }
    // The rounds exercised what incremental linking must get right.
    expect(secondaryAnchored).toBeGreaterThan(0);
    expect(dissolved).toBeGreaterThan(0);
  });
});
