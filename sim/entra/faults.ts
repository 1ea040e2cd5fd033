// Fault injection for the Entra simulator: the kit's switches (../shared/faults.ts) plus Entra's own
// failure modes, so tests can drive every error class a connector must tell apart.
import { FaultSwitches } from '../shared/faults.ts';
import type { CommonFaults } from '../shared/faults.ts';
import type { CountedCollection } from './routes/route.ts';

export interface EntraFaults extends CommonFaults {
  /** Graph refuses every bearer token as expired (401 InvalidAuthenticationToken). */
  expiredToken?: boolean;
  /** Graph path prefixes (e.g. `/v1.0/groups`) answering 403 Authorization_RequestDenied. */
  forbiddenPaths?: string[];
  /**
   * The next `count` requests fail with `status`: Graph answers with its JSON error (503 with
   * Retry-After), the token endpoint with `server_error` / `temporarily_unavailable`.
   */
  serverErrors?: { count: number; status?: 500 | 502 | 503 | 504 };
  /** The host is not Microsoft's: every path answers an HTML 404. */
  wrongDomain?: boolean;
  /** Every Graph call answers 429 with Retry-After. */
  rateLimitStorm?: boolean;
  /** The token endpoint answers AADSTS7000222 (expired secret) even for the current secret. */
  secretExpired?: boolean;
  /** Permissions withdrawn (admin consent revoked): tokens issued from now on omit them from `roles`. */
  revokedPermissions?: string[];
  /** The tenant has no Entra ID P1/P2: signInActivity and the registration report answer 403. */
  noPremiumLicense?: boolean;
  /** The next `count` Graph calls are throttled (429, or 503 as Graph also does) with this Retry-After. */
  throttle?: { count: number; status?: 429 | 503; retryAfterSeconds?: number };
  /** Added to `@odata.count` and `/$count` of these collections: eventual consistency gone wrong. */
  countDrift?: Partial<Record<CountedCollection, number>>;
}

export class EntraFaultState extends FaultSwitches<EntraFaults, 500 | 502 | 503 | 504> {
  private throttleLeft = 0;

  constructor(faults: EntraFaults = {}) {
    super(faults, { serverErrorStatuses: [500, 502, 503, 504] });
    this.throttleLeft = faults.throttle?.count ?? 0;
  }

  override set(faults: EntraFaults): void {
    const retryAfter = faults.throttle?.retryAfterSeconds;
    if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && retryAfter >= 0))
      throw new Error(`throttle.retryAfterSeconds must be a non-negative integer, got ${retryAfter}`);
    super.set(faults);
    this.throttleLeft = faults.throttle?.count ?? 0;
  }

  /** Consumes one injected throttle, if any are left. */
  takeThrottle(): { status: 429 | 503; retryAfterSeconds: number } | undefined {
    if (this.throttleLeft <= 0) return undefined;
    this.throttleLeft--;
    return {
      status: this.faults.throttle?.status ?? 429,
      retryAfterSeconds: this.faults.throttle?.retryAfterSeconds ?? 2,
    };
  }
}
