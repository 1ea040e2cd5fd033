// The organization, its members (with role and 2FA filters), memberships and outside collaborators.
import { githubErrors } from '../errors.ts';
import type { GitHubUserRecord, OrgMemberRecord, TwoFactorMethod } from '../org-types.ts';
import { paginate } from '../pagination.ts';
import { RawJson, membershipJson, organizationJson } from '../representations.ts';
import { enumParam, forbidden, orgOf, requireOrgInternals, seesOrgInternals } from './access.ts';
import type { Route, RouteContext } from './route.ts';

const DOCS = {
  org: 'https://docs.github.com/rest/orgs/orgs#get-an-organization',
  members: 'https://docs.github.com/rest/orgs/members#list-organization-members',
  membership: 'https://docs.github.com/rest/orgs/members#get-organization-membership-for-a-user',
  outside:
    'https://docs.github.com/rest/orgs/outside-collaborators#list-outside-collaborators-for-an-organization',
};

const TWO_FA_FILTERS = ['all', '2fa_disabled', '2fa_insecure'] as const;
type TwoFaFilter = (typeof TWO_FA_FILTERS)[number];

function twoFactorPredicate(filter: TwoFaFilter): (method: TwoFactorMethod) => boolean {
  if (filter === '2fa_disabled') return (method) => method === 'none';
  if (filter === '2fa_insecure') return (method) => method === 'sms';
  return () => true;
}

/** `filter=2fa_*` is for org owners only: anyone else gets 422 "Only owners can use this filter." */
function twoFactorFilter(ctx: RouteContext, docs: string): TwoFaFilter {
  const filter = enumParam(ctx, 'filter', TWO_FA_FILTERS, 'all', docs);
  // Assumed for GitHub App installations: the filter needs Members and Organization administration (read).
  const access = ctx.viewer.access;
  const appMayFilter = !access?.installation || access.orgAdminRead;
  if (filter !== 'all' && !(seesOrgInternals(ctx) && ctx.index.isOwner(ctx.viewer.userId) && appMayFilter)) {
    throw githubErrors.onlyOwnersCanFilter(docs);
  }
  return filter;
}

function userPage(ctx: RouteContext, ids: readonly number[], linkPath: string) {
  const page = paginate(ids, ctx.url, `${ctx.bases.api}${linkPath}`);
  return {
    body: new RawJson(`[${page.items.map((id) => ctx.users.simpleUser(id, ctx.bases)).join(',')}]`),
    link: page.link,
  };
}

function getOrg(ctx: RouteContext) {
  orgOf(ctx, DOCS.org);
  const { userId, access } = ctx.viewer;
  const owner = ctx.index.isOwner(userId);
  return {
    body: organizationJson(ctx.index, ctx.bases, {
      full: owner && access !== null && access.orgAdminRead,
      plan: owner && access !== null && access.planRead,
    }),
  };
}

/** Filtered member lists per org (the org never changes): paging 50k members must not refilter each page. */
const memberLists = new WeakMap<object, Map<string, number[]>>();

/**
 * Members in id order. Without org read access (no `read:org`, no Members permission, or not a member)
 * GitHub silently lists only the members who made their membership public.
 */
function listMembers(ctx: RouteContext) {
  const org = orgOf(ctx, DOCS.members);
  const filter = twoFactorFilter(ctx, DOCS.members);
  const role = enumParam(ctx, 'role', ['all', 'admin', 'member'] as const, 'all', DOCS.members);
  const concealed = seesOrgInternals(ctx);
  const key = `${concealed} ${role} ${filter}`;
  let cache = memberLists.get(ctx.index);
  if (!cache) memberLists.set(ctx.index, (cache = new Map()));
  let ids = cache.get(key);
  if (!ids) {
    const twoFactor = twoFactorPredicate(filter);
    ids = [];
    for (const member of ctx.index.org.members as readonly OrgMemberRecord[]) {
      if (!concealed && !member.publicMembership) continue;
      if (role !== 'all' && member.role !== role) continue;
      if (!twoFactor((ctx.index.user(member.userId) as GitHubUserRecord).twoFactor)) continue;
      ids.push(member.userId);
    }
    cache.set(key, ids);
  }
  return userPage(ctx, ids, `/organizations/${org.id}/members`);
}

function getMembership(ctx: RouteContext) {
  orgOf(ctx, DOCS.membership);
  requireOrgInternals(ctx, DOCS.membership);
  const user = ctx.index.userByLogin(ctx.params.username as string);
  if (!user || !(ctx.index.member(user.id) || ctx.index.isInvited(user.id)))
    throw githubErrors.notFound(DOCS.membership);
  return { body: membershipJson(ctx.index, user, ctx.bases) };
}

function listOutsideCollaborators(ctx: RouteContext) {
  const org = orgOf(ctx, DOCS.outside);
  if (!seesOrgInternals(ctx)) forbidden(ctx, DOCS.outside, 'members=read');
  const twoFactor = twoFactorPredicate(twoFactorFilter(ctx, DOCS.outside));
  const ids = ctx.index.org.outsideCollaboratorIds.filter((id) =>
    twoFactor((ctx.index.user(id) as GitHubUserRecord).twoFactor),
  );
  return userPage(ctx, ids, `/organizations/${org.id}/outside_collaborators`);
}

const ORG_SCOPES = 'admin:org, read:org, repo, user, write:org';
const MEMBER_SCOPES = 'admin:org, read:org, write:org';

export const orgRoutes: Route[] = [
  {
    path: '/orgs/:org',
    operation: '/orgs/{org}',
    docs: DOCS.org,
    acceptedScopes: ORG_SCOPES,
    acceptedPermissions: '',
    orgScoped: true,
    handle: getOrg,
  },
  ...['/orgs/:org/members', '/organizations/:orgId/members'].map((path) => ({
    path,
    operation: '/orgs/{org}/members',
    docs: DOCS.members,
    acceptedScopes: MEMBER_SCOPES,
    acceptedPermissions: 'members=read',
    orgScoped: true,
    handle: listMembers,
  })),
  {
    path: '/orgs/:org/memberships/:username',
    operation: '/orgs/{org}/memberships/{username}',
    docs: DOCS.membership,
    acceptedScopes: MEMBER_SCOPES,
    acceptedPermissions: 'members=read',
    orgScoped: true,
    handle: getMembership,
  },
  ...['/orgs/:org/outside_collaborators', '/organizations/:orgId/outside_collaborators'].map((path) => ({
    path,
    operation: '/orgs/{org}/outside_collaborators',
    docs: DOCS.outside,
    acceptedScopes: MEMBER_SCOPES,
    acceptedPermissions: 'members=read',
    orgScoped: true,
    handle: listOutsideCollaborators,
  })),
];
