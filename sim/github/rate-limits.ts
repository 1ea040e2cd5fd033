// GitHub's rate limits. Primary: per token (or per IP when anonymous) and per resource, an hourly budget
// whose window starts with the first request and whose reset GitHub reports in epoch seconds
// (`x-ratelimit-limit/-remaining/-used/-reset/-resource`). Secondary: at most 100 concurrent requests,
// and 900 points per minute per REST endpoint (2,000 for GraphQL), answered with `retry-after`.
// `timeScale` shrinks every window (an hour becomes 3600/timeScale seconds) so tests can cross resets.
// The windows and gates are the kit's (../shared/rate-limits.ts).
import { ConcurrencyGate, RateWindows, mergeLimits } from '../shared/rate-limits.ts';

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

/** The primary limit on the kit's policy: windows start with a caller's first request, per resource. */
export class PrimaryRateLimiter {
  readonly windowMs: number;
  private readonly limits: Record<RateResource, number>;
  private readonly hourly: RateWindows;
  /** Search windows are per minute, the others per hour. */
  private readonly minutely: RateWindows;
  /** When set, every bucket reports nothing left (a fault: another process used the token up). */
  exhausted = false;

  constructor(options: RateLimiterOptions = {}) {
    const timeScale = validateTimeScale(options.timeScale ?? 1);
    this.windowMs = 3_600_000 / timeScale;
    this.limits = mergeLimits(GITHUB_DEFAULT_RATE_LIMITS, options.limits, 'resource');
    this.hourly = new RateWindows({ windowMs: this.windowMs, align: 'first-request', clock: options.clock });
    this.minutely = new RateWindows({
      windowMs: this.windowMs / 60,
      align: 'first-request',
      clock: options.clock,
    });
  }

  limitOf(resource: RateResource, anonymous: boolean): number {
    return anonymous && resource === 'core' ? ANONYMOUS_CORE_LIMIT : this.limits[resource];
  }

  private windows(resource: RateResource): RateWindows {
    return resource === 'search' ? this.minutely : this.hourly;
  }

  /** Counts `cost` against the bucket; a refused request consumes nothing. */
  take(key: string, resource: RateResource, anonymous: boolean, cost = 1): RateDecision {
    const limit = this.limitOf(resource, anonymous);
    const windows = this.windows(resource);
    const d = this.exhausted
      ? windows.peek(`${key} ${resource}`, limit)
      : windows.take(`${key} ${resource}`, limit, cost);
    if (this.exhausted || !d.allowed) {
      return {
        resource,
        allowed: false,
        limit,
        remaining: 0,
        used: this.exhausted ? limit : d.used,
        reset: d.resetMs / 1000,
      };
    }
    return { resource, allowed: true, limit, remaining: d.remaining, used: d.used, reset: d.resetMs / 1000 };
  }

  /** The bucket's state without counting anything (`GET /rate_limit`, 401s). */
  peek(key: string, resource: RateResource, anonymous: boolean): RateDecision {
    const limit = this.limitOf(resource, anonymous);
    const d = this.windows(resource).peek(`${key} ${resource}`, limit);
    const used = this.exhausted ? limit : d.used;
    return { resource, allowed: used < limit, limit, remaining: limit - used, used, reset: d.resetMs / 1000 };
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
  private readonly gate: ConcurrencyGate;
  private readonly points: RateWindows;

  constructor(options: SecondaryLimiterOptions = {}) {
    const timeScale = validateTimeScale(options.timeScale ?? 1);
    this.gate = new ConcurrencyGate(options.concurrencyLimit ?? 100);
    this.concurrencyLimit = this.gate.limit;
    this.restPoints = options.restPointsPerMinute ?? 900;
    this.graphqlPoints = options.graphqlPointsPerMinute ?? 2000;
    this.windowMs = 60_000 / timeScale;
    this.retryAfterSeconds = Math.max(1, Math.round(60 / timeScale));
    this.points = new RateWindows({
      windowMs: this.windowMs,
      align: 'first-request',
      wholeSecondResets: false,
      clock: options.clock,
    });
  }

  /** Registers a request in flight; returns false (and registers nothing) above the concurrency limit. */
  enter(key: string): boolean {
    return this.gate.enter(key);
  }

  leave(key: string): void {
    this.gate.leave(key);
  }

  /** Counts one request against the endpoint's points; false when the minute's points are spent. */
  spendPoint(key: string, endpoint: string, graphql: boolean): boolean {
    return this.points.take(`${key} ${endpoint}`, graphql ? this.graphqlPoints : this.restPoints).allowed;
  }
}
