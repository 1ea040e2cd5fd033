// Fault injection for the Datadog simulator: the kit's switches (../shared/faults.ts) with Datadog's answers.
import { FaultSwitches } from '../shared/faults.ts';
import type { CommonFaults } from '../shared/faults.ts';

export interface DatadogFaults extends CommonFaults {
  /** Both keys are refused everywhere (403 Forbidden), as for a revoked API key. */
  expiredToken?: boolean;
  /** The next `count` requests fail: 500 with Datadog's JSON body, 502/503 with an edge proxy's HTML. */
  serverErrors?: { count: number; status?: 500 | 502 | 503 };
  /**
   * The keys belong to an org on another Datadog site: this site knows neither, so even /api/v1/validate
   * answers 403 Forbidden (what a user sees with the wrong --site).
   */
  otherSite?: boolean;
  /** The application key alone is revoked: /api/v1/validate passes, everything needing it is 403. */
  revokedAppKey?: boolean;
  /** Users pages report a total_count this much higher than the users they list (a count mismatch). */
  countSkew?: number;
}

export class FaultState extends FaultSwitches<DatadogFaults, 500 | 502 | 503> {
  constructor(faults: DatadogFaults = {}) {
    super(faults, { serverErrorStatuses: [500, 502, 503] });
  }

  get wrongDomain(): boolean {
    return Boolean(this.faults.wrongDomain);
  }
}
