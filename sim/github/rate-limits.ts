// GitHub's rate limits. Primary: per token (or per IP when anonymous) and per resource, an hourly budget
// whose window starts with the first request and whose reset GitHub reports in epoch seconds
// (`x-ratelimit-limit/-remaining/-used/-reset/-resource`). Secondary: at most 100 concurrent requests,
// and 900 points per minute per REST endpoint (2,000 for GraphQL), answered with `retry-after`.
// `timeScale` shrinks every window (an hour becomes 3600/timeScale seconds) so tests can cross resets.

export type RateResource = 'core' | 'graphql' | 'search';

export const GITHUB_DEFAULT_RATE_LIMITS: Record<RateResource, number> = {
  core: 5000,
  graphql: 5000,
  search: 30,
};
/** Unauthenticated requests: 60 per hour per IP. */
export const ANONYMOUS_CORE_LIMIT = 60;

export interface RateDecision {
  resource: RateResource;
  allowed: boolean;
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds at which the window resets. */
  reset: number;
}

export interface RateLimiterOptions {
  timeScale?: number;
  limits?: Partial<Record<RateResource, number>>;
  clock?: () => number;
}

export function validateTimeScale(timeScale: number): number {
  if (!(Number.isFinite(timeScale) && timeScale >= 1 && timeScale <= 3600)) {
    throw new Error(`timeScale must be a number from 1 to 3600, got ${timeScale}`);
  }
  return timeScale;
}

export class PrimaryRateLimiter {
  readonly windowMs: number;
  private readonly limits: Record<RateResource, number>;
  private readonly clock: () => number;
  private readonly windows = new Map<string, { resetMs: number; used: number }>();
  /** When set, every bucket reports nothing left (a fault: another process used the token up). */
  exhausted = false;

  constructor(options: RateLimiterOptions = {}) {
    const timeScale = validateTimeScale(options.timeScale ?? 1);
    // Search windows are per minute, the others per hour.
    this.windowMs = 3_600_000 / timeScale;
    this.clock = options.clock ?? Date.now;
    this.limits = { ...GITHUB_DEFAULT_RATE_LIMITS };
    for (const [name, limit] of Object.entries(options.limits ?? {})) {
      if (limit === undefined) continue;
      if (!(name in GITHUB_DEFAULT_RATE_LIMITS)) {
        throw new Error(`unknown rate-limit resource "${name}"; known: core, graphql, search`);
      }
      if (!Number.isInteger(limit) || limit < 1)
        throw new Error(`rate limit for ${name} must be a positive integer`);
      this.limits[name as RateResource] = limit;
    }
  }

  private windowMsOf(resource: RateResource): number {
    return resource === 'search' ? this.windowMs / 60 : this.windowMs;
  }

  limitOf(resource: RateResource, anonymous: boolean): number {
    return anonymous && resource === 'core' ? ANONYMOUS_CORE_LIMIT : this.limits[resource];
  }

  private window(key: string, resource: RateResource): { resetMs: number; used: number } {
    const now = this.clock();
    const id = `${key} ${resource}`;
    let window = this.windows.get(id);
    if (!window || now >= window.resetMs) {
      // GitHub's window starts with the first request; resets are reported in whole seconds.
      window = { resetMs: Math.ceil((now + this.windowMsOf(resource)) / 1000) * 1000, used: 0 };
      this.windows.set(id, window);
    }
    return window;
  }

  /** Counts `cost` against the bucket; a refused request consumes nothing. */
  take(key: string, resource: RateResource, anonymous: boolean, cost = 1): RateDecision {
    const window = this.window(key, resource);
    const limit = this.limitOf(resource, anonymous);
    const reset = window.resetMs / 1000;
    if (this.exhausted || window.used + cost > limit) {
      return {
        resource,
        allowed: false,
        limit,
        remaining: 0,
        used: this.exhausted ? limit : window.used,
        reset,
      };
    }
    window.used += cost;
    return { resource, allowed: true, limit, remaining: limit - window.used, used: window.used, reset };
  }

  /** The bucket's state without counting anything (`GET /rate_limit`, 401s). */
  peek(key: string, resource: RateResource, anonymous: boolean): RateDecision {
    const window = this.window(key, resource);
    const limit = this.limitOf(resource, anonymous);
    const used = this.exhausted ? limit : window.used;
    return {
      resource,
      allowed: used < limit,
      limit,
      remaining: limit - used,
      used,
      reset: window.resetMs / 1000,
    };
  }
}

export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    'x-ratelimit-limit': String(decision.limit),
    'x-ratelimit-remaining': String(decision.remaining),
    'x-ratelimit-reset': String(decision.reset),
    'x-ratelimit-used': String(decision.used),
    'x-ratelimit-resource': decision.resource,
  };
}

export interface SecondaryLimiterOptions {
  timeScale?: number;
  /** Concurrent requests per token before a secondary limit. GitHub documents 100. */
  concurrencyLimit?: number;
  /** Points per endpoint per minute. GitHub documents 900 for REST and 2,000 for GraphQL. */
  restPointsPerMinute?: number;
  graphqlPointsPerMinute?: number;
  clock?: () => number;
}

/** Secondary limits: concurrency and per-endpoint points per minute, per token. */
export class SecondaryRateLimiter {
  readonly concurrencyLimit: number;
  readonly windowMs: number;
  /** What `retry-after` says: a minute, scaled. */
  readonly retryAfterSeconds: number;
  private readonly restPoints: number;
  private readonly graphqlPoints: number;
  private readonly clock: () => number;
  private readonly inFlight = new Map<string, number>();
  private readonly points = new Map<string, { start: number; used: number }>();

  constructor(options: SecondaryLimiterOptions = {}) {
    const timeScale = validateTimeScale(options.timeScale ?? 1);
    this.concurrencyLimit = options.concurrencyLimit ?? 100;
    if (!Number.isInteger(this.concurrencyLimit) || this.concurrencyLimit < 1)
      throw new Error('concurrencyLimit must be a positive integer');
    this.restPoints = options.restPointsPerMinute ?? 900;
    this.graphqlPoints = options.graphqlPointsPerMinute ?? 2000;
    this.windowMs = 60_000 / timeScale;
    this.retryAfterSeconds = Math.max(1, Math.round(60 / timeScale));
    this.clock = options.clock ?? Date.now;
  }

  /** Registers a request in flight; returns false (and registers nothing) above the concurrency limit. */
  enter(key: string): boolean {
    const current = this.inFlight.get(key) ?? 0;
    if (current >= this.concurrencyLimit) return false;
    this.inFlight.set(key, current + 1);
    return true;
  }

  leave(key: string): void {
    const current = this.inFlight.get(key) ?? 0;
    if (current <= 1) this.inFlight.delete(key);
    else this.inFlight.set(key, current - 1);
  }

  /** Counts one request against the endpoint's points; false when the minute's points are spent. */
  spendPoint(key: string, endpoint: string, graphql: boolean): boolean {
    const now = this.clock();
    const id = `${key} ${endpoint}`;
    let window = this.points.get(id);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, used: 0 };
      this.points.set(id, window);
    }
    const limit = graphql ? this.graphqlPoints : this.restPoints;
    if (window.used >= limit) return false;
    window.used++;
    return true;
  }
}
