// Artifacts for the export tests and bench/export.ts, written straight through writeArtifact (no sync):
// rows shaped like Okta users, generated page by page so a million rows cost no memory.
import type { Store } from '../../src-main/engine/store/db.ts';
import {
  writeArtifact,
  type ProvenanceDraft,
  type WrittenArtifact,
} from '../../src-main/engine/evidence/artifact-writer.ts';

export const oktaUserColumns = [
  'id',
  'login',
  'email',
  'display_name',
  'status',
  'created',
  'activated',
  'last_login',
  'status_changed',
  'password_changed',
  'last_updated',
  'mfa_enrolled',
  'group_count',
];

const firstNames = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim'];
const lastNames = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Perlman',
];
const statuses = [
  'ACTIVE',
  'ACTIVE',
  'ACTIVE',
  'ACTIVE',
  'PROVISIONED',
  'SUSPENDED',
  'DEPROVISIONED',
  'LOCKED_OUT',
];
const base = Date.UTC(2019, 0, 1);
const day = 86_400_000;

/** A stable, Okta-like id for row `i`. */
export function oktaUserId(i: number): string {
  return `00u${i.toString(36).padStart(8, '0')}x1d7`;
}

/** Row `i` of a synthetic Okta users population (deterministic). */
export function oktaUserRow(i: number): Record<string, unknown> {
  const first = firstNames[i % firstNames.length] as string;
  const last = lastNames[(i * 7) % lastNames.length] as string;
  const login = `${first}.${last}${i}@example.com`.toLowerCase();
  const created = base + ((i * 7919) % 1500) * day + (i % 86_400) * 1000;
  const status = statuses[i % statuses.length] as string;
  return {
    id: oktaUserId(i),
    login,
    email: login,
    display_name: `${first} ${last}`,
    status,
    created: new Date(created).toISOString(),
    activated: status === 'PROVISIONED' ? null : new Date(created + 3_600_000).toISOString(),
    last_login: i % 5 === 0 ? null : new Date(created + ((i * 31) % 300) * day).toISOString(),
    status_changed: new Date(created + 7_200_000).toISOString(),
    password_changed: i % 3 === 0 ? null : new Date(created + ((i * 13) % 200) * day).toISOString(),
    last_updated: new Date(created + ((i * 17) % 400) * day + 123).toISOString(),
    mfa_enrolled: i % 4 !== 0,
    group_count: (i * 37) % 23,
  };
}

export function provenanceDraft(
  columns: string[],
  overrides: Partial<ProvenanceDraft> = {},
): ProvenanceDraft {
  return {
    source: { id: 'src_acme_okta', name: 'Acme Okta', kind: 'okta' },
    dataset: 'okta.users',
    endpoints: ['GET /api/v1/users'],
    query: { limit: '200' },
    pagesFetched: 1,
    providerReportedCount: null,
    complete: true,
    partialReason: null,
    collectionStartedAt: '2026-11-20T09:00:00.000Z',
    collectionFinishedAt: '2026-11-20T09:04:12.345Z',
    credentialFingerprint: 'sha256:4f1c9a7e2b6d3c80',
    vouchVersion: '0.1.0',
    syncRunId: 42,
    columns,
    keyColumns: ['id'],
    ...overrides,
  };
}

/**
 * People's names in ten scripts, as a population from around the world holds them: Polish, Czech and
 * Vietnamese diacritics, Cyrillic, Greek, Chinese, Japanese, Korean, Arabic, Hebrew, Devanagari, Thai.
 */
export const worldNames = [
  'Łukasz Żółkiewski',
  'Jiří Dvořák',
  'Nguyễn Thị Hương',
  'Дмитрий Иванов',
  'Σωκράτης Παπαδόπουλος',
  '王小明',
  '山田 さくら',
  '김민준',
  'محمد علي',
  'דוד כהן',
  'अर्जुन शर्मा',
  'สมชาย ใจดี',
];

/** Row `i` of a population whose display names cycle through `worldNames`, each made unique by a number. */
export function worldUserRow(i: number): Record<string, unknown> {
  return {
    ...oktaUserRow(i),
    display_name: `${worldNames[i % worldNames.length] as string} ${Math.floor(i / worldNames.length)}`,
  };
}

/** Writes `count` Okta-user rows (plus `extraRows` first, if given) as an artifact. */
export async function writeOktaUsersArtifact(
  store: Store,
  count: number,
  options: {
    extraRows?: Record<string, unknown>[];
    provenance?: Partial<ProvenanceDraft>;
    /** Row `i` of the population; default `oktaUserRow`. */
    row?: (i: number) => Record<string, unknown>;
  } = {},
): Promise<WrittenArtifact> {
  const row = options.row ?? oktaUserRow;
  const pageSize = 5_000;
  const total = (options.extraRows?.length ?? 0) + count;
  function* pages(): Generator<Record<string, unknown>[]> {
    if (options.extraRows?.length) yield options.extraRows;
    for (let start = 0; start < count; start += pageSize) {
      const page: Record<string, unknown>[] = [];
      for (let i = start; i < Math.min(count, start + pageSize); i++) page.push(row(i));
      yield page;
    }
  }
  return writeArtifact(
    store,
    provenanceDraft(oktaUserColumns, {
      pagesFetched: Math.max(1, Math.ceil(total / 200)),
      providerReportedCount: total,
      ...options.provenance,
    }),
    pages(),
  );
}
