// Graph's throttling for directory reads ("identity and access" service limits): a budget of resource
// units per app and tenant in 10-second windows, larger for larger tenants, each request costing a few
// units. Over budget, Graph answers 429 with Retry-After (seconds). `timeScale` shrinks the window for
// tests; `budget` overrides the per-window units.
import { RateWindows, scaledWindowMs } from '../shared/rate-limits.ts';

export const GRAPH_WINDOW_MS = 10_000;

/** Microsoft's per app+tenant budgets by tenant size (resource units per 10 seconds). */
export function defaultBudget(users: number): number {
  if (users < 50) return 3500;
  if (users <= 500) return 5000;
  return 8000;
}

/**
 * Approximate resource-unit costs: a collection page 2, a single object or a count 1; `$select` saves one
 * unit, `$expand` costs one more. Microsoft publishes a similar table; the exact figures change.
 */
export function requestCost(url: URL, isCollection: boolean): number {
  let cost = isCollection ? 2 : 1;
  if (url.searchParams.has('$select') || url.searchParams.has('select')) cost -= 1;
  if (url.searchParams.has('$expand') || url.searchParams.has('expand')) cost += 1;
  return Math.max(1, cost);
}

export interface ThrottleDecision {
  allowed: boolean;
  cost: number;
  /** Seconds until the window resets (Retry-After), when refused. */
  retryAfterSeconds: number;
}

export class GraphThrottle {
  readonly windowMs: number;
  private readonly windows: RateWindows;

  constructor(
    readonly budget: number,
    timeScale: number,
    private readonly clock: () => number,
  ) {
    if (!Number.isInteger(budget) || budget < 1)
      throw new Error(`throttle budget must be a positive integer, got ${budget}`);
    this.windowMs = scaledWindowMs(GRAPH_WINDOW_MS, timeScale);
    this.windows = new RateWindows({
      windowMs: this.windowMs,
      align: 'first-request',
      wholeSecondResets: false,
      clock,
    });
  }

  take(appId: string, cost: number): ThrottleDecision {
    const decision = this.windows.take(appId, this.budget, cost);
    return {
      allowed: decision.allowed,
      cost,
      retryAfterSeconds: Math.max(1, Math.ceil((decision.resetMs - this.clock()) / 1000)),
    };
  }
}
