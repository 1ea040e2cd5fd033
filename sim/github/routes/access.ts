// Checks shared by the routes: which org a path names, and whether the viewer may read org-private data.
import { githubErrors } from '../errors.ts';
import type { OrgSettings } from '../org-types.ts';
import type { RouteContext } from './route.ts';

/** The org named by `:org` (a login, case-insensitive) or `:orgId`; anything else is 404. */
export function orgOf(ctx: RouteContext, docs: string): OrgSettings {
  const { org } = ctx.index.org;
  const { org: login, orgId } = ctx.params;
  if (login !== undefined && login.toLowerCase() === org.login.toLowerCase()) return org;
  if (orgId !== undefined && orgId === String(org.id)) return org;
  throw githubErrors.notFound(docs);
}

/** 401 for anonymous requests, 403 (worded per token kind) for tokens that lack the access. */
export function forbidden(ctx: RouteContext, docs: string, permission: string): never {
  const access = ctx.viewer.access;
  if (!access) throw githubErrors.requiresAuthentication(docs);
  throw access.classic
    ? githubErrors.mustHaveAdminRights(docs)
    : githubErrors.notAccessibleByPat(docs, permission);
}

/** Org members whose token reads org data (`read:org`, or Members read): concealed members, teams. */
export function seesOrgInternals(ctx: RouteContext): boolean {
  const { userId, access } = ctx.viewer;
  return userId !== null && access !== null && access.orgRead && ctx.index.member(userId) !== undefined;
}

export function requireOrgInternals(ctx: RouteContext, docs: string): void {
  if (!seesOrgInternals(ctx)) forbidden(ctx, docs, 'members=read');
}

/** A query parameter restricted to `allowed`; anything else is a 422 validation failure. */
export function enumParam<T extends string>(
  ctx: RouteContext,
  name: string,
  allowed: readonly T[],
  fallback: T,
  docs: string,
): T {
  const raw = ctx.url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    throw githubErrors.invalidParameter(docs, 'Search', name);
  return raw as T;
}
