// Rate-limit policies every simulator shares. Providers differ in three ways, all covered here:
// - windows aligned to the epoch (Okta's minute windows, Datadog's periods) or starting with a caller's
//   first request (GitHub's hour, Jira's and GitLab's windows);
// - a budget per bucket (endpoint family, resource) and per caller (token, user, IP), with a cost per
//   request (GraphQL points);
// - concurrency caps (Okta's org-wide in-flight limit, GitHub's per-user 100).
// `timeScale` shrinks windows so tests can cross a reset in seconds; header writers give each
// convention (`X-Rate-Limit-*`, `X-RateLimit-*`, `RateLimit-*`, `Retry-After`).

export interface WindowDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  used: number;
  /** Epoch ms at which the window ends. */
  resetMs: number;
}

export interface RateWindowOptions {
  windowMs: number;
  /** `epoch`: windows are multiples of windowMs since the epoch; `first-request`: start with the first use. */
  align: 'epoch' | 'first-request';
  /** Report and apply resets on whole seconds (providers send epoch seconds). Default true. */
  wholeSecondResets?: boolean;
  clock?: () => number;
}

/** Fixed windows of counted budget, one per key (bucket, caller, or both). */
export class RateWindows {
  readonly windowMs: number;
  private readonly align: 'epoch' | 'first-request';
  private readonly wholeSeconds: boolean;
  private readonly clock: () => number;
  private readonly windows = new Map<string, { start: number; resetMs: number; used: number }>();

  constructor(options: RateWindowOptions) {
    if (!(options.windowMs > 0)) throw new Error(`windowMs must be positive, got ${options.windowMs}`);
    this.windowMs = options.windowMs;
    this.align = options.align;
    this.wholeSeconds = options.wholeSecondResets ?? true;
    this.clock = options.clock ?? Date.now;
  }

  /** Start of the current epoch-aligned window (meaningful for `align: 'epoch'`). */
  windowStart(now = this.clock()): number {
    return Math.floor(now / this.windowMs) * this.windowMs;
  }

  private window(key: string): { start: number; resetMs: number; used: number } {
    const now = this.clock();
    let window = this.windows.get(key);
    if (this.align === 'epoch') {
      const start = this.windowStart(now);
      if (!window || window.start !== start) {
        window = { start, resetMs: start + this.windowMs, used: 0 };
        this.windows.set(key, window);
      }
    } else if (!window || now >= window.resetMs) {
      const end = now + this.windowMs;
      window = { start: now, resetMs: this.wholeSeconds ? Math.ceil(end / 1000) * 1000 : end, used: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  /** Counts `cost` against `key`'s window; a refused request consumes nothing. */
  take(key: string, limit: number, cost = 1): WindowDecision {
    const window = this.window(key);
    if (window.used + cost > limit) {
      return {
        allowed: false,
        limit,
        remaining: Math.max(0, limit - window.used),
        used: window.used,
        resetMs: window.resetMs,
      };
    }
    window.used += cost;
    return {
      allowed: true,
      limit,
      remaining: limit - window.used,
      used: window.used,
      resetMs: window.resetMs,
    };
  }

  /** The window's state without counting anything. */
  peek(key: string, limit: number): WindowDecision {
    const window = this.window(key);
    return {
      allowed: window.used < limit,
      limit,
      remaining: Math.max(0, limit - window.used),
      used: window.used,
      resetMs: window.resetMs,
    };
  }
}

/** In-flight requests per key (use one key for an org-wide cap). */
export class ConcurrencyGate {
  private readonly inFlight = new Map<string, number>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('concurrencyLimit must be a positive integer');
  }

  /** Registers a request in flight; false (and nothing registered) at the limit. */
  enter(key: string): boolean {
    const current = this.inFlight.get(key) ?? 0;
    if (current >= this.limit) return false;
    this.inFlight.set(key, current + 1);
    return true;
  }

  leave(key: string): void {
    const current = this.inFlight.get(key) ?? 0;
    if (current <= 1) this.inFlight.delete(key);
    else this.inFlight.set(key, current - 1);
  }

  current(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }
}

/** Validates a limit table override against the known buckets; returns the merged table. */
export function mergeLimits<K extends string>(
  defaults: Readonly<Record<K, number>>,
  overrides: Partial<Record<string, number>> | undefined,
  noun = 'bucket',
): Record<K, number> {
  const limits = { ...defaults } as Record<K, number>;
  for (const [name, limit] of Object.entries(overrides ?? {})) {
    if (limit === undefined) continue;
    if (!Object.hasOwn(defaults, name)) {
      throw new Error(`unknown rate-limit ${noun} "${name}"; known: ${Object.keys(defaults).join(', ')}`);
    }
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`rate limit for ${name} must be a positive integer`);
    limits[name as K] = limit;
  }
  return limits;
}

/** A window of `baseMs / timeScale`; `allowed` restricts the scales (e.g. to whole-second windows). */
export function scaledWindowMs(baseMs: number, timeScale: number, allowed?: readonly number[]): number {
  if (allowed && !allowed.includes(timeScale)) {
    throw new Error(
      `timeScale must be one of ${allowed.join(', ')} (a whole-second window), got ${timeScale}`,
    );
  }
  if (!(Number.isFinite(timeScale) && timeScale >= 1 && timeScale <= baseMs / 1000)) {
    throw new Error(`timeScale must be a number from 1 to ${baseMs / 1000}, got ${timeScale}`);
  }
  return baseMs / timeScale;
}

/** Okta, Auth0: `X-Rate-Limit-Limit/-Remaining/-Reset` (epoch seconds). */
export function xRateLimitHeaders(d: {
  limit: number;
  remaining: number;
  resetMs: number;
}): Record<string, string> {
  return {
    'x-rate-limit-limit': String(d.limit),
    'x-rate-limit-remaining': String(d.remaining),
    'x-rate-limit-reset': String(Math.ceil(d.resetMs / 1000)),
  };
}

/** GitHub: `X-RateLimit-Limit/-Remaining/-Reset/-Used/-Resource`. */
export function xRateLimitUsedHeaders(
  d: { limit: number; remaining: number; used: number; resetMs: number },
  resource: string,
): Record<string, string> {
  return {
    'x-ratelimit-limit': String(d.limit),
    'x-ratelimit-remaining': String(d.remaining),
    'x-ratelimit-reset': String(Math.ceil(d.resetMs / 1000)),
    'x-ratelimit-used': String(d.used),
    'x-ratelimit-resource': resource,
  };
}

/** GitLab (and the IETF draft): `RateLimit-Limit/-Remaining/-Reset` with `RateLimit-Observed`. */
export function rateLimitDraftHeaders(d: {
  limit: number;
  remaining: number;
  used: number;
  resetMs: number;
}): Record<string, string> {
  return {
    'ratelimit-limit': String(d.limit),
    'ratelimit-observed': String(d.used),
    'ratelimit-remaining': String(d.remaining),
    'ratelimit-reset': String(Math.ceil(d.resetMs / 1000)),
    'ratelimit-resettime': new Date(d.resetMs).toUTCString(),
  };
}

/** `Retry-After` in whole seconds from now until `resetMs` (at least 1). */
export function retryAfterHeader(resetMs: number, now: number): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil((resetMs - now) / 1000))) };
}
