// The org directory through GraphQL: members' names and public emails (one query per 100 members instead
// of one REST call per member), the member count GitHub reports, and the SAML identities (the IdP's NameID
// and emails of each member: the best anchor for linking). Both connections are paged in the same queries.
//
// GraphQL rate limits are handled here: GitHub answers them with 200 and a RATE_LIMITED error, which the
// throttling plugin only recognises on a path starting with /graphql, not GitHub Enterprise Server's
// /api/graphql.
import { GraphqlResponseError } from '@octokit/graphql';
import { z } from 'zod';
import { sleep } from '../concurrency.ts';
import type { MemberProfile, SamlIdentity } from './github-records.ts';
import type { GitHubSession } from './github-session.ts';

const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

const membersConnection = z.object({
  totalCount: z.number().int(),
  pageInfo,
  edges: z.array(
    z
      .object({
        role: z.string().nullable().optional(),
        node: z
          .object({
            databaseId: z.number().int().nullable(),
            login: z.string(),
            name: z.string().nullable().optional(),
            email: z.string().nullable().optional(),
          })
          .nullable(),
      })
      .nullable(),
  ),
});

const samlConnection = z.object({
  totalCount: z.number().int(),
  pageInfo,
  nodes: z.array(
    z
      .object({
        samlIdentity: z
          .object({
            nameId: z.string().nullable().optional(),
            username: z.string().nullable().optional(),
            emails: z
              .array(z.object({ value: z.string(), primary: z.boolean().nullable().optional() }))
              .nullable()
              .optional(),
          })
          .nullable(),
        user: z.object({ databaseId: z.number().int().nullable(), login: z.string() }).nullable(),
      })
      .nullable(),
  ),
});

const directoryPage = z.object({
  organization: z
    .object({
      viewerCanAdminister: z.boolean(),
      membersWithRole: membersConnection.optional(),
      samlIdentityProvider: z.object({ externalIdentities: samlConnection }).nullable().optional(),
    })
    .nullable(),
});

export type SamlVisibility = 'available' | 'not_configured' | 'not_visible';

export interface OrgDirectory {
  viewerCanAdminister: boolean;
  profiles: Map<number, MemberProfile>;
  /** Members as GitHub counts them (the connection's totalCount). */
  memberCount: number;
  saml: SamlVisibility;
  /** Linked SAML identities by GitHub user id. */
  samlIdentities: Map<number, SamlIdentity>;
  samlIdentityCount: number | null;
}

function directoryQuery(members: boolean, saml: boolean, withEmail: boolean): string {
  const variables = ['$org: String!'];
  if (members) variables.push('$membersAfter: String');
  if (saml) variables.push('$samlAfter: String');
  const memberFields = `databaseId login name${withEmail ? ' email' : ''}`;
  return `query VouchOrgDirectory(${variables.join(', ')}) {
  organization(login: $org) {
    viewerCanAdminister
    ${members ? `membersWithRole(first: 100, after: $membersAfter) { totalCount pageInfo { hasNextPage endCursor } edges { role node { ${memberFields} } } }` : ''}
    ${saml ? 'samlIdentityProvider { externalIdentities(first: 100, after: $samlAfter) { totalCount pageInfo { hasNextPage endCursor } nodes { samlIdentity { nameId username emails { value primary } } user { databaseId login } } } }' : ''}
  }
}`;
}

function isRateLimited(error: unknown): error is GraphqlResponseError<unknown> {
  return error instanceof GraphqlResponseError && (error.errors ?? []).some((e) => e.type === 'RATE_LIMITED');
}

/** Only the SAML provider was refused (a fine-grained token without Members): the rest of the data stands. */
function onlySamlForbidden(error: unknown): boolean {
  return (
    error instanceof GraphqlResponseError &&
    (error.errors ?? []).length > 0 &&
    (error.errors ?? []).every(
      (e) => e.type === 'FORBIDDEN' && (e.path ?? []).includes('samlIdentityProvider'),
    )
  );
}

/** One GraphQL query; a spent GraphQL budget is waited out within the session's bounds. */
export async function graphqlWithLimits(
  session: GitHubSession,
  query: string,
  variables: Record<string, unknown>,
): Promise<unknown> {
  for (let waits = 0; ; waits++) {
    try {
      return await session.client.graphql(query, variables);
    } catch (error) {
      if (!isRateLimited(error)) throw error;
      const reset = Number(error.headers?.['x-ratelimit-reset']);
      const waitMs = Number.isFinite(reset) ? reset * 1000 - Date.now() + 1_000 : 60_000;
      if (waits >= session.policy.maxRateLimitWaits || waitMs > session.policy.maxRateLimitWaitSeconds * 1000)
        throw error;
      await sleep(Math.max(waitMs, 1_000), session.signal);
    }
  }
}

export async function readOrgDirectory(
  session: GitHubSession,
  org: string,
  options: { withEmail: boolean },
): Promise<OrgDirectory> {
  const directory: OrgDirectory = {
    viewerCanAdminister: false,
    profiles: new Map(),
    memberCount: 0,
    saml: 'not_visible',
    samlIdentities: new Map(),
    samlIdentityCount: null,
  };
  let membersAfter: string | null = null;
  let samlAfter: string | null = null;
  let wantMembers = true;
  let wantSaml = true;
  let first = true;
  while (wantMembers || wantSaml) {
    const variables: Record<string, unknown> = { org };
    if (wantMembers) variables.membersAfter = membersAfter;
    if (wantSaml) variables.samlAfter = samlAfter;
    let raw: unknown;
    try {
      raw = await graphqlWithLimits(
        session,
        directoryQuery(wantMembers, wantSaml, options.withEmail),
        variables,
      );
    } catch (error) {
      if (!onlySamlForbidden(error)) throw error;
      raw = (error as GraphqlResponseError<unknown>).data;
      wantSaml = false;
    }
    const page = directoryPage.parse(raw);
    if (!page.organization) throw new Error(`GitHub returned no organization "${org}".`);
    const organization = page.organization;
    if (first) directory.viewerCanAdminister = organization.viewerCanAdminister;
    if (wantMembers && organization.membersWithRole) {
      const members = organization.membersWithRole;
      directory.memberCount = members.totalCount;
      for (const edge of members.edges) {
        const node = edge?.node;
        if (!node || node.databaseId === null) continue;
        // GraphQL's User.email is "" when the user has no public email.
        directory.profiles.set(node.databaseId, { name: node.name ?? null, email: node.email || null });
      }
      membersAfter = members.pageInfo.endCursor;
      wantMembers = members.pageInfo.hasNextPage;
    } else {
      wantMembers = false;
    }
    if (wantSaml) {
      const provider = organization.samlIdentityProvider ?? null;
      if (!provider) {
        // Null both without SAML SSO and for anyone but owners: only an owner's null means "not configured".
        directory.saml = organization.viewerCanAdminister ? 'not_configured' : 'not_visible';
        wantSaml = false;
      } else {
        directory.saml = 'available';
        const identities = provider.externalIdentities;
        directory.samlIdentityCount = identities.totalCount;
        for (const node of identities.nodes) {
          const userId = node?.user?.databaseId;
          if (!node?.samlIdentity || userId === undefined || userId === null) continue;
          const emails = (node.samlIdentity.emails ?? []).map((e) => e.value).filter(Boolean);
          const primary = (node.samlIdentity.emails ?? []).find((e) => e.primary)?.value ?? null;
          directory.samlIdentities.set(userId, {
            nameId: node.samlIdentity.nameId ?? null,
            emails,
            primaryEmail: primary,
          });
        }
        samlAfter = identities.pageInfo.endCursor;
        wantSaml = identities.pageInfo.hasNextPage;
      }
    }
    first = false;
  }
  return directory;
}
