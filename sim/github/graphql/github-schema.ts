// The subset of GitHub's GraphQL schema a compliance connector uses: the organization, its members with
// role, and its SAML identity provider's external identities; plus `viewer`, `user` and `rateLimit`.
// Field names, types and nullability follow GitHub's public schema; visibility follows its
// descriptions: the identity provider is "visible to (1) organization owners, (2) organization owners'
// personal access tokens (classic) with read:org or admin:org scope, (3) GitHub Apps ...". To anyone
// else it is null, exactly as for an org without SAML SSO.
import type { GitHubOrgIndex } from '../org-index.ts';
import type { GitHubUserRecord, OrgMemberRecord, SamlIdentityRecord } from '../org-types.ts';
import type { RateDecision } from '../rate-limits.ts';
import type { Bases } from '../representations.ts';
import type { TokenAccess } from '../tokens.ts';
import { FieldError } from './executor.ts';
import type { Args, Schema } from './executor.ts';

export interface GraphQLContext {
  index: GitHubOrgIndex;
  bases: Bases;
  viewerId: number;
  access: TokenAccess;
  orgNotFound: boolean;
  /** The `countSkew` fault: added to the organization's member count. */
  countSkew: number;
  cost: number;
  nodeCount: number;
  rate: RateDecision;
}

interface Connection<T> {
  totalCount: number;
  items: Array<{ cursor: string; item: T }>;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/** Opaque cursors in GitHub's style (`Y3Vyc29yOnYyOpH...`): base64 of `cursor:v2:` and a position. */
function cursorOf(position: number): string {
  return Buffer.from(`cursor:v2:${position}`).toString('base64');
}

function positionOf(cursor: string): number {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const match = /^cursor:v2:(\d+)$/.exec(text);
  if (!match || Buffer.from(text).toString('base64') !== cursor) {
    throw new FieldError('INVALID_CURSOR_ARGUMENTS', `\`${cursor}\` does not appear to be a valid cursor.`);
  }
  return Number(match[1]);
}

function connection<T>(all: readonly T[], args: Args): Connection<T> {
  let start = 0;
  let end = all.length;
  if (typeof args.after === 'string') start = Math.min(all.length, positionOf(args.after) + 1);
  if (typeof args.before === 'string') end = Math.max(start, Math.min(end, positionOf(args.before)));
  let from = start;
  let to = end;
  if (typeof args.first === 'number') to = Math.min(end, start + args.first);
  else if (typeof args.last === 'number') from = Math.max(start, end - args.last);
  const items = all.slice(from, to).map((item, i) => ({ cursor: cursorOf(from + i), item }));
  return {
    totalCount: all.length,
    items,
    pageInfo: {
      hasNextPage: to < end,
      hasPreviousPage: from > start,
      startCursor: items[0]?.cursor ?? null,
      endCursor: items[items.length - 1]?.cursor ?? null,
    },
  };
}

const CONNECTION_ARGS = { first: 'Int', after: 'String', last: 'Int', before: 'String' };

function connectionTypes(node: string, edge: string) {
  return {
    fields: {
      edges: { type: `[${edge}]`, resolve: (c: unknown) => (c as Connection<unknown>).items },
      nodes: {
        type: `[${node}]`,
        resolve: (c: unknown) => (c as Connection<unknown>).items.map((e) => e.item),
      },
      pageInfo: { type: 'PageInfo!', resolve: (c: unknown) => (c as Connection<unknown>).pageInfo },
      totalCount: { type: 'Int!', resolve: (c: unknown) => (c as Connection<unknown>).totalCount },
    },
  };
}

interface Edge<T> {
  cursor: string;
  item: T;
}

const field =
  <T>(get: (parent: T) => unknown) =>
  (parent: unknown) =>
    get(parent as T);

export const GITHUB_GRAPHQL_SCHEMA: Schema<GraphQLContext> = {
  enums: { OrganizationMemberRole: ['ADMIN', 'MEMBER'] },
  types: {
    Query: {
      fields: {
        organization: {
          type: 'Organization',
          args: { login: 'String!' },
          resolve: (_p, args, ctx) => {
            const login = String(args.login);
            const { org } = ctx.index.org;
            if (ctx.orgNotFound || login.toLowerCase() !== org.login.toLowerCase()) {
              throw new FieldError(
                'NOT_FOUND',
                `Could not resolve to an Organization with the login of '${login}'.`,
              );
            }
            return org;
          },
        },
        user: {
          type: 'User',
          args: { login: 'String!' },
          resolve: (_p, args, ctx) => {
            const user = ctx.index.userByLogin(String(args.login));
            if (!user)
              throw new FieldError(
                'NOT_FOUND',
                `Could not resolve to a User with the login of '${String(args.login)}'.`,
              );
            return user;
          },
        },
        viewer: { type: 'User!', resolve: (_p, _a, ctx) => ctx.index.user(ctx.viewerId) },
        rateLimit: {
          type: 'RateLimit',
          args: { dryRun: 'Boolean' },
          resolve: (_p, _a, ctx) => ctx,
        },
      },
    },
    Organization: {
      fields: {
        id: { type: 'ID!', resolve: (_p, _a, ctx) => ctx.index.org.org.nodeId },
        databaseId: { type: 'Int', resolve: (_p, _a, ctx) => ctx.index.org.org.id },
        login: { type: 'String!', resolve: (_p, _a, ctx) => ctx.index.org.org.login },
        name: { type: 'String', resolve: (_p, _a, ctx) => ctx.index.org.org.name },
        description: { type: 'String', resolve: (_p, _a, ctx) => ctx.index.org.org.description },
        email: { type: 'String', resolve: (_p, _a, ctx) => ctx.index.org.org.email },
        url: { type: 'URI!', resolve: (_p, _a, ctx) => `${ctx.bases.web}/${ctx.index.org.org.login}` },
        requiresTwoFactorAuthentication: {
          type: 'Boolean',
          // Null for anyone but owners, like the REST field that only owners see.
          resolve: (_p, _a, ctx) =>
            ctx.index.isOwner(ctx.viewerId) ? ctx.index.org.org.twoFactorRequirementEnabled : null,
        },
        viewerCanAdminister: { type: 'Boolean!', resolve: (_p, _a, ctx) => ctx.index.isOwner(ctx.viewerId) },
        viewerIsAMember: {
          type: 'Boolean!',
          resolve: (_p, _a, ctx) => ctx.index.member(ctx.viewerId) !== undefined,
        },
        membersWithRole: {
          type: 'OrganizationMemberConnection!',
          args: CONNECTION_ARGS,
          connection: true,
          resolve: (_p, args, ctx) => {
            const concealed = ctx.access.orgRead && ctx.index.member(ctx.viewerId) !== undefined;
            const members = connection(
              ctx.index.org.members.filter((m) => concealed || m.publicMembership),
              args,
            );
            return { ...members, totalCount: members.totalCount + ctx.countSkew };
          },
        },
        samlIdentityProvider: {
          type: 'OrganizationIdentityProvider',
          resolve: (_p, _a, ctx) => {
            const saml = ctx.index.org.org.saml;
            if (!saml) return null;
            if (!ctx.access.classic && ctx.access.grant.permissions.members === 'none') {
              throw new FieldError('FORBIDDEN', 'Resource not accessible by personal access token', {
                saml_failure: false,
              });
            }
            return ctx.index.isOwner(ctx.viewerId) && ctx.access.orgRead ? saml : null;
          },
        },
      },
    },
    OrganizationMemberConnection: connectionTypes('User', 'OrganizationMemberEdge'),
    OrganizationMemberEdge: {
      fields: {
        cursor: { type: 'String!', resolve: field<Edge<OrgMemberRecord>>((e) => e.cursor) },
        node: {
          type: 'User',
          resolve: (e, _a, ctx) => ctx.index.user((e as Edge<OrgMemberRecord>).item.userId),
        },
        role: {
          type: 'OrganizationMemberRole',
          resolve: field<Edge<OrgMemberRecord>>((e) => e.item.role.toUpperCase()),
        },
        hasTwoFactorEnabled: {
          type: 'Boolean',
          // "Returns null if information is not available to viewer": owners with org read access only.
          resolve: (e, _a, ctx) =>
            ctx.index.isOwner(ctx.viewerId) && ctx.access.orgRead
              ? (ctx.index.user((e as Edge<OrgMemberRecord>).item.userId) as GitHubUserRecord).twoFactor !==
                'none'
              : null,
        },
      },
    },
    OrganizationIdentityProvider: {
      scopes: ['read:org'],
      fields: {
        id: {
          type: 'ID!',
          resolve: (_p, _a, ctx) =>
            Buffer.from(`034:OrganizationIdentityProvider${ctx.index.org.org.id}`).toString('base64'),
        },
        ssoUrl: { type: 'URI', resolve: field<{ ssoUrl: string }>((p) => p.ssoUrl) },
        issuer: { type: 'String', resolve: field<{ issuer: string }>((p) => p.issuer) },
        idpCertificate: { type: 'X509Certificate', resolve: () => null },
        signatureMethod: { type: 'URI', resolve: () => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' },
        digestMethod: { type: 'URI', resolve: () => 'http://www.w3.org/2001/04/xmlenc#sha256' },
        externalIdentities: {
          type: 'ExternalIdentityConnection!',
          args: { ...CONNECTION_ARGS, login: 'String', membersOnly: 'Boolean', userName: 'String' },
          connection: true,
          resolve: (_p, args, ctx) => {
            let identities: readonly SamlIdentityRecord[] = ctx.index.org.samlIdentities;
            if (typeof args.login === 'string') {
              const user = ctx.index.userByLogin(args.login);
              identities = identities.filter((i) => user !== undefined && i.userId === user.id);
            }
            if (typeof args.userName === 'string')
              identities = identities.filter((i) => i.username === args.userName);
            if (args.membersOnly === true) {
              identities = identities.filter(
                (i) => i.userId !== null && ctx.index.member(i.userId) !== undefined,
              );
            }
            return connection(identities, args);
          },
        },
      },
    },
    ExternalIdentityConnection: connectionTypes('ExternalIdentity', 'ExternalIdentityEdge'),
    ExternalIdentityEdge: {
      fields: {
        cursor: { type: 'String!', resolve: field<Edge<SamlIdentityRecord>>((e) => e.cursor) },
        node: { type: 'ExternalIdentity', resolve: field<Edge<SamlIdentityRecord>>((e) => e.item) },
      },
    },
    ExternalIdentity: {
      fields: {
        id: { type: 'ID!', resolve: field<SamlIdentityRecord>((i) => i.nodeId) },
        guid: { type: 'String!', resolve: field<SamlIdentityRecord>((i) => i.guid) },
        samlIdentity: { type: 'ExternalIdentitySamlAttributes', resolve: (i) => i },
        scimIdentity: { type: 'ExternalIdentityScimAttributes', resolve: () => null },
        organizationInvitation: { type: 'OrganizationInvitation', resolve: () => null },
        user: {
          type: 'User',
          resolve: (i, _a, ctx) => {
            const id = (i as SamlIdentityRecord).userId;
            return id === null ? null : ctx.index.user(id);
          },
        },
      },
    },
    ExternalIdentitySamlAttributes: {
      scopes: ['read:org', 'read:enterprise', 'scim:enterprise'],
      fields: {
        nameId: { type: 'String', resolve: field<SamlIdentityRecord>((i) => i.nameId) },
        username: { type: 'String', resolve: field<SamlIdentityRecord>((i) => i.username) },
        givenName: { type: 'String', resolve: field<SamlIdentityRecord>((i) => i.givenName) },
        familyName: { type: 'String', resolve: field<SamlIdentityRecord>((i) => i.familyName) },
        emails: {
          type: '[UserEmailMetadata!]',
          resolve: field<SamlIdentityRecord>((i) => [{ primary: true, type: 'work', value: i.nameId }]),
        },
        groups: { type: '[String!]', resolve: () => null },
        attributes: { type: '[ExternalIdentityAttribute!]!', resolve: () => [] },
      },
    },
    ExternalIdentityScimAttributes: {
      fields: {
        username: { type: 'String', resolve: () => null },
        givenName: { type: 'String', resolve: () => null },
        familyName: { type: 'String', resolve: () => null },
        emails: { type: '[UserEmailMetadata!]', resolve: () => null },
        groups: { type: '[String!]', resolve: () => null },
      },
    },
    ExternalIdentityAttribute: {
      fields: {
        metadata: { type: 'String', resolve: () => null },
        name: { type: 'String!', resolve: () => '' },
        value: { type: 'String!', resolve: () => '' },
      },
    },
    UserEmailMetadata: {
      fields: {
        primary: { type: 'Boolean', resolve: field<{ primary: boolean }>((e) => e.primary) },
        type: { type: 'String', resolve: field<{ type: string }>((e) => e.type) },
        value: { type: 'String!', resolve: field<{ value: string }>((e) => e.value) },
      },
    },
    OrganizationInvitation: {
      fields: {
        id: { type: 'ID!', resolve: () => null },
        email: { type: 'String', resolve: () => null },
        role: { type: 'String!', resolve: () => null },
        invitationType: { type: 'String!', resolve: () => null },
        createdAt: { type: 'DateTime!', resolve: () => null },
      },
    },
    User: {
      fields: {
        id: { type: 'ID!', resolve: field<GitHubUserRecord>((u) => u.nodeId) },
        databaseId: { type: 'Int', resolve: field<GitHubUserRecord>((u) => u.id) },
        login: { type: 'String!', resolve: field<GitHubUserRecord>((u) => u.login) },
        name: { type: 'String', resolve: field<GitHubUserRecord>((u) => u.name) },
        // "The user's publicly visible profile email": an empty string, not null, when there is none.
        email: {
          type: 'String!',
          scopes: ['user:email', 'read:user'],
          resolve: field<GitHubUserRecord>((u) => u.email ?? ''),
        },
        company: { type: 'String', resolve: field<GitHubUserRecord>((u) => u.company) },
        location: { type: 'String', resolve: field<GitHubUserRecord>((u) => u.location) },
        url: { type: 'URI!', resolve: (u, _a, ctx) => `${ctx.bases.web}/${(u as GitHubUserRecord).login}` },
        avatarUrl: {
          type: 'URI!',
          args: { size: 'Int' },
          resolve: (u, _a, ctx) => `${ctx.bases.web}/avatars/u/${(u as GitHubUserRecord).id}?v=4`,
        },
        createdAt: { type: 'DateTime!', resolve: field<GitHubUserRecord>((u) => u.createdAt) },
      },
    },
    PageInfo: {
      fields: {
        hasNextPage: {
          type: 'Boolean!',
          resolve: field<Connection<unknown>['pageInfo']>((p) => p.hasNextPage),
        },
        hasPreviousPage: {
          type: 'Boolean!',
          resolve: field<Connection<unknown>['pageInfo']>((p) => p.hasPreviousPage),
        },
        startCursor: {
          type: 'String',
          resolve: field<Connection<unknown>['pageInfo']>((p) => p.startCursor),
        },
        endCursor: { type: 'String', resolve: field<Connection<unknown>['pageInfo']>((p) => p.endCursor) },
      },
    },
    RateLimit: {
      fields: {
        cost: { type: 'Int!', resolve: field<GraphQLContext>((c) => c.cost) },
        limit: { type: 'Int!', resolve: field<GraphQLContext>((c) => c.rate.limit) },
        nodeCount: { type: 'Int!', resolve: field<GraphQLContext>((c) => c.nodeCount) },
        remaining: { type: 'Int!', resolve: field<GraphQLContext>((c) => c.rate.remaining) },
        used: { type: 'Int!', resolve: field<GraphQLContext>((c) => c.rate.used) },
        resetAt: {
          type: 'DateTime!',
          resolve: field<GraphQLContext>((c) =>
            new Date(c.rate.reset * 1000).toISOString().replace('.000Z', 'Z'),
          ),
        },
      },
    },
  },
};
