// Keeps a claimed job's lease alive while its handler works, and tells the handler (through `signal`) the
// moment a renewal finds the lease gone, so it stops instead of doing work it can no longer commit.
import { LeaseLostError, type JobQueue } from './job-queue.ts';

export interface LeaseKeeperOptions {
  queue: JobQueue;
  jobId: number;
  owner: string;
  leaseMs: number;
  /** How often to renew; defaults to a third of the lease so two renewals can fail before it expires. */
  renewEveryMs?: number;
  /** Renewal errors other than a lost lease (e.g. the database is busy); the next tick tries again. */
  onRenewError?: (error: unknown) => void;
}

export class LeaseKeeper {
  readonly jobId: number;
  readonly owner: string;
  readonly #queue: JobQueue;
  readonly #leaseMs: number;
  readonly #renewEveryMs: number;
  readonly #onRenewError: (error: unknown) => void;
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout | null = null;
  #lost: LeaseLostError | null = null;

  constructor(options: LeaseKeeperOptions) {
    this.#queue = options.queue;
    this.jobId = options.jobId;
    this.owner = options.owner;
    this.#leaseMs = options.leaseMs;
    this.#renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(options.leaseMs / 3));
    this.#onRenewError = options.onRenewError ?? (() => {});
  }

  /** Aborted (with the LeaseLostError as reason) once a renewal finds the lease lost. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The LeaseLostError a renewal ran into, or null while the lease is believed held. */
  get lost(): LeaseLostError | null {
    return this.#lost;
  }

  start(): this {
    if (this.#timer === null && this.#lost === null) {
      this.#timer = setInterval(() => this.renewNow(), this.#renewEveryMs);
      // The handler's own work keeps the process alive; a forgotten keeper must not.
      this.#timer.unref();
    }
    return this;
  }

  /** Renews once, now. Returns false when the lease is lost (and records it). */
  renewNow(): boolean {
    if (this.#lost !== null) return false;
    try {
      this.#queue.renew(this.jobId, this.owner, this.#leaseMs);
      return true;
    } catch (error) {
      if (error instanceof LeaseLostError) {
        this.#markLost(error);
        return false;
      }
      this.#onRenewError(error);
      return true;
    }
  }

  /**
   * Throws LeaseLostError unless the lease is still held. Checks the database, not just the last renewal:
   * call it inside a write transaction right before it commits (see JobQueue.assertLease).
   */
  assertHeld(): void {
    if (this.#lost !== null) throw this.#lost;
    try {
      this.#queue.assertLease(this.jobId, this.owner);
    } catch (error) {
      if (error instanceof LeaseLostError) this.#markLost(error);
      throw error;
    }
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  #markLost(error: LeaseLostError): void {
    this.#lost = error;
    this.stop();
    this.#controller.abort(error);
  }
}
