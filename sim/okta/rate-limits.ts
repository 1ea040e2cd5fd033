// Okta's org-wide rate limits: one fixed-window counter per endpoint bucket, reported on every /api
// response as X-Rate-Limit-Limit / -Remaining / -Reset (epoch seconds). Defaults are Okta's documented
// per-minute limits for the management endpoints we serve; benchmarks lower them and shrink the window.

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

export function isOktaRateBucket(name: string): name is OktaRateBucket {
  return Object.hasOwn(OKTA_DEFAULT_RATE_LIMITS, name);
}

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

export class OktaRateLimiter {
  readonly windowMs: number;
  private readonly limits: Record<OktaRateBucket, number>;
  private readonly clock: () => number;
  private readonly windows = new Map<OktaRateBucket, { start: number; used: number }>();

  constructor(options: RateLimiterOptions = {}) {
    const timeScale = options.timeScale ?? 1;
    if (!(OKTA_TIME_SCALES as readonly number[]).includes(timeScale)) {
      throw new Error(
        `timeScale must be one of ${OKTA_TIME_SCALES.join(', ')} (a whole-second window), got ${timeScale}`,
      );
    }
    this.windowMs = 60_000 / timeScale;
    this.clock = options.clock ?? Date.now;
    this.limits = { ...OKTA_DEFAULT_RATE_LIMITS };
    for (const [name, limit] of Object.entries(options.limits ?? {})) {
      if (limit === undefined) continue;
      if (!isOktaRateBucket(name)) {
        throw new Error(
          `unknown rate-limit bucket "${name}"; known: ${Object.keys(OKTA_DEFAULT_RATE_LIMITS).join(', ')}`,
        );
      }
      if (!Number.isInteger(limit) || limit < 1)
        throw new Error(`rate limit for ${name} must be a positive integer`);
      this.limits[name] = limit;
    }
  }

  limitOf(bucket: OktaRateBucket): number {
    return this.limits[bucket];
  }

  /** Windows are aligned to multiples of their length since the epoch, as Okta's minute windows are. */
  windowStart(now = this.clock()): number {
    return Math.floor(now / this.windowMs) * this.windowMs;
  }

  /** Counts one request against `bucket`. A refused request does not consume anything. */
  take(bucket: OktaRateBucket): RateDecision {
    const start = this.windowStart();
    let window = this.windows.get(bucket);
    if (!window || window.start !== start) {
      window = { start, used: 0 };
      this.windows.set(bucket, window);
    }
    const limit = this.limits[bucket];
    const reset = (start + this.windowMs) / 1000;
    if (window.used >= limit) return { bucket, allowed: false, limit, remaining: 0, reset };
    window.used++;
    return { bucket, allowed: true, limit, remaining: limit - window.used, reset };
  }
}

export function rateLimitHeaders(decision: {
  limit: number;
  remaining: number;
  reset: number;
}): Record<string, string> {
  return {
    'x-rate-limit-limit': String(decision.limit),
    'x-rate-limit-remaining': String(decision.remaining),
    'x-rate-limit-reset': String(decision.reset),
  };
}
