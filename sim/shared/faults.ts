// Fault switches every simulator shares: the failures a connector meets in the field (a revoked token,
// a missing scope, a wrong domain, 5xx bursts, connection resets, slow pages, 429 storms), switchable at
// start and at runtime (`sim.setFaults`). A simulator extends `CommonFaults` with its own switches and
// reads them through `FaultSwitches.faults`; the counters and matchers here are what they all need.

export interface CommonFaults {
  /** Every credential is refused (401), as for an expired or revoked token. */
  expiredToken?: boolean;
  /**
   * Path prefixes answering the provider's "missing permission" error (403), as for a token lacking a
   * scope or role. Prefixes match at segment boundaries; a `*` segment matches any one segment.
   */
  forbiddenPaths?: string[];
  /** The next `count` requests fail with `status` (the simulator decides the body: JSON or edge HTML). */
  serverErrors?: { count: number; status?: number };
  /** Every Nth request has its socket destroyed without a response (ECONNRESET at the client). */
  resetEvery?: number;
  /** Delay added to every response. */
  slowPagesMs?: number;
  /** Delay added to responses whose path starts with the key (same matching as forbiddenPaths). */
  slowPaths?: Record<string, number>;
  /** The host is not the provider (a typo in the domain): the simulator answers like some other server. */
  wrongDomain?: boolean;
  /** Every API call is refused with the provider's rate-limit answer. */
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

export function requireNonNegative(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
    throw new Error(`${name} must be a non-negative number, got ${value}`);
  }
}

export interface FaultSwitchOptions<S extends number> {
  /** The statuses `serverErrors` may inject (the provider's and its edge's), first is the default. */
  serverErrorStatuses: readonly [S, ...S[]];
}

export class FaultSwitches<F extends CommonFaults, S extends number = number> {
  private current = {} as F;
  private forbidden: Array<(pathname: string) => boolean> = [];
  private slow: Array<{ matches: (pathname: string) => boolean; ms: number }> = [];
  private serverErrorsLeft = 0;
  private requestsSinceSet = 0;

  constructor(
    faults: F | undefined,
    private readonly options: FaultSwitchOptions<S>,
  ) {
    this.set(faults ?? ({} as F));
  }

  get faults(): Readonly<F> {
    return this.current;
  }

  /** Replaces every fault at once (`set({})` clears them) and restarts the counters. */
  set(faults: F): void {
    requireNonNegative('slowPagesMs', faults.slowPagesMs);
    if (faults.resetEvery !== undefined && (!Number.isInteger(faults.resetEvery) || faults.resetEvery < 1)) {
      throw new Error(`resetEvery must be a positive integer, got ${faults.resetEvery}`);
    }
    const statuses: readonly number[] = this.options.serverErrorStatuses;
    const status = faults.serverErrors?.status ?? statuses[0];
    if (status === undefined || !statuses.includes(status)) {
      const listed = statuses.slice(0, -1).join(', ') + ` or ${String(statuses[statuses.length - 1])}`;
      throw new Error(`serverErrors.status must be ${statuses.length > 1 ? listed : String(statuses[0])}`);
    }
    requireNonNegative('serverErrors.count', faults.serverErrors?.count);
    for (const [path, ms] of Object.entries(faults.slowPaths ?? {}))
      requireNonNegative(`slowPaths[${path}]`, ms);
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
  takeServerError(): S | undefined {
    if (this.serverErrorsLeft <= 0) return undefined;
    this.serverErrorsLeft--;
    return (this.current.serverErrors?.status ?? this.options.serverErrorStatuses[0]) as S;
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
