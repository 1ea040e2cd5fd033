// Fault injection for the GitLab simulator: the kit's switches (../shared/faults.ts) plus GitLab's own.
import { FaultSwitches } from '../shared/faults.ts';
import type { CommonFaults } from '../shared/faults.ts';

export interface GitLabFaults extends CommonFaults {
  /** Every token is refused with 401 `invalid_token` "Token is expired". */
  expiredToken?: boolean;
  /** Named tokens (keys of `tokens`, or `default`) refused with 401 "Token was revoked". */
  revokedTokens?: string[];
  /**
   * API paths (below `/api/v4`) answering 403 `insufficient_scope`, as for a token without `read_api`.
   * `/api/v4` itself (every path) is what a token holding only `read_user` or `read_repository` meets.
   */
  forbiddenPaths?: string[];
  /** 500 with GitLab's JSON, 502/503 with Workhorse's HTML page. */
  serverErrors?: { count: number; status?: 500 | 502 | 503 };
  /** 429s without any `RateLimit-*` or `Retry-After` header (gitlab-org/gitlab#365728). */
  rateLimitHeadersMissing?: boolean;
  /** Offset pages omit `X-Total`/`X-Total-Pages` at any size, as past 10,000 rows. */
  omitTotals?: boolean;
  /** `X-Total` reports this many rows more than the listing has (a count that disagrees). */
  countSkew?: number;
  /** The configured group answers 404 (renamed, deleted, or a typo in its path). */
  groupNotFound?: boolean;
}

export class FaultState extends FaultSwitches<GitLabFaults, 500 | 502 | 503> {
  constructor(faults: GitLabFaults = {}) {
    super(faults, { serverErrorStatuses: [500, 502, 503] });
  }
}
