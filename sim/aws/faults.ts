// Fault injection for the AWS simulator: the kit's switches with AWS's answers. Operations have no paths,
// so `forbiddenPaths` names them as `/SERVICE/Operation` (e.g. `/sso/ListPermissionSets`, `/identitystore`).
import { FaultSwitches } from '../shared/faults.ts';
import type { CommonFaults } from '../shared/faults.ts';

export interface AwsFaults extends CommonFaults {
  /** Every signed request answers ExpiredTokenException (identitystore, sso) / ExpiredToken (STS). */
  expiredToken?: boolean;
  /** `/SERVICE/Operation` prefixes answering AccessDeniedException naming the IAM action. */
  forbiddenPaths?: string[];
  serverErrors?: { count: number; status?: 500 | 503 };
  /** Pages hold half of MaxResults and still carry a NextToken. */
  shortPages?: boolean;
  /** ListInstances returns no instance (Identity Center not enabled in this region). */
  noInstance?: boolean;
  /** Users come without UserStatus, as the older API descriptions have them. */
  omitUserStatus?: boolean;
}

export class FaultState extends FaultSwitches<AwsFaults, 500 | 503> {
  constructor(faults: AwsFaults = {}) {
    super(faults, { serverErrorStatuses: [500, 503] });
  }

  get wrongDomain(): boolean {
    return Boolean(this.faults.wrongDomain);
  }
}
