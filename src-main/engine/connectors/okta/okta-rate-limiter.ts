// Paces requests per Okta rate-limit bucket from the X-Rate-Limit-* headers, so a sync uses the org's
// limits fully but never sends a request its bucket has no room for; plus a cap on requests in flight.
import { EventEmitter } from 'node:events';
import { sleep } from '../concurrency.ts';

/** Okta counts limits per endpoint family; requests are grouped the same way (developer.okta.com, rate limits). */
export function oktaRateLimitBucket(method: string, pathname: string): string {
  const path = pathname.replace(/\/+$/, '');
  const isGet = method.toUpperCase() === 'GET';
  for (const family of ['users', 'groups', 'apps']) {
    const root = `/api/v1/${family}`;
    if (path === root) return isGet ? `GET ${root}` : `${root}`;
    if (path.startsWith(`${root}/`)) return `${root}/{id}`;
  }
  return path.startsWith('/api/') ? '/api/*' : 'other';
}

interface BucketState {
  limit: number;
  remaining: number;
  /** Epoch ms at which the bucket's window resets. */
  resetAtMs: number;
  inFlight: number;
  /** Headers seen at least once; until then one request at a time goes through to learn the bucket. */
  known: boolean;
  probing: boolean;
  /** Requests waiting for a slot: with in-flight ones, what makes a bucket compete for the shared slots. */
  waiting: number;
}

export interface RateLimitHeaders {
  limit: number;
  remaining: number;
  resetEpochSeconds: number;
}

export function readRateLimitHeaders(get: (name: string) => string | null): RateLimitHeaders | null {
  const limit = Number(get('x-rate-limit-limit'));
  const remaining = Number(get('x-rate-limit-remaining'));
  const reset = Number(get('x-rate-limit-reset'));
  if (![limit, remaining, reset].every(Number.isFinite) || get('x-rate-limit-reset') === null) return null;
  return { limit, remaining, resetEpochSeconds: reset };
}

export interface OktaRateLimiterOptions {
  maxInFlight: number;
  /** Wait this much past a window's reset before trusting it has rolled over (clock skew). */
  resetMarginMs: number;
  clock?: () => number;
}

export class OktaRateLimiter {
  private readonly buckets = new Map<string, BucketState>();
  private readonly changes = new EventEmitter();
  private inFlight = 0;
  private readonly clock: () => number;

  constructor(private readonly options: OktaRateLimiterOptions) {
    this.clock = options.clock ?? Date.now;
    this.changes.setMaxListeners(0);
  }

  /** Resolves when a request to `bucket` may be sent now; the caller must `release` it afterwards. */
  async acquire(bucket: string, signal?: AbortSignal): Promise<void> {
    const state = this.bucket(bucket);
    state.waiting++;
    try {
      for (;;) {
        signal?.throwIfAborted();
        const waitMs = this.tryTake(state);
        if (waitMs === 0) return;
        await this.waitForChange(waitMs, signal);
      }
    } finally {
      state.waiting--;
    }
  }

  private bucket(name: string): BucketState {
    let state = this.buckets.get(name);
    if (!state) {
      state = {
        limit: 1,
        remaining: 1,
        resetAtMs: Number.POSITIVE_INFINITY,
        inFlight: 0,
        known: false,
        probing: false,
        waiting: 0,
      };
      this.buckets.set(name, state);
    }
    return state;
  }

  /** Records the outcome of a request; `headers` null when the request failed without a response. */
  release(bucket: string, headers: RateLimitHeaders | null): void {
    this.inFlight--;
    const state = this.buckets.get(bucket);
    if (state) {
      state.inFlight--;
      if (headers) this.update(state, headers);
      else state.probing = false;
    }
    this.changes.emit('change');
  }

  /** 0 when a slot was taken, otherwise how long to wait at most before looking again. */
  private tryTake(state: BucketState): number {
    if (this.inFlight >= this.options.maxInFlight) return 1_000;
    if (!this.withinFairShare(state)) return 1_000;
    if (!state.known) {
      if (state.probing) return 1_000;
      state.probing = true;
      return this.take(state);
    }
    const now = this.clock();
    if (state.resetAtMs !== Number.POSITIVE_INFINITY && now >= state.resetAtMs + this.options.resetMarginMs) {
      // The window rolled over; the next response tells the new remaining count.
      state.remaining = state.limit;
      state.resetAtMs = Number.POSITIVE_INFINITY;
    }
    if (state.remaining - state.inFlight > 0) return this.take(state);
    if (state.resetAtMs === Number.POSITIVE_INFINITY) return 1_000;
    return Math.max(1, state.resetAtMs + this.options.resetMarginMs - now);
  }

  /** Whether the bucket's window has room for one more request now. */
  private hasRoom(state: BucketState, now: number): boolean {
    if (!state.known) return !state.probing;
    if (state.resetAtMs !== Number.POSITIVE_INFINITY && now >= state.resetAtMs + this.options.resetMarginMs)
      return true;
    return state.remaining - state.inFlight > 0;
  }

  /**
   * The in-flight slots are shared fairly between the buckets that want them: a bucket at or above its share
   * yields while another one with room in its window waits below its share. Without this a sequential chain
   * (the user list, one page after another) starves behind the fan-out of group and app requests.
   */
  private withinFairShare(state: BucketState): boolean {
    const now = this.clock();
    const competing = [...this.buckets.values()].filter(
      (b) => (b.waiting > 0 && this.hasRoom(b, now)) || b.inFlight > 0,
    );
    const share = Math.max(1, Math.floor(this.options.maxInFlight / Math.max(1, competing.length)));
    if (state.inFlight < share) return true;
    return !competing.some((b) => b !== state && b.waiting > 0 && b.inFlight < share && this.hasRoom(b, now));
  }

  private take(state: BucketState): 0 {
    state.inFlight++;
    this.inFlight++;
    return 0;
  }

  private update(state: BucketState, headers: RateLimitHeaders): void {
    // A concurrency 429 carries limit 0 / remaining 0: it says nothing about the bucket's window.
    if (headers.limit === 0) {
      state.probing = false;
      return;
    }
    const resetAtMs = headers.resetEpochSeconds * 1000;
    state.probing = false;
    state.known = true;
    state.limit = headers.limit;
    if (state.resetAtMs === Number.POSITIVE_INFINITY || resetAtMs > state.resetAtMs) {
      state.resetAtMs = resetAtMs;
      state.remaining = headers.remaining;
    } else if (resetAtMs === state.resetAtMs) {
      // Responses of one window arrive out of order: the smallest remaining is the truest.
      state.remaining = Math.min(state.remaining, headers.remaining);
    }
  }

  /** After a 429: nothing more goes to this bucket until its reset. */
  exhausted(bucket: string, headers: RateLimitHeaders | null): void {
    const state = this.buckets.get(bucket);
    if (!state) return;
    const current = state.resetAtMs === Number.POSITIVE_INFINITY ? 0 : state.resetAtMs;
    // Without headers (a concurrency 429, a proxy) back off for a second rather than guess.
    const resetAtMs = headers ? headers.resetEpochSeconds * 1000 : this.clock() + 1_000;
    state.remaining = 0;
    state.known = true;
    state.resetAtMs = Math.max(current, resetAtMs);
  }

  private async waitForChange(maxMs: number, signal?: AbortSignal): Promise<void> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const onChange = () => controller.abort('changed');
    this.changes.once('change', onChange);
    try {
      await sleep(maxMs, controller.signal);
    } catch {
      signal?.throwIfAborted();
    } finally {
      this.changes.off('change', onChange);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
