// Users: anyone by login, the token's own user, and the token's rate-limit status.
import { GitHubHttpError, githubErrors } from '../errors.ts';
import type { GitHubUserRecord } from '../org-types.ts';
import { privateUser, publicUser } from '../representations.ts';
import type { Route, RouteContext } from './route.ts';

const DOCS = {
  user: 'https://docs.github.com/rest/users/users#get-a-user',
  me: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
  rateLimit:
    'https://docs.github.com/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user',
};

function getUser(ctx: RouteContext) {
  const user = ctx.index.userByLogin(ctx.params.username as string);
  if (!user) throw githubErrors.notFound(DOCS.user);
  const body = publicUser(user, ctx.bases);
  // Public emails are shown to authenticated callers only.
  return { body: ctx.viewer.access ? body : { ...body, email: null } };
}

function getAuthenticatedUser(ctx: RouteContext) {
  const { userId, access } = ctx.viewer;
  if (userId === null || access === null) throw githubErrors.requiresAuthentication(DOCS.me);
  // An installation token has no user of its own.
  if (access.installation) throw new GitHubHttpError(403, 'Resource not accessible by integration', DOCS.me);
  const user = ctx.index.user(userId) as GitHubUserRecord;
  return { body: access.privateProfile ? privateUser(user, ctx.bases) : publicUser(user, ctx.bases) };
}

function getRateLimit(ctx: RouteContext) {
  const status = ctx.rateStatus();
  const view = (resource: keyof typeof status) => {
    const { limit, remaining, reset, used } = status[resource];
    return { limit, used, remaining, reset };
  };
  return {
    body: {
      resources: { core: view('core'), search: view('search'), graphql: view('graphql') },
      rate: view('core'),
    },
  };
}

export const userRoutes: Route[] = [
  {
    path: '/users/:username',
    operation: '/users/{username}',
    docs: DOCS.user,
    acceptedScopes: '',
    acceptedPermissions: '',
    orgScoped: false,
    handle: getUser,
  },
  {
    path: '/user',
    operation: '/user',
    docs: DOCS.me,
    acceptedScopes: '',
    acceptedPermissions: '',
    orgScoped: false,
    handle: getAuthenticatedUser,
  },
  {
    path: '/rate_limit',
    operation: '/rate_limit',
    docs: DOCS.rateLimit,
    acceptedScopes: '',
    acceptedPermissions: '',
    orgScoped: false,
    free: true,
    handle: getRateLimit,
  },
];
