// GitLab's error answers. The API's own errors are `{"message": "404 Group Not Found"}`; authentication
// errors from Doorkeeper are `{"error": "invalid_token", "error_description": ...}` with a
// `WWW-Authenticate` header; a missing scope is 403 `insufficient_scope` naming the scopes that would do.
// The rate limiter (Rack::Attack) answers 429 with the plain text "Retry later".
import type { ErrorReply } from '../shared/replies.ts';

export class GitLabHttpError extends Error implements ErrorReply {
  constructor(
    readonly status: number,
    private readonly payload: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(JSON.stringify(payload));
  }

  body(): Record<string, unknown> {
    return this.payload;
  }
}

const bearer = (error: string, description: string, extra = '') =>
  `Bearer realm="", error="${error}", error_description="${description}"${extra}`;

const EXPIRED = 'Token is expired. You can either do re-authorization or token refresh.';
const REVOKED = 'Token was revoked. You have to re-authorize from the user.';
const INSUFFICIENT = 'The request requires higher privileges than provided by the access token.';

export const gitlabErrors = {
  /** A token GitLab does not know at all (or none): the API's generic 401. */
  unauthorized: () => new GitLabHttpError(401, { message: '401 Unauthorized' }),
  expiredToken: () =>
    new GitLabHttpError(
      401,
      { error: 'invalid_token', error_description: EXPIRED },
      {
        'www-authenticate': bearer('invalid_token', EXPIRED),
      },
    ),
  revokedToken: () =>
    new GitLabHttpError(
      401,
      { error: 'invalid_token', error_description: REVOKED },
      {
        'www-authenticate': bearer('invalid_token', REVOKED),
      },
    ),
  /** `scope` lists the scopes any of which would allow the call. */
  insufficientScope: (scopes: string) =>
    new GitLabHttpError(
      403,
      { error: 'insufficient_scope', error_description: INSUFFICIENT, scope: scopes },
      {
        'www-authenticate': bearer('insufficient_scope', INSUFFICIENT, `, scope="${scopes}"`),
      },
    ),
  forbidden: () => new GitLabHttpError(403, { message: '403 Forbidden' }),
  groupNotFound: () => new GitLabHttpError(404, { message: '404 Group Not Found' }),
  projectNotFound: () => new GitLabHttpError(404, { message: '404 Project Not Found' }),
  userNotFound: () => new GitLabHttpError(404, { message: '404 User Not Found' }),
  notFound: () => new GitLabHttpError(404, { message: '404 Not Found' }),
  /** Bad parameters: `{"error": "per_page is invalid"}` (Grape's validation error). */
  badRequest: (error: string) => new GitLabHttpError(400, { error }),
  serverError: () => new GitLabHttpError(500, { message: '500 Internal Server Error' }),
};

/** Workhorse's page when Puma does not answer in time (502), and the maintenance page (503). */
export const BAD_GATEWAY_HTML =
  '<!DOCTYPE html>\n<html>\n<head><title>GitLab is not responding (502)</title></head>\n<body>\n' +
  '<h1>502</h1><h3>Whoops, GitLab is taking too much time to respond.</h3>\n<p>Try refreshing the page, or going back and attempting the action again.</p>\n</body>\n</html>\n';
export const UNAVAILABLE_HTML =
  '<!DOCTYPE html>\n<html>\n<head><title>GitLab is not responding (503)</title></head>\n<body>\n' +
  '<h1>503</h1><h3>Whoops, GitLab is currently unavailable.</h3>\n</body>\n</html>\n';
/** Some other web server at the configured address. */
export const OTHER_SERVER_404_HTML =
  '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
