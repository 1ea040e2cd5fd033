// GitHub publishes no machine-readable GraphQL description in the packages we have, so this is the
// subset the simulator serves, written from GitHub's GraphQL reference: field names, types and
// nullability. Objects are strict (an undocumented field fails) and partial (a query selects some
// fields). Tests parse simulator responses with these; a connector's tests may too.
import { z } from 'zod';

const pageInfo = z.strictObject({
  hasNextPage: z.boolean(),
  hasPreviousPage: z.boolean(),
  startCursor: z.string().nullable(),
  endCursor: z.string().nullable(),
});

const user = z.strictObject({
  __typename: z.literal('User'),
  id: z.string(),
  databaseId: z.number().int().nullable(),
  login: z.string(),
  name: z.string().nullable(),
  /** Public profile email; `""` when the user has none (the field is non-null). */
  email: z.string(),
  company: z.string().nullable(),
  location: z.string().nullable(),
  url: z.url(),
  avatarUrl: z.url(),
  createdAt: z.iso.datetime(),
});

const emailMetadata = z.strictObject({
  primary: z.boolean().nullable(),
  type: z.string().nullable(),
  value: z.string(),
});

const samlAttributes = z.strictObject({
  __typename: z.literal('ExternalIdentitySamlAttributes'),
  nameId: z.string().nullable(),
  username: z.string().nullable(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  emails: z.array(emailMetadata.partial()).nullable(),
  groups: z.array(z.string()).nullable(),
  attributes: z.array(
    z.strictObject({ metadata: z.string().nullable(), name: z.string(), value: z.string() }).partial(),
  ),
});

const externalIdentity = z.strictObject({
  __typename: z.literal('ExternalIdentity'),
  id: z.string(),
  guid: z.string(),
  samlIdentity: samlAttributes.partial().nullable(),
  scimIdentity: z.strictObject({}).catchall(z.unknown()).nullable(),
  organizationInvitation: z.strictObject({}).catchall(z.unknown()).nullable(),
  user: user.partial().nullable(),
});

const externalIdentityConnection = z.strictObject({
  edges: z
    .array(
      z
        .strictObject({ cursor: z.string(), node: externalIdentity.partial().nullable() })
        .partial()
        .nullable(),
    )
    .nullable(),
  nodes: z.array(externalIdentity.partial().nullable()).nullable(),
  pageInfo: pageInfo.partial(),
  totalCount: z.number().int(),
});

const identityProvider = z.strictObject({
  __typename: z.literal('OrganizationIdentityProvider'),
  id: z.string(),
  ssoUrl: z.url().nullable(),
  issuer: z.string().nullable(),
  idpCertificate: z.string().nullable(),
  signatureMethod: z.string().nullable(),
  digestMethod: z.string().nullable(),
  externalIdentities: externalIdentityConnection.partial(),
});

const memberConnection = z.strictObject({
  edges: z
    .array(
      z
        .strictObject({
          cursor: z.string(),
          node: user.partial().nullable(),
          role: z.enum(['ADMIN', 'MEMBER']).nullable(),
          hasTwoFactorEnabled: z.boolean().nullable(),
        })
        .partial()
        .nullable(),
    )
    .nullable(),
  nodes: z.array(user.partial().nullable()).nullable(),
  pageInfo: pageInfo.partial(),
  totalCount: z.number().int(),
});

const organization = z.strictObject({
  __typename: z.literal('Organization'),
  id: z.string(),
  databaseId: z.number().int().nullable(),
  login: z.string(),
  name: z.string().nullable(),
  description: z.string().nullable(),
  email: z.string().nullable(),
  url: z.url(),
  requiresTwoFactorAuthentication: z.boolean().nullable(),
  viewerCanAdminister: z.boolean(),
  viewerIsAMember: z.boolean(),
  membersWithRole: memberConnection.partial(),
  /** Null without SAML SSO, and for anyone but owners (and their `read:org` tokens). */
  samlIdentityProvider: identityProvider.partial().nullable(),
});

const rateLimit = z.strictObject({
  cost: z.number().int(),
  limit: z.number().int(),
  nodeCount: z.number().int(),
  remaining: z.number().int(),
  used: z.number().int(),
  resetAt: z.iso.datetime(),
});

/** An error as GitHub sends it: `type` for execution errors, `extensions.code` for validation errors. */
export const githubGraphqlError = z.strictObject({
  type: z.string().optional(),
  path: z.array(z.union([z.string(), z.number().int()])).optional(),
  extensions: z.record(z.string(), z.unknown()).optional(),
  locations: z.array(z.strictObject({ line: z.number().int(), column: z.number().int() })).optional(),
  message: z.string(),
});

/** A response to a query over the subset (no aliases at the root). */
export const githubGraphqlResponse = z.strictObject({
  data: z
    .strictObject({
      organization: organization.partial().nullable(),
      viewer: user.partial(),
      user: user.partial().nullable(),
      rateLimit: rateLimit.partial().nullable(),
    })
    .partial()
    .nullable()
    .optional(),
  errors: z.array(githubGraphqlError).optional(),
});

export type GitHubGraphqlResponse = z.infer<typeof githubGraphqlResponse>;
