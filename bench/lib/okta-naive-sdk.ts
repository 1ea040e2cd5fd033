// The naive baseline of bench/okta-sync.ts, run as a child process: the official Okta SDK used the obvious way
// (a Client with nothing but orgUrl and token, so the SDK's DefaultRequestExecutor, which waits out a 429 until
// the reset, and its default cache), one sequential `for await` after another. It asks for the same data with
// the same queries and page sizes as our connector, so both make the same requests and only the scheduling
// differs. The simulator's CA comes in through NODE_EXTRA_CA_CERTS, set by the parent.
//
// Each phase gets a share of a time budget; a phase cut short reports how far it got, and the parent
// extrapolates (clearly labelled) from the pages it needs.
import { Client } from '@okta/okta-sdk-nodejs';
import { RequestTap, type BucketTally } from './request-tap.ts';

export const NAIVE_PHASES = [
  'users',
  'groups',
  'group_members',
  'apps',
  'app_assignments',
  'admin_roles',
] as const;
export type NaivePhase = (typeof NAIVE_PHASES)[number];

export interface NaiveInput {
  orgUrl: string;
  token: string;
  budgetMs: number;
  /** Expected pages per phase (from our connector's run): how the budget is shared out. */
  weights: Record<NaivePhase, number>;
}

export interface NaivePhaseResult {
  phase: NaivePhase;
  complete: boolean;
  elapsedMs: number;
  /** 2xx responses during the phase. */
  pages: number;
  rows: number;
  tooMany: number;
  /** Pages the whole phase needs, where the client itself can tell (admin roles: one per principal asked). */
  plannedPages?: number;
}

export type NaiveMessage =
  | { type: 'result'; phases: NaivePhaseResult[]; byBucket: Record<string, BucketTally>; totalMs: number }
  | { type: 'error'; message: string };

type Loose = Record<string, unknown>;

/** Phases everything after them depends on: always run to the end (each is one or a few pages). */
const unbudgeted = new Set<NaivePhase>(['groups', 'apps']);

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as NaiveInput;
  const client = new Client({ orgUrl: input.orgUrl, token: input.token });
  const tap = new RequestTap().start();
  const started = performance.now();
  const results: NaivePhaseResult[] = [];

  const groups: { id: string; admin: boolean | null }[] = [];
  const appIds: string[] = [];

  let plannedPages: number | undefined;
  const runPhase = async (phase: NaivePhase, body: (overBudget: () => boolean) => Promise<number>) => {
    plannedPages = undefined;
    const phaseStart = performance.now();
    const remainingMs = input.budgetMs - (phaseStart - started);
    const index = NAIVE_PHASES.indexOf(phase);
    const weightLeft = NAIVE_PHASES.slice(index).reduce(
      (sum, p) => sum + (unbudgeted.has(p) ? 0 : input.weights[p]),
      0,
    );
    const share = unbudgeted.has(phase)
      ? Number.POSITIVE_INFINITY
      : (remainingMs * input.weights[phase]) / weightLeft;
    const deadline = phaseStart + share;
    let cut = false;
    const overBudget = () => (cut ||= performance.now() > deadline);
    const seen = tap.done.length;
    const rows = await body(overBudget);
    const mine = tap.done.slice(seen);
    results.push({
      phase,
      complete: !cut,
      elapsedMs: performance.now() - phaseStart,
      pages: mine.filter((r) => r.status >= 200 && r.status < 300).length,
      rows,
      tooMany: mine.filter((r) => r.status === 429).length,
      ...(plannedPages === undefined ? {} : { plannedPages }),
    });
  };

  await runPhase('users', async (over) => {
    let rows = 0;
    for await (const _user of await client.userApi.listUsers({ limit: 200 })) {
      rows++;
      if (over()) return rows;
    }
    for await (const _user of await client.userApi.listUsers({
      search: 'status eq "DEPROVISIONED"',
      limit: 200,
    })) {
      rows++;
      if (over()) return rows;
    }
    return rows;
  });

  await runPhase('groups', async () => {
    for await (const group of await client.groupApi.listGroups({ expand: 'stats', limit: 10000 })) {
      const stats = ((group as unknown as Loose)._embedded as Loose | undefined)?.stats as Loose | undefined;
      const admin = stats ? (stats.hasAdminPrivlege ?? stats.hasAdminPrivilege) : undefined;
      groups.push({ id: String(group?.id), admin: typeof admin === 'boolean' ? admin : null });
    }
    return groups.length;
  });

  await runPhase('group_members', async (over) => {
    let rows = 0;
    for (const group of groups) {
      for await (const _user of await client.groupApi.listGroupUsers({ groupId: group.id, limit: 1000 })) {
        rows++;
        if (over()) return rows;
      }
    }
    return rows;
  });

  await runPhase('apps', async () => {
    for await (const app of await client.applicationApi.listApplications({ limit: 200 }))
      appIds.push(String(app?.id));
    return appIds.length;
  });

  await runPhase('app_assignments', async (over) => {
    let rows = 0;
    for (const appId of appIds) {
      for await (const _appUser of await client.applicationApi.listApplicationUsers({ appId, limit: 500 })) {
        rows++;
        if (over()) return rows;
      }
      for await (const _assignment of await client.applicationApi.listApplicationGroupAssignments({
        appId,
        limit: 200,
      })) {
        rows++;
        if (over()) return rows;
      }
    }
    return rows;
  });

  await runPhase('admin_roles', async (over) => {
    let rows = 0;
    const adminUserIds: string[] = [];
    let after: string | null = null;
    let assigneePages = 0;
    do {
      assigneePages++;
      const page = (await client.roleAssignmentApi.listUsersWithRoleAssignments({
        limit: 100,
        ...(after ? { after } : {}),
      })) as unknown as Loose;
      for (const assignee of (page.value as Loose[] | undefined) ?? [])
        adminUserIds.push(String(assignee.id));
      const href = ((page._links as Loose | undefined)?.next as Loose | undefined)?.href;
      after = typeof href === 'string' ? new URL(href).searchParams.get('after') : null;
    } while (after);
    const adminGroups = groups.filter((g) => g.admin !== false);
    plannedPages = assigneePages + adminUserIds.length + adminGroups.length;
    for (const userId of adminUserIds) {
      for await (const _role of await client.roleAssignmentApi.listAssignedRolesForUser({ userId })) rows++;
      if (over()) return rows;
    }
    for (const group of adminGroups) {
      for await (const _role of await client.roleAssignmentApi.listGroupAssignedRoles({ groupId: group.id }))
        rows++;
      if (over()) return rows;
    }
    return rows;
  });

  tap.stop();
  const message: NaiveMessage = {
    type: 'result',
    phases: results,
    byBucket: tap.tally(),
    totalMs: performance.now() - started,
  };
  process.send?.(message, () => process.exit(0));
}

main().catch((error: unknown) => {
  const message: NaiveMessage = {
    type: 'error',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  };
  process.send?.(message, () => process.exit(1));
});
