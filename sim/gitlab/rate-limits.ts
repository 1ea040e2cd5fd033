// GitLab's authenticated API rate limit (Rack::Attack `throttle_authenticated_api`): requests per user
// per period, a window that starts with the user's first request. gitlab.com allows 2,000 per minute;
// self-managed instances choose their own (off by default). Every response carries the `RateLimit-*`
// headers; a refused request gets 429 "Retry later" with `Retry-After` as well.
import {
  RateWindows,
  rateLimitDraftHeaders,
  retryAfterHeader,
  scaledWindowMs,
} from '../shared/rate-limits.ts';
import type { WindowDecision } from '../shared/rate-limits.ts';

export const DEFAULT_REQUESTS_PER_MINUTE = 2000;

export class AuthenticatedApiLimiter {
  private readonly windows: RateWindows;

  constructor(
    readonly limit: number,
    timeScale: number,
    private readonly clock: () => number,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error('requestsPerMinute must be a positive integer');
    this.windows = new RateWindows({
      windowMs: scaledWindowMs(60_000, timeScale),
      align: 'first-request',
      wholeSecondResets: timeScale === 1,
      clock,
    });
  }

  take(key: string): WindowDecision {
    return this.windows.take(key, this.limit);
  }

  headers(decision: WindowDecision, refused: boolean): Record<string, string> {
    return {
      'ratelimit-name': 'throttle_authenticated_api',
      ...rateLimitDraftHeaders(decision),
      ...(refused ? retryAfterHeader(decision.resetMs, this.clock()) : {}),
    };
  }

  /** An exhausted window's answer, for the rate-limit storm. */
  exhausted(): WindowDecision {
    const now = this.clock();
    return {
      allowed: false,
      limit: this.limit,
      remaining: 0,
      used: this.limit,
      resetMs: Math.ceil((now + 1000) / 1000) * 1000,
    };
  }
}
