// Okta's org-wide rate limits: one fixed-window counter per endpoint bucket, reported on every /api
// response as X-Rate-Limit-Limit / -Remaining / -Reset (epoch seconds). Defaults are Okta's documented
// per-minute limits for the management endpoints we serve; benchmarks lower them and shrink the window.
import { RateWindows, mergeLimits, scaledWindowMs, xRateLimitHeaders } from '../shared/rate-limits.ts';

/** Requests per window, per bucket (Okta's defaults per minute). */
export const OKTA_DEFAULT_RATE_LIMITS = {
  'GET /api/v1/users': 600,
  '/api/v1/users/{id}': 2000,
  'GET /api/v1/groups': 500,
  '/api/v1/groups/{id}': 1000,
  'GET /api/v1/apps': 100,
  '/api/v1/apps/{id}': 500,
  '/api/v1': 1200,
} as const;

export type OktaRateBucket = keyof typeof OKTA_DEFAULT_RATE_LIMITS;

/** Speed-ups whose window (60 s / timeScale) is a whole number of seconds, so resets are exact. */
export const OKTA_TIME_SCALES = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60] as const;

/** The bucket a request counts against, or undefined outside /api/v1. */
export function rateBucketFor(method: string, pathname: string): OktaRateBucket | undefined {
  if (pathname !== '/api/v1' && !pathname.startsWith('/api/v1/')) return undefined;
  const [resource, id] = pathname.slice('/api/v1/'.length).split('/');
  if (resource === 'users' || resource === 'groups' || resource === 'apps') {
    if (id) return `/api/v1/${resource}/{id}`;
    if (method === 'GET') return `GET /api/v1/${resource}`;
  }
  return '/api/v1';
}

export interface RateDecision {
  bucket: OktaRateBucket;
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds at which the bucket's window ends. */
  reset: number;
}

export interface RateLimiterOptions {
  timeScale?: number;
  limits?: Partial<Record<string, number>>;
  clock?: () => number;
}

/** Okta's windows on the kit's policy: epoch-aligned, one per bucket, org-wide. */
export class OktaRateLimiter {
  readonly windowMs: number;
  private readonly limits: Record<OktaRateBucket, number>;
  private readonly windows: RateWindows;

  constructor(options: RateLimiterOptions = {}) {
    this.windowMs = scaledWindowMs(60_000, options.timeScale ?? 1, OKTA_TIME_SCALES);
    this.limits = mergeLimits(OKTA_DEFAULT_RATE_LIMITS, options.limits);
    this.windows = new RateWindows({ windowMs: this.windowMs, align: 'epoch', clock: options.clock });
  }

  limitOf(bucket: OktaRateBucket): number {
    return this.limits[bucket];
  }

  /** Windows are aligned to multiples of their length since the epoch, as Okta's minute windows are. */
  windowStart(now?: number): number {
    return this.windows.windowStart(now);
  }

  /** Counts one request against `bucket`. A refused request does not consume anything. */
  take(bucket: OktaRateBucket): RateDecision {
    const d = this.windows.take(bucket, this.limits[bucket]);
    return {
      bucket,
      allowed: d.allowed,
      limit: d.limit,
      remaining: d.allowed ? d.remaining : 0,
      reset: d.resetMs / 1000,
    };
  }
}

export function rateLimitHeaders(decision: {
  limit: number;
  remaining: number;
  reset: number;
}): Record<string, string> {
  return xRateLimitHeaders({ ...decision, resetMs: decision.reset * 1000 });
}
