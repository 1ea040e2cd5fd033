// Fault injection for the Okta simulator: the kit's switches (../shared/faults.ts) with Okta's answers,
// so tests can drive every ConnectionStatus class.
import { FaultSwitches } from '../shared/faults.ts';
import type { CommonFaults } from '../shared/faults.ts';

export { pathMatcher } from '../shared/faults.ts';

export interface OktaFaults extends CommonFaults {
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
  /** The host is some other web server: every path, the Okta well-known included, is a 404 HTML page. */
  notOktaOrg?: boolean;
  /** Every /api call is a 429 whose reset lies a few windows ahead. */
  rateLimitStorm?: boolean;
  /**
   * Added to the first group's `usersCount` in `expand=stats` (a count that disagrees with the member list,
   * as while Okta's stats lag behind a membership change): a collector must not call the members complete.
   */
  countSkew?: number;
}

export class FaultState extends FaultSwitches<OktaFaults, 500 | 502 | 503> {
  constructor(faults: OktaFaults = {}) {
    super(faults, { serverErrorStatuses: [500, 502, 503] });
  }

  /** `notOktaOrg` is the kit's `wrongDomain` under the name Okta tests have always used. */
  get wrongDomain(): boolean {
    return Boolean(this.faults.notOktaOrg || this.faults.wrongDomain);
  }
}
