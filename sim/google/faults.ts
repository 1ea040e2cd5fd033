// Fault injection for the Google Workspace simulator: the kit's switches (../shared/faults.ts) plus
// Google's own failure modes, so tests can drive every error class a connector must tell apart.
import { FaultSwitches } from '../shared/faults.ts';
import type { CommonFaults } from '../shared/faults.ts';

export type ThrottleReason = 'userRateLimitExceeded' | 'quotaExceeded' | 'rateLimitExceeded';

export interface GoogleFaults extends CommonFaults {
  /** Directory calls with any access token answer 401 authError (the token was revoked). */
  expiredToken?: boolean;
  /** Directory path prefixes answering 403 "Not Authorized to access this resource/api" (a missing admin privilege). */
  forbiddenPaths?: string[];
  /** The next `count` requests fail: the API with its JSON 5xx, the token endpoint with internal_failure. */
  serverErrors?: { count: number; status?: 500 | 502 | 503 };
  /** Every Directory call answers 429 rateLimitExceeded. */
  rateLimitStorm?: boolean;
  /** The key in the key file was deleted in the Cloud console: invalid_grant "Invalid JWT Signature." */
  keyDeleted?: boolean;
  /** Scopes a super admin removed from the client's domain-wide delegation entry. */
  revokedScopes?: string[];
  /** The impersonated user is no longer an administrator: every Directory call answers 403 Not Authorized. */
  subjectNotAdmin?: boolean;
  /** Added to every group's directMembersCount: a reported count that disagrees with the members listed. */
  countSkew?: number;
  /** The next `count` Directory calls are refused for a rate limit, with this reason (403, or 429 for rateLimitExceeded). */
  throttle?: { count: number; reason?: ThrottleReason };
}

export class GoogleFaultState extends FaultSwitches<GoogleFaults, 500 | 502 | 503> {
  private throttleLeft = 0;

  constructor(faults: GoogleFaults = {}) {
    super(faults, { serverErrorStatuses: [503, 500, 502] });
    this.throttleLeft = faults.throttle?.count ?? 0;
  }

  override set(faults: GoogleFaults): void {
    super.set(faults);
    this.throttleLeft = faults.throttle?.count ?? 0;
  }

  takeThrottle(): ThrottleReason | undefined {
    if (this.throttleLeft <= 0) return undefined;
    this.throttleLeft--;
    return this.faults.throttle?.reason ?? 'userRateLimitExceeded';
  }
}
