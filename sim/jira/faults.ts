// Fault injection for the Jira simulator: the kit's switches plus Jira's own.
import { FaultSwitches } from '../shared/faults.ts';
import type { CommonFaults } from '../shared/faults.ts';

export interface JiraFaults extends CommonFaults {
  /** Every API token is refused: /myself answers 401, other paths treat the caller as anonymous. */
  expiredToken?: boolean;
  /** Paths answering 403 with Jira's errorMessages, as for an account without a global permission. */
  forbiddenPaths?: string[];
  /** 500 with Jira's JSON; 503 with an edge page and Retry-After. */
  serverErrors?: { count: number; status?: 500 | 503 };
  /** `total` of PageBeans reports this many more than exist. */
  countSkew?: number;
}

export class FaultState extends FaultSwitches<JiraFaults, 500 | 503> {
  constructor(faults: JiraFaults = {}) {
    super(faults, { serverErrorStatuses: [500, 503] });
  }
}
