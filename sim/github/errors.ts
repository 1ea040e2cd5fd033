// GitHub's REST error bodies: `{message, documentation_url, status}` (status is a string), plus `errors`
// for 422 validation failures. Messages are the ones GitHub sends; README.md lists where each was seen.

export interface GitHubErrorBody {
  message: string;
  documentation_url: string;
  status: string;
  errors?: Array<{ resource?: string; field?: string; code: string; message?: string }>;
}

export const REST_DOCS = 'https://docs.github.com/rest';
export const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
export const SECONDARY_RATE_LIMIT_DOCS =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';
export const SAML_DOCS =
  'https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/';

/** Thrown by route handlers and the pipeline; the server turns it into GitHub's error response. */
export class GitHubHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly documentationUrl: string = REST_DOCS,
    readonly errors?: GitHubErrorBody['errors'],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): GitHubErrorBody {
    return {
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      documentation_url: this.documentationUrl,
      status: String(this.status),
    };
  }
}

export const githubErrors = {
  /** A wrong, expired or revoked token, on every path (GitHub does not fall back to anonymous). */
  badCredentials: (docs = REST_DOCS) => new GitHubHttpError(401, 'Bad credentials', docs),
  requiresAuthentication: (docs: string) => new GitHubHttpError(401, 'Requires authentication', docs),
  notFound: (docs = REST_DOCS) => new GitHubHttpError(404, 'Not Found', docs),
  /** What classic tokens get from org and repo endpoints they lack a scope or role for. */
  mustHaveAdminRights: (docs: string) =>
    new GitHubHttpError(403, 'Must have admin rights to Repository.', docs),
  /** Fine-grained tokens without the endpoint's permission; `X-Accepted-GitHub-Permissions` names it. */
  notAccessibleByPat: (docs: string, acceptedPermissions: string) =>
    new GitHubHttpError(403, 'Resource not accessible by personal access token', docs, undefined, {
      'x-accepted-github-permissions': acceptedPermissions,
    }),
  pushAccessForCollaborators: (docs: string) =>
    new GitHubHttpError(403, 'Must have push access to view repository collaborators.', docs),
  onlyOwnersCanFilter: (docs: string) => new GitHubHttpError(422, 'Only owners can use this filter.', docs),
  invalidParameter: (docs: string, resource: string, field: string) =>
    new GitHubHttpError(422, 'Validation Failed', docs, [{ resource, field, code: 'invalid' }]),
  samlEnforcement: (orgLogin: string, origin: string) =>
    new GitHubHttpError(
      403,
      'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.',
      SAML_DOCS,
      undefined,
      { 'x-github-sso': `required; url=${origin}/orgs/${orgLogin}/sso?authorization_request=A1B2C3D4E5F6` },
    ),
  primaryRateLimit: (userId: number | null, requestId: string, now: number) =>
    new GitHubHttpError(
      403,
      `API rate limit exceeded for ${userId === null ? '127.0.0.1' : `user ID ${userId}`}. If you reach out to GitHub Support for help, please include the request ID ${requestId} and timestamp ${utcStamp(now)}.`,
      RATE_LIMIT_DOCS,
    ),
  secondaryRateLimit: (requestId: string, docs = SECONDARY_RATE_LIMIT_DOCS) =>
    new GitHubHttpError(
      403,
      `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
      docs,
    ),
  serverError: () => new GitHubHttpError(500, 'Server Error'),
};

/** `2025-06-01 12:00:00 UTC`, GitHub's human timestamps (also the token-expiration header's format). */
export function utcStamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('T', ' ').replace('.000Z', ' UTC');
}
