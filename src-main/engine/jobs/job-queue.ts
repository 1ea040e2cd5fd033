// The leased work queue over the `jobs` table (DESIGN.md, Jobs and lanes). Several processes share it: every
// transition is one statement or an IMMEDIATE transaction, and every transition of a running job checks the
// lease (`owner = me AND lease_until > now`), failing with LeaseLostError when it no longer holds.
import type Database from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import { VouchError } from '../errors.ts';

/**
 * `failed` is the dead-letter state: a job that failed its last attempt (or failed for good on an earlier one)
 * stays there with its last error until `retry` requeues it or `purgeDead` removes it.
 */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export const jobStatuses: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed'];

/** How many jobs are in each state, for `vouch jobs` and Settings → Engine. */
export type JobCounts = Record<JobStatus, number>;

export interface JobListFilter {
  states?: JobStatus[];
  /** Newest first; default 100. */
  limit?: number;
}

/** What retry did: requeued the dead job, or found another unfinished job of its key and left it dead. */
export interface RetriedJob {
  id: number;
  requeued: boolean;
  /** The unfinished job of the same lock key that already does this work, when not requeued. */
  joinedId: number | null;
}

export interface JobRecord<Result = unknown> {
  id: number;
  kind: string;
  payload: unknown;
  status: JobStatus;
  owner: string | null;
  leaseUntil: number | null;
  attempts: number;
  maxAttempts: number;
  availableAt: number;
  lastError: string | null;
  result: Result | null;
  createdAt: number;
  updatedAt: number;
}

/** A job this owner holds the lease of, as returned by claim(). `attempts` counts this attempt. */
export interface ClaimedJob {
  id: number;
  kind: string;
  payload: unknown;
  owner: string;
  leaseUntil: number;
  attempts: number;
  maxAttempts: number;
  /** The error of the previous attempt, if it failed retryably. */
  lastError: string | null;
}

export interface EnqueueOptions {
  maxAttempts?: number;
  /** Epoch ms before which no lane takes the job (defaults to now). */
  availableAt?: number;
  /** Jobs of one lock key never run at once (see claim); e.g. `sync:<source>`. */
  lockKey?: string;
}

/** What enqueueOrJoin did: added a job, or found an unfinished one of the same lock key and joined it. */
export interface EnqueuedJob {
  id: number;
  joined: boolean;
}

/** The lease of a job is gone: it expired and possibly another lane owns the job now. Do not commit. */
export class LeaseLostError extends VouchError {
  readonly jobId: number;
  readonly owner: string;
  constructor(jobId: number, owner: string) {
    super(
      'lease_lost',
      `Job ${jobId} is no longer leased to ${owner}: the lease expired or another lane took the job over.`,
      null,
    );
    this.jobId = jobId;
    this.owner = owner;
  }
}

/** Only a dead job (status failed) can be retried. */
export class JobNotDeadError extends VouchError {
  constructor(jobId: number, status: JobStatus) {
    super(
      'job_not_dead',
      `Job ${jobId} is ${status}: only a failed (dead-letter) job can be retried.`,
      'List dead jobs with `vouch jobs list --state dead`.',
    );
  }
}

export class JobNotFoundError extends VouchError {
  constructor(jobId: number) {
    super('job_not_found', `There is no job ${jobId}.`, null);
  }
}

/** A job's stored payload or result does not have the expected shape. Retrying cannot help. */
export class JobDataInvalidError extends VouchError {
  readonly retryable = false;
  constructor(jobId: number, what: 'payload' | 'result', problem: string) {
    super('job_data_invalid', `The ${what} of job ${jobId} is invalid: ${problem}`, null);
  }
}

export interface BackoffOptions {
  /** Delay after the first failed attempt. */
  baseMs: number;
  capMs: number;
  /** Relative spread, 0.2 = ±20%. */
  jitter: number;
  /** Uniform in [0, 1); injectable so tests are deterministic. */
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  baseMs: 2_000,
  capMs: 5 * 60_000,
  jitter: 0.2,
  random: Math.random,
};

/**
 * base × 2^(attempts-1), capped, with jitter so jobs that failed together (a provider outage) do not all come
 * back at the same moment. Never exceeds the cap.
 */
export function retryBackoffMs(attempts: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponential = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempts - 1));
  const spread = 1 + (options.random() * 2 - 1) * options.jitter;
  return Math.round(Math.min(options.capMs, exponential * spread));
}

export interface JobQueueOptions {
  backoff?: Partial<BackoffOptions>;
}

interface JobRow {
  id: number;
  kind: string;
  payload: string;
  status: JobStatus;
  owner: string | null;
  lease_until: number | null;
  attempts: number;
  max_attempts: number;
  available_at: number;
  last_error: string | null;
  result: string | null;
  created_at: number;
  updated_at: number;
  lock_key: string | null;
}

/** The lease condition every transition of a running job checks. */
const HELD = `id = @id AND owner = @owner AND status = 'running' AND lease_until > @now`;

export class JobQueue {
  readonly #sqlite: Database.Database;
  readonly #clock: () => number;
  readonly #backoff: BackoffOptions;
  readonly #statements;

  constructor(sqlite: Database.Database, clock: () => number = Date.now, options: JobQueueOptions = {}) {
    this.#sqlite = sqlite;
    this.#clock = clock;
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.#statements = {
      insert: sqlite.prepare(
        `INSERT INTO jobs (kind, payload, status, attempts, max_attempts, available_at, created_at, updated_at,
           lock_key)
         VALUES (@kind, @payload, 'queued', 0, @maxAttempts, @availableAt, @now, @now, @lockKey)`,
      ),
      // An unfinished job of the key that will still run: queued, running under a live lease, or running under
      // an expired lease with attempts left (a lane will take it over). Joining it means waiting for its result.
      unfinishedOfKey: sqlite.prepare(
        `SELECT id FROM jobs
         WHERE lock_key = @lockKey AND kind = @kind
           AND (status = 'queued' OR (status = 'running' AND (lease_until > @now OR attempts < max_attempts)))
         ORDER BY id LIMIT 1`,
      ),
      // A job whose lease ran out on its last allowed attempt is not handed out again: the lane running it
      // died (or hung) every time, and another try would most likely kill the next lane too.
      expireDead: sqlite.prepare(
        `UPDATE jobs
         SET status = 'failed', lease_until = NULL, updated_at = @now,
             last_error = 'lane died or lost its lease on attempt ' || attempts || ' of ' || max_attempts
               || '; giving up' || coalesce(' (earlier error: ' || last_error || ')', '')
         WHERE status = 'running' AND coalesce(lease_until, 0) <= @now AND attempts >= max_attempts
           AND kind IN (SELECT value FROM json_each(@kinds))`,
      ),
      claim: sqlite.prepare(
        `UPDATE jobs
         SET status = 'running', owner = @owner, lease_until = @now + @leaseMs, attempts = attempts + 1,
             updated_at = @now
         WHERE id = (
           SELECT id FROM jobs
           WHERE kind IN (SELECT value FROM json_each(@kinds))
             AND ((status = 'queued' AND available_at <= @now)
               OR (status = 'running' AND coalesce(lease_until, 0) <= @now AND attempts < max_attempts))
             -- The lock: never a second running job of one key. A job whose lease ran out does not hold it,
             -- so a dead or paused lane cannot block its key; it can no longer commit either.
             AND (lock_key IS NULL OR NOT EXISTS (
               SELECT 1 FROM jobs AS holder
               WHERE holder.lock_key = jobs.lock_key AND holder.status = 'running'
                 AND holder.lease_until > @now AND holder.id <> jobs.id))
           ORDER BY available_at, id
           LIMIT 1)
         RETURNING *`,
      ),
      renew: sqlite.prepare(`UPDATE jobs SET lease_until = @now + @leaseMs, updated_at = @now WHERE ${HELD}`),
      held: sqlite.prepare(`SELECT attempts, max_attempts FROM jobs WHERE ${HELD}`),
      complete: sqlite.prepare(
        `UPDATE jobs SET status = 'succeeded', result = @result, lease_until = NULL, updated_at = @now
         WHERE ${HELD}`,
      ),
      requeue: sqlite.prepare(
        `UPDATE jobs SET status = 'queued', owner = NULL, lease_until = NULL, available_at = @availableAt,
           last_error = @error, updated_at = @now
         WHERE ${HELD}`,
      ),
      failed: sqlite.prepare(
        `UPDATE jobs SET status = 'failed', lease_until = NULL, last_error = @error, updated_at = @now
         WHERE ${HELD}`,
      ),
      release: sqlite.prepare(
        `UPDATE jobs SET status = 'queued', owner = NULL, lease_until = NULL, available_at = @now,
           attempts = max(attempts - 1, 0), updated_at = @now
         WHERE ${HELD}`,
      ),
      get: sqlite.prepare('SELECT * FROM jobs WHERE id = ?'),
      // A job of the key stuck `running` on its last attempt under an expired lease: no lane will take it
      // again (expireDead), and it holds the key's unique slot until something marks it failed.
      expireDeadOfKey: sqlite.prepare(
        `UPDATE jobs
         SET status = 'failed', lease_until = NULL, updated_at = @now,
             last_error = 'lane died or lost its lease on attempt ' || attempts || ' of ' || max_attempts
               || '; giving up' || coalesce(' (earlier error: ' || last_error || ')', '')
         WHERE lock_key = @lockKey AND status = 'running' AND coalesce(lease_until, 0) <= @now
           AND attempts >= max_attempts`,
      ),
      list: sqlite.prepare(
        `SELECT * FROM jobs WHERE status IN (SELECT value FROM json_each(@states)) ORDER BY id DESC LIMIT @limit`,
      ),
      counts: sqlite.prepare('SELECT status, count(*) AS n FROM jobs GROUP BY status'),
      retry: sqlite.prepare(
        `UPDATE jobs SET status = 'queued', owner = NULL, lease_until = NULL, attempts = 0, available_at = @now,
           updated_at = @now
         WHERE id = @id AND status = 'failed'`,
      ),
      unfinishedOfLockKey: sqlite.prepare(
        `SELECT id FROM jobs WHERE lock_key = @lockKey AND status IN ('queued', 'running') LIMIT 1`,
      ),
      purgeDead: sqlite.prepare(`DELETE FROM jobs WHERE status = 'failed'`),
    };
  }

  enqueue(kind: string, payload: unknown, opts: EnqueueOptions = {}): number {
    const maxAttempts = opts.maxAttempts ?? 5;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
    }
    const now = this.#clock();
    const info = this.#statements.insert.run({
      kind,
      payload: toJson(payload),
      maxAttempts,
      availableAt: opts.availableAt ?? now,
      now,
      lockKey: opts.lockKey ?? null,
    });
    return Number(info.lastInsertRowid);
  }

  /**
   * Joins the unfinished job of `opts.lockKey` when there is one (the caller waits for its result), else
   * enqueues a new one. One IMMEDIATE transaction, so processes asking at the same moment share one job.
   */
  enqueueOrJoin(kind: string, payload: unknown, opts: EnqueueOptions & { lockKey: string }): EnqueuedJob {
    return this.#sqlite
      .transaction((): EnqueuedJob => {
        const now = this.#clock();
        this.#statements.expireDeadOfKey.run({ lockKey: opts.lockKey, now });
        const existing = this.#statements.unfinishedOfKey.get({
          lockKey: opts.lockKey,
          kind,
          now,
        }) as { id: number } | undefined;
        if (existing !== undefined) return { id: existing.id, joined: true };
        return { id: this.enqueue(kind, payload, opts), joined: false };
      })
      .immediate();
  }

  /**
   * Takes the oldest available job of one of `kinds`: queued and due, or running with an expired lease (its
   * lane crashed). Returns null when there is none.
   */
  claim(owner: string, kinds: string[], leaseMs: number): ClaimedJob | null {
    if (kinds.length === 0) return null;
    const now = this.#clock();
    const params = { owner, kinds: JSON.stringify(kinds), leaseMs, now };
    const row = this.#sqlite
      .transaction(() => {
        this.#statements.expireDead.run(params);
        return this.#statements.claim.get(params) as JobRow | undefined;
      })
      .immediate();
    if (row === undefined) return null;
    return {
      id: row.id,
      kind: row.kind,
      payload: fromJson(row.payload),
      owner,
      leaseUntil: now + leaseMs,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
      lastError: row.last_error,
    };
  }

  /** Extends the lease to now + leaseMs and returns the new lease_until. */
  renew(jobId: number, owner: string, leaseMs: number): number {
    const now = this.#clock();
    const info = this.#write(() => this.#statements.renew.run({ id: jobId, owner, now, leaseMs }));
    if (info.changes === 0) throw new LeaseLostError(jobId, owner);
    return now + leaseMs;
  }

  /**
   * Throws LeaseLostError unless `owner` still holds the job's lease. Call it inside the write transaction,
   * after its writes and right before it commits: the transaction then holds the write lock, so nobody can
   * take the job over between this check and the commit, and a lane that lost its lease rolls back.
   */
  assertLease(jobId: number, owner: string): void {
    if (this.#statements.held.get({ id: jobId, owner, now: this.#clock() }) === undefined) {
      throw new LeaseLostError(jobId, owner);
    }
  }

  complete(jobId: number, owner: string, result: unknown): void {
    const info = this.#write(() =>
      this.#statements.complete.run({ id: jobId, owner, now: this.#clock(), result: toJson(result) }),
    );
    if (info.changes === 0) throw new LeaseLostError(jobId, owner);
  }

  /**
   * Records a failed attempt. Retryable failures go back to the queue after a backoff while attempts remain;
   * the rest fail the job. Returns the job's new status.
   */
  fail(jobId: number, owner: string, error: string, opts: { retryable: boolean }): 'queued' | 'failed' {
    return this.#sqlite
      .transaction(() => {
        const now = this.#clock();
        const held = this.#statements.held.get({ id: jobId, owner, now }) as
          { attempts: number; max_attempts: number } | undefined;
        if (held === undefined) throw new LeaseLostError(jobId, owner);
        if (opts.retryable && held.attempts < held.max_attempts) {
          const availableAt = now + retryBackoffMs(held.attempts, this.#backoff);
          this.#statements.requeue.run({ id: jobId, owner, now, availableAt, error });
          return 'queued' as const;
        }
        const message = opts.retryable ? `${error} (gave up after ${held.attempts} attempts)` : error;
        this.#statements.failed.run({ id: jobId, owner, now, error: message });
        return 'failed' as const;
      })
      .immediate();
  }

  /**
   * Gives a job back without counting the attempt, e.g. when its lane is asked to stop. Another lane can
   * take it at once.
   */
  release(jobId: number, owner: string): void {
    const info = this.#write(() => this.#statements.release.run({ id: jobId, owner, now: this.#clock() }));
    if (info.changes === 0) throw new LeaseLostError(jobId, owner);
  }

  /**
   * One write as an IMMEDIATE transaction: it takes the write lock up front, so a busy database makes it wait
   * (busy_timeout) rather than fail with "database is locked" when another process committed since it read.
   */
  #write<T>(write: () => T): T {
    return this.#sqlite.transaction(write).immediate();
  }

  /** Jobs in the given states (all by default), newest first. */
  list(filter: JobListFilter = {}): JobRecord[] {
    const rows = this.#statements.list.all({
      states: JSON.stringify(filter.states ?? jobStatuses),
      limit: filter.limit ?? 100,
    }) as JobRow[];
    return rows.map((row) => toRecord(row));
  }

  counts(): JobCounts {
    const counts: JobCounts = { queued: 0, running: 0, succeeded: 0, failed: 0 };
    for (const { status, n } of this.#statements.counts.all() as { status: JobStatus; n: number }[]) {
      counts[status] = n;
    }
    return counts;
  }

  /**
   * Requeues a dead (failed) job with fresh attempts. When another unfinished job of its lock key exists (a
   * newer sync of the same source), that one already does the work: the dead job stays dead and its id is
   * returned, since the key's unique index allows one unfinished job only.
   */
  retry(jobId: number): RetriedJob {
    return this.#sqlite
      .transaction((): RetriedJob => {
        const row = this.#statements.get.get(jobId) as JobRow | undefined;
        if (row === undefined) throw new JobNotFoundError(jobId);
        if (row.status !== 'failed') throw new JobNotDeadError(jobId, row.status);
        const now = this.#clock();
        if (row.lock_key !== null) {
          this.#statements.expireDeadOfKey.run({ lockKey: row.lock_key, now });
          const other = this.#statements.unfinishedOfLockKey.get({ lockKey: row.lock_key }) as
            { id: number } | undefined;
          if (other !== undefined) return { id: jobId, requeued: false, joinedId: other.id };
        }
        this.#statements.retry.run({ id: jobId, now });
        return { id: jobId, requeued: true, joinedId: null };
      })
      .immediate();
  }

  /** Deletes every dead (failed) job; returns how many. Their runs and evidence stay. */
  purgeDead(): number {
    return this.#write(() => this.#statements.purgeDead.run()).changes;
  }

  get<Result = unknown>(jobId: number, resultSchema?: z.ZodType<Result>): JobRecord<Result> | null {
    const row = this.#statements.get.get(jobId) as JobRow | undefined;
    if (row === undefined) return null;
    const record = toRecord(row);
    if (record.result === null || resultSchema === undefined) return record as JobRecord<Result>;
    return { ...record, result: parseJobData(row.id, 'result', record.result, resultSchema) };
  }

  /** Resolves once the job has succeeded or failed; rejects with the signal's reason when aborted. */
  async waitFor<Result = unknown>(
    jobId: number,
    opts: { pollMs?: number; signal?: AbortSignal; resultSchema?: z.ZodType<Result> } = {},
  ): Promise<JobRecord<Result>> {
    for (;;) {
      opts.signal?.throwIfAborted();
      const job = this.get(jobId, opts.resultSchema);
      if (job === null) throw new JobNotFoundError(jobId);
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      try {
        await sleep(opts.pollMs ?? 200, undefined, { signal: opts.signal });
      } catch (error) {
        opts.signal?.throwIfAborted(); // rejects with the caller's reason rather than a generic AbortError
        throw error;
      }
    }
  }
}

function toRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    payload: fromJson(row.payload),
    status: row.status,
    owner: row.owner,
    leaseUntil: row.lease_until,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    availableAt: row.available_at,
    lastError: row.last_error,
    result: row.result === null ? null : fromJson(row.result),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Parses a claimed job's payload; a mismatch is a JobDataInvalidError, which the lane does not retry. */
export function parseJobPayload<Payload>(
  job: Pick<ClaimedJob, 'id' | 'payload'>,
  schema: z.ZodType<Payload>,
): Payload {
  return parseJobData(job.id, 'payload', job.payload, schema);
}

function parseJobData<T>(jobId: number, what: 'payload' | 'result', value: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new JobDataInvalidError(jobId, what, parsed.error.message);
  return parsed.data;
}

function toJson(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

function fromJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}
