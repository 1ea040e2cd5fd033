// Fault injection for the GitHub simulator: the kit's switches (../shared/faults.ts) plus GitHub's own
// (revoked tokens, missing scopes, SAML, secondary limits), so tests can drive every connection status.
import { FaultSwitches } from '../shared/faults.ts';
import type { CommonFaults } from '../shared/faults.ts';

export { pathMatcher } from '../shared/faults.ts';

export interface GitHubFaults extends CommonFaults {
  /** Every token is refused with 401 "Bad credentials", as for an expired or revoked token. */
  expiredToken?: boolean;
  /** Named tokens (keys of `tokens`, or `default`) refused with 401, as if revoked. */
  revokedTokens?: string[];
  /** Classic tokens lose these scopes (and the scopes including them), as if the user edited them. */
  missingScopes?: string[];
  /**
   * REST paths (without `/api/v3`) answering the 403 a token without the endpoint's scope or permission
   * gets: "Must have admin rights" for classic tokens, "Resource not accessible" for fine-grained ones.
   */
  forbiddenPaths?: string[];
  /** The org answers 404 everywhere (renamed, deleted, or a typo in the configured login). */
  orgNotFound?: boolean;
  /** Classic tokens are not authorized for the org's SAML SSO: org resources answer 403 with X-GitHub-SSO. */
  samlNotAuthorized?: boolean;
  /** The next `count` requests fail: 500/502/504 with GitHub's JSON, 503 with the edge's HTML page. */
  serverErrors?: { count: number; status?: 500 | 502 | 503 | 504 };
  /** Every API call meets a secondary rate limit (403 with `retry-after`); `rateLimitStorm` is the same. */
  secondaryRateLimitStorm?: boolean;
  /** Every token's primary budget reports nothing left (403, `x-ratelimit-remaining: 0`). */
  primaryRateLimitExhausted?: boolean;
  /**
   * Added to the organization's `membersWithRole.totalCount` (a count that disagrees with the member list):
   * a collector must not call the members complete.
   */
  countSkew?: number;
}

export class FaultState extends FaultSwitches<GitHubFaults, 500 | 502 | 503 | 504> {
  constructor(faults: GitHubFaults = {}) {
    super(faults, { serverErrorStatuses: [500, 502, 503, 504] });
  }

  get storm(): boolean {
    return Boolean(this.faults.secondaryRateLimitStorm || this.faults.rateLimitStorm);
  }
}
