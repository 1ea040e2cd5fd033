// What the datasets of a GitHub sync share: the session, the facts one dataset publishes for the others
// (the first `set` wins, so every publisher can fall back to null in `finally` and nobody waits forever),
// paged listings parsed at the boundary, and reading many parents' children where one failing is noted.
import type { z } from 'zod';
import { deferred, forEachConcurrent } from '../concurrency.ts';
import { needsSentence } from '../declared-permissions.ts';
import type { DatasetWriter } from '../dataset-runner.ts';
import type { EventChannel } from '../event-channel.ts';
import type { SyncEvent } from '../types.ts';
import type { OrgDirectory } from './github-directory.ts';
import { classifyGitHubFailure, type FailureContext } from './github-errors.ts';
import type { SimpleUser, Team, TwoFactorState } from './github-records.ts';
import type { GitHubSession } from './github-session.ts';
import type { OrgContext } from './github-viewer.ts';

/** Fan-out per parent (team, repository, collaborator); the throttling plugin bounds what goes out. */
const fanOut = 8;

/** A value one dataset publishes for others; the first `set` wins, so a fallback in `finally` is safe. */
export class Fact<T> {
  private readonly value = deferred<T>();
  private settled = false;

  set(value: T): void {
    if (this.settled) return;
    this.settled = true;
    this.value.resolve(value);
  }

  get(): Promise<T> {
    return this.value.promise;
  }
}

export interface TwoFactorFacts {
  /** Ids GitHub lists under filter=2fa_disabled; null when the filter could not be used. */
  membersWithout2fa: Set<number> | null;
  outsideWithout2fa: Set<number> | null;
}

export interface SharedFacts {
  context: Fact<{ ok: true; value: OrgContext } | { ok: false; error: unknown }>;
  members: Fact<SimpleUser[] | null>;
  owners: Fact<Set<number> | null>;
  outside: Fact<SimpleUser[] | null>;
  twoFactor: Fact<TwoFactorFacts>;
  directory: Fact<OrgDirectory | null>;
  teams: Fact<Team[] | null>;
}

export interface SyncScope {
  channel: EventChannel<SyncEvent>;
  session: GitHubSession;
  facts: SharedFacts;
  failure: FailureContext;
}

export const classifier =
  ({ failure }: SyncScope, what: string) =>
  (error: unknown) =>
    classifyGitHubFailure(error, what, failure);

/** Failures that are the token's or the connection's, not one parent's: they end the dataset. */
export function isConnectionLevel(scope: SyncScope, error: unknown): boolean {
  const { errorClass, message } = classifyGitHubFailure(error, '', scope.failure);
  return (
    errorClass === 'failed_authentication' || errorClass === 'rate_limited' || /single sign-on/.test(message)
  );
}

export async function* listItems<T>(
  session: GitHubSession,
  route: string,
  params: Record<string, string>,
  schema: z.ZodType<T>,
): AsyncGenerator<T> {
  const pages = session.client.paginate.iterator(route as never, { per_page: 100, ...params } as never);
  for await (const page of pages as AsyncIterable<{ data: unknown }>) {
    if (!Array.isArray(page.data)) throw new Error(`GitHub returned a non-list body for ${route}.`);
    for (const item of page.data) yield schema.parse(item);
  }
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Reads children of many parents; a parent that fails is noted and the rest go on (unless the token is at fault). */
export async function readChildren<P>(
  scope: SyncScope,
  parents: readonly P[],
  out: Pick<DatasetWriter<'accounts'>, 'problems' | 'dataset'>,
  noun: string,
  describe: (parent: P) => string,
  read: (parent: P) => Promise<void>,
): Promise<void> {
  const failed: string[] = [];
  let refused = false;
  await forEachConcurrent(parents, fanOut, async (parent) => {
    try {
      await read(parent);
    } catch (error) {
      if (isConnectionLevel(scope, error)) throw error;
      const failure = classifyGitHubFailure(error, describe(parent), scope.failure);
      failed.push(failure.message);
      if (failure.errorClass === 'missing_permissions') refused = true;
    }
  });
  if (failed.length) {
    const shown = failed.slice(0, 3).join(' ');
    out.problems.push(
      `${failed.length} of ${parents.length} ${noun} could not be read. ${shown}${failed.length > 3 ? ' …' : ''}`,
    );
    // The connection works (no errorClass: a member's token sees less, it has not failed), but the reason
    // names the permission the dataset declares, as a dataset refused outright does.
    if (refused) out.problems.push(needsSentence([out.dataset]));
  }
}

export async function orgContext(scope: SyncScope): Promise<OrgContext> {
  const context = await scope.facts.context.get();
  if (!context.ok) throw context.error;
  return context.value;
}

export function twoFactorOf(without2fa: Set<number> | null, userId: number): TwoFactorState {
  if (!without2fa) return 'unknown';
  return without2fa.has(userId) ? 'disabled' : 'enabled';
}

export function newSharedFacts(): SharedFacts {
  return {
    context: new Fact(),
    members: new Fact(),
    owners: new Fact(),
    outside: new Fact(),
    twoFactor: new Fact(),
    directory: new Fact(),
    teams: new Fact(),
  };
}
