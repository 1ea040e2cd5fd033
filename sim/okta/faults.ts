// Fault injection for the Okta simulator: the failures a connector meets in the field, switchable at
// start and at runtime (`sim.setFaults`), so tests can drive every ConnectionStatus class.

export interface OktaFaults {
  /** Every authenticated call answers 401 E0000011, as for a revoked or expired API token. */
  expiredToken?: boolean;
  /**
   * Path prefixes answering 403 E0000006, as for a token whose admin lacks a role. Prefixes match at
   * segment boundaries only; a `*` segment matches any one segment, so the pattern made of
   * `/api/v1/users/`, `*` and `/roles` forbids every user's role list.
   */
  forbiddenPaths?: string[];
  /** The next `count` requests fail: 500 with Okta's E0000009 body, 502/503 with an edge proxy's HTML. */
  serverErrors?: { count: number; status?: 500 | 502 | 503 };
  /** Every Nth request has its socket destroyed without a response (ECONNRESET at the client). */
  resetEvery?: number;
  /** Delay added to every response. */
  slowPagesMs?: number;
  /** Delay added to responses whose path starts with the key (same matching as forbiddenPaths). */
  slowPaths?: Record<string, number>;
  /** The host is some other web server: every path, the Okta well-known included, is a 404 HTML page. */
  notOktaOrg?: boolean;
  /** Every /api call is a 429 whose reset lies a few windows ahead. */
  rateLimitStorm?: boolean;
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
  private current: OktaFaults = {};
  private forbidden: Array<(pathname: string) => boolean> = [];
  private slow: Array<{ matches: (pathname: string) => boolean; ms: number }> = [];
  private serverErrorsLeft = 0;
  private requestsSinceSet = 0;

  constructor(faults: OktaFaults = {}) {
    this.set(faults);
  }

  get faults(): Readonly<OktaFaults> {
    return this.current;
  }

  /** Replaces every fault at once (`set({})` clears them) and restarts the counters. */
  set(faults: OktaFaults): void {
    nonNegative('slowPagesMs', faults.slowPagesMs);
    if (faults.resetEvery !== undefined && (!Number.isInteger(faults.resetEvery) || faults.resetEvery < 1)) {
      throw new Error(`resetEvery must be a positive integer, got ${faults.resetEvery}`);
    }
    const status = faults.serverErrors?.status ?? 500;
    if (![500, 502, 503].includes(status)) throw new Error(`serverErrors.status must be 500, 502 or 503`);
    nonNegative('serverErrors.count', faults.serverErrors?.count);
    for (const [path, ms] of Object.entries(faults.slowPaths ?? {})) nonNegative(`slowPaths[${path}]`, ms);

    this.current = structuredClone(faults);
    this.forbidden = (faults.forbiddenPaths ?? []).map(pathMatcher);
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

  /** Consumes one injected server error, if any are left. */
  takeServerError(): 500 | 502 | 503 | undefined {
    if (this.serverErrorsLeft <= 0) return undefined;
    this.serverErrorsLeft--;
    return this.current.serverErrors?.status ?? 500;
  }

  isForbidden(pathname: string): boolean {
    return this.forbidden.some((matches) => matches(pathname));
  }

  extraDelayMs(pathname: string): number {
    let delay = this.current.slowPagesMs ?? 0;
    for (const { matches, ms } of this.slow) if (matches(pathname)) delay += ms;
    return delay;
  }
}
