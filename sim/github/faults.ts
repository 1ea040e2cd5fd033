// Fault injection for the GitHub simulator: the failures a connector meets in the field, switchable at
// start and at runtime (`sim.setFaults`), so tests can drive every connection status.

export interface GitHubFaults {
  /** Every token is refused with 401 "Bad credentials", as for an expired or revoked token. */
  expiredToken?: boolean;
  /** Named tokens (keys of `tokens`, or `default`) refused with 401, as if revoked. */
  revokedTokens?: string[];
  /** Classic tokens lose these scopes (and the scopes including them), as if the user edited them. */
  missingScopes?: string[];
  /** The org answers 404 everywhere (renamed, deleted, or a typo in the configured login). */
  orgNotFound?: boolean;
  /** Classic tokens are not authorized for the org's SAML SSO: org resources answer 403 with X-GitHub-SSO. */
  samlNotAuthorized?: boolean;
  /** The next `count` requests fail: 500/502/504 with GitHub's JSON, 503 with the edge's HTML page. */
  serverErrors?: { count: number; status?: 500 | 502 | 503 | 504 };
  /** Every Nth request has its socket destroyed without a response (ECONNRESET at the client). */
  resetEvery?: number;
  /** Delay added to every response. */
  slowPagesMs?: number;
  /** Delay added to responses whose path (without `/api/v3`) starts with the key; `*` matches one segment. */
  slowPaths?: Record<string, number>;
  /** Every API call meets a secondary rate limit (403 with `retry-after`). */
  secondaryRateLimitStorm?: boolean;
  /** Every token's primary budget reports nothing left (403, `x-ratelimit-remaining: 0`). */
  primaryRateLimitExhausted?: boolean;
}

/** `*` matches one segment; the pattern matches the path itself or anything below it. */
export function pathMatcher(pattern: string): (pathname: string) => boolean {
  const body = pattern
    .replace(/\/+$/, '')
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  const regex = new RegExp(`^${body}(?:/|$)`);
  return (pathname) => regex.test(pathname);
}

function nonNegative(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
    throw new Error(`${name} must be a non-negative number, got ${value}`);
  }
}

export class FaultState {
  private current: GitHubFaults = {};
  private slow: Array<{ matches: (pathname: string) => boolean; ms: number }> = [];
  private serverErrorsLeft = 0;
  private requestsSinceSet = 0;

  constructor(faults: GitHubFaults = {}) {
    this.set(faults);
  }

  get faults(): Readonly<GitHubFaults> {
    return this.current;
  }

  /** Replaces every fault at once (`set({})` clears them) and restarts the counters. */
  set(faults: GitHubFaults): void {
    nonNegative('slowPagesMs', faults.slowPagesMs);
    if (faults.resetEvery !== undefined && (!Number.isInteger(faults.resetEvery) || faults.resetEvery < 1)) {
      throw new Error(`resetEvery must be a positive integer, got ${faults.resetEvery}`);
    }
    const status = faults.serverErrors?.status ?? 500;
    if (![500, 502, 503, 504].includes(status))
      throw new Error('serverErrors.status must be 500, 502, 503 or 504');
    nonNegative('serverErrors.count', faults.serverErrors?.count);
    for (const [path, ms] of Object.entries(faults.slowPaths ?? {})) nonNegative(`slowPaths[${path}]`, ms);
    this.current = structuredClone(faults);
    this.slow = Object.entries(faults.slowPaths ?? {}).map(([path, ms]) => ({
      matches: pathMatcher(path),
      ms,
    }));
    this.serverErrorsLeft = faults.serverErrors?.count ?? 0;
    this.requestsSinceSet = 0;
  }

  /** Call once per request, first: says whether this one is the Nth to be reset. */
  countRequestAndCheckReset(): boolean {
    this.requestsSinceSet++;
    const every = this.current.resetEvery;
    return every !== undefined && this.requestsSinceSet % every === 0;
  }

  takeServerError(): 500 | 502 | 503 | 504 | undefined {
    if (this.serverErrorsLeft <= 0) return undefined;
    this.serverErrorsLeft--;
    return this.current.serverErrors?.status ?? 500;
  }

  extraDelayMs(pathname: string): number {
    let delay = this.current.slowPagesMs ?? 0;
    for (const { matches, ms } of this.slow) if (matches(pathname)) delay += ms;
    return delay;
  }
}
