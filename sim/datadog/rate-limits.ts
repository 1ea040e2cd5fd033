// Datadog's rate limits: per endpoint family, calendar-aligned periods, reported on every rate-limited
// response as X-RateLimit-Limit, -Period (seconds), -Remaining, -Reset (seconds until the period ends) and
// -Name (docs.datadoghq.com/api/latest/rate-limits). Datadog does not publish the limits of the user and
// role endpoints; the defaults below are assumptions (see README.md), overridable per bucket.
import { RateWindows, mergeLimits, scaledWindowMs } from '../shared/rate-limits.ts';

export const DATADOG_DEFAULT_RATE_LIMITS = {
  users: 1000,
  roles: 1000,
  permissions: 1000,
  validate: 6000,
} as const;

export type DatadogRateBucket = keyof typeof DATADOG_DEFAULT_RATE_LIMITS;

/** The rate-limit name Datadog puts in X-RateLimit-Name for a bucket. */
const NAMES: Record<DatadogRateBucket, string> = {
  users: 'users_api',
  roles: 'roles_api',
  permissions: 'permissions_api',
  validate: 'validate_api',
};

export const DATADOG_PERIOD_SECONDS = 60;
/** Time scales whose period (60 s / scale) is a whole number of seconds. */
export const DATADOG_TIME_SCALES = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60] as const;

export function rateBucketFor(pathname: string): DatadogRateBucket {
  if (pathname.startsWith('/api/v2/users')) return 'users';
  if (pathname.startsWith('/api/v2/roles')) return 'roles';
  if (pathname.startsWith('/api/v2/permissions')) return 'permissions';
  return 'validate';
}

export interface DatadogRateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  limit: number;
  periodSeconds: number;
}

export class DatadogRateLimiter {
  readonly windowMs: number;
  private readonly limits: Record<DatadogRateBucket, number>;
  private readonly windows: RateWindows;
  private readonly clock: () => number;

  constructor(options: {
    timeScale?: number;
    limits?: Partial<Record<string, number>>;
    clock?: () => number;
  }) {
    this.windowMs = scaledWindowMs(
      DATADOG_PERIOD_SECONDS * 1000,
      options.timeScale ?? 1,
      DATADOG_TIME_SCALES,
    );
    this.limits = mergeLimits(DATADOG_DEFAULT_RATE_LIMITS, options.limits);
    this.clock = options.clock ?? Date.now;
    this.windows = new RateWindows({ windowMs: this.windowMs, align: 'epoch', clock: this.clock });
  }

  private headers(bucket: DatadogRateBucket, remaining: number, resetMs: number): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.limits[bucket]),
      'x-ratelimit-period': String(this.windowMs / 1000),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(Math.max(1, Math.ceil((resetMs - this.clock()) / 1000))),
      'x-ratelimit-name': NAMES[bucket],
    };
  }

  take(bucket: DatadogRateBucket): DatadogRateDecision {
    const d = this.windows.take(bucket, this.limits[bucket]);
    return {
      allowed: d.allowed,
      headers: this.headers(bucket, d.allowed ? d.remaining : 0, d.resetMs),
      limit: d.limit,
      periodSeconds: this.windowMs / 1000,
    };
  }

  /** A storm: refused with a reset a few periods ahead. */
  storm(bucket: DatadogRateBucket): DatadogRateDecision {
    const resetMs = this.windows.windowStart() + 3 * this.windowMs;
    return {
      allowed: false,
      headers: this.headers(bucket, 0, resetMs),
      limit: this.limits[bucket],
      periodSeconds: this.windowMs / 1000,
    };
  }
}
