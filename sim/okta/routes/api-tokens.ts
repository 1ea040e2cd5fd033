// /api/v1/api-tokens: metadata of the org's active API tokens (never their values), as a super admin (or an
// OAuth client with okta.apiTokens.read) sees it. The simulator's own token belongs to `tokenOwnerId` and is in
// use, so its sliding 30-day window (`tokenWindow` P30D) ends 30 days from now; another admin's idle token shows
// the owner filter matters.
import { wholeSecondIso } from '../../shared/timestamps.ts';
import { oktaErrors } from '../errors.ts';
import type { OktaOrgIndex } from '../org-index.ts';
import type { Route } from './route.ts';

const day = 86_400_000;

function tokenId(seed: string): string {
  let hash = 0;
  for (const c of seed) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return `00T${hash.toString(36).padStart(17, '0').slice(-17)}`;
}

export function apiTokens(index: OktaOrgIndex, origin: string, now: number): object[] {
  const reference = Date.parse(index.org.referenceTime);
  const owner = index.org.tokenOwnerId;
  const other = index.adminUserIds().find((id) => id !== owner);
  const tokens = [
    { userId: owner, name: 'Vouch evidence collector', created: reference - 90 * day, lastUsed: now },
    ...(other
      ? [
          {
            userId: other,
            name: 'SCIM provisioning',
            created: reference - 200 * day,
            lastUsed: reference - 3 * day,
          },
        ]
      : []),
  ];
  return tokens.map((t) => {
    const id = tokenId(`${index.org.orgId}:${t.userId}:${t.name}`);
    return {
      name: t.name,
      userId: t.userId,
      tokenWindow: 'P30D',
      network: { connection: 'ANYWHERE' },
      id,
      clientName: 'Okta API',
      expiresAt: wholeSecondIso(t.lastUsed + 30 * day, '.000Z'),
      created: wholeSecondIso(t.created, '.000Z'),
      lastUpdated: wholeSecondIso(t.lastUsed, '.000Z'),
      _links: {
        self: { href: `${origin}/api/v1/api-tokens/${id}`, hints: { allow: ['GET', 'DELETE'] } },
        user: { href: `${origin}/api/v1/users/${t.userId}`, hints: { allow: ['GET'] } },
      },
    };
  });
}

export const apiTokenRoutes: Route[] = [
  {
    path: '/api/v1/api-tokens',
    handle: ({ index, origin, now }) => ({ body: apiTokens(index, origin, now) }),
  },
  {
    path: '/api/v1/api-tokens/:id',
    handle: ({ index, origin, now, params }) => {
      const token = apiTokens(index, origin, now).find((t) => (t as { id: string }).id === params.id);
      if (!token) throw oktaErrors.notFound(params.id as string, 'ApiToken');
      return { body: token };
    },
  },
];
