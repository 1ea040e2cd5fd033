// What a route handler sees and returns. Handlers are pure functions of the request, the org and the
// viewer; the server does authentication, rate limits, faults and writing.
import type { GitHubOrgIndex } from '../org-index.ts';
import type { RateDecision, RateResource } from '../rate-limits.ts';
import type { Bases, UserJsonCache } from '../representations.ts';
import type { TokenAccess } from '../tokens.ts';

export interface Viewer {
  /** The token's user; null for an anonymous request. */
  userId: number | null;
  access: TokenAccess | null;
}

export interface RouteContext {
  url: URL;
  bases: Bases;
  params: Record<string, string>;
  index: GitHubOrgIndex;
  users: UserJsonCache;
  viewer: Viewer;
  /** Include `role` and `inherited` on team members (a feature GitHub enables per org). */
  teamMemberRoleFields: boolean;
  /** The viewer's primary rate-limit buckets, uncounted (for `GET /rate_limit`). */
  rateStatus(): Record<RateResource, RateDecision>;
}

export interface RouteResponse {
  status?: number;
  body: unknown;
  link?: string;
}

export interface Route {
  /** Path with `:name` segments, without the `/api/v3` prefix, e.g. `/orgs/:org/members`. */
  path: string;
  /** The operation's path template in GitHub's OpenAPI description, e.g. `/orgs/{org}/members`. */
  operation: string;
  /** `documentation_url` of this endpoint's errors (the operation's externalDocs). */
  docs: string;
  /** `X-Accepted-OAuth-Scopes` for classic tokens. */
  acceptedScopes: string;
  /** `X-Accepted-GitHub-Permissions` for fine-grained tokens. */
  acceptedPermissions: string;
  /** Whether the route belongs to the org (so `orgNotFound` and SAML enforcement apply). */
  orgScoped: boolean;
  /** Not counted against the primary rate limit (`GET /rate_limit`). */
  free?: boolean;
  handle(context: RouteContext): RouteResponse;
}
