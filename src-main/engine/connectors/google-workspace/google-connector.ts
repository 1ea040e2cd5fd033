// Google Workspace through the Admin SDK Directory API, as a service account with domain-wide delegation
// impersonating a super admin. describe() is cheap: the Admin SDK client loads only in test/sync/preload.
import { z } from 'zod';
import { declareDataset } from '../dataset-declaration.ts';
import type { Connector, ConnectorDescription } from '../types.ts';
import { parseGoogleTarget, parseServiceAccountKey } from './google-config.ts';

/** The user fields google-records keeps, each its own column of google.users. */
const googleUserAttributes = z.object({
  primaryEmail: z.string(),
  suspended: z.boolean(),
  suspensionReason: z.string().nullable(),
  archived: z.boolean(),
  deleted: z.boolean(),
  deletionTime: z.string().nullable(),
  isAdmin: z.boolean(),
  isDelegatedAdmin: z.boolean(),
  isEnrolledIn2Sv: z.boolean(),
  isEnforcedIn2Sv: z.boolean(),
  orgUnitPath: z.string().nullable(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
});

const scope = (name: string) => `https://www.googleapis.com/auth/admin.directory.${name}`;
const needs = (scopeName: string, privilege: string) =>
  `scope ${scope(scopeName)} under domain-wide delegation, and an impersonated admin with ${privilege}`;

const description: ConnectorDescription = {
  kind: 'google-workspace',
  displayName: 'Google Workspace',
  collects: [
    'users (including suspended, archived and recently deleted), with admin flags and 2-Step Verification',
    '2-Step Verification enrolment and enforcement per user',
    'groups and their direct members (users, nested groups)',
    'admin roles and their privileges',
    'admin role assignments (super admins, delegated admins, org-unit scope)',
    'third-party OAuth tokens per user (optional scope)',
  ],
  configFields: [
    {
      name: 'adminEmail',
      label: 'Super admin email',
      secret: false,
      required: true,
      help: 'The Google Workspace super admin the service account impersonates (domain-wide delegation), e.g. admin@example.com.',
      input: 'text',
      placeholder: 'admin@example.com',
    },
    {
      name: 'customerId',
      label: 'Customer ID',
      secret: false,
      required: false,
      help: 'Optional: the account’s customer ID (Admin console → Account → Account settings), e.g. C01abc2de. Empty means the admin’s own account (my_customer).',
      input: 'text',
      placeholder: 'my_customer',
    },
    {
      name: 'apiUrl',
      label: 'API URL',
      secret: false,
      required: false,
      help: 'Leave empty for https://admin.googleapis.com; only for a proxy or private endpoint serving the Admin SDK.',
      input: 'text',
      placeholder: 'https://admin.googleapis.com',
    },
  ],
  credentialFields: [
    {
      name: 'serviceAccountKey',
      label: 'Service account key (JSON)',
      secret: true,
      required: true,
      help: 'The JSON key file of a service account whose client ID is authorised for domain-wide delegation with the read-only Directory scopes (see the integration guide).',
      input: 'file',
      cliAliases: [
        { flag: 'service-account-file', from: 'file', help: "the service account's JSON key file" },
      ],
    },
  ],
  // Short names: the side panel wraps them; the guide and the errors give the full scope URLs.
  requiredScopes: [
    'admin.directory.user.readonly',
    'admin.directory.group.readonly',
    'admin.directory.group.member.readonly',
    'admin.directory.rolemanagement.readonly',
    'admin.directory.user.security (optional, not read-only: only for OAuth tokens)',
    'all authorised for the client ID under domain-wide delegation; the impersonated user a super admin',
  ],
  guideFile: 'google-workspace.md',
  capabilities: { full: true, tail: false, push: false, discovery: false },
  role: 'identity_provider',
  // The primary address is the person's corporate identity, unique in the account: a strong anchor.
  anchorAttribute: 'primaryEmail',
  datasets: [
    declareDataset({
      kind: 'google.users',
      entity: 'accounts',
      title: 'Google Workspace users',
      label: 'Users',
      populationNoun: 'users',
      permission: needs('user.readonly', 'Users › Read'),
      attributes: googleUserAttributes,
    }),
    declareDataset({
      kind: 'google.two_step_verification',
      entity: 'auth_factors',
      title: 'Google Workspace 2-Step Verification',
      label: '2-Step Verification',
      populationNoun: 'users',
      permission: needs('user.readonly', 'Users › Read'),
    }),
    declareDataset({
      kind: 'google.groups',
      entity: 'groups',
      title: 'Google Workspace groups',
      label: 'Groups',
      populationNoun: 'groups',
      permission: needs('group.readonly', 'Groups › Read'),
    }),
    declareDataset({
      kind: 'google.group_members',
      entity: 'group_members',
      title: 'Google Workspace group members',
      label: 'Group memberships',
      populationNoun: 'group memberships',
      permission: needs('group.member.readonly', 'Groups › Read'),
    }),
    declareDataset({
      kind: 'google.roles',
      entity: 'roles',
      title: 'Google Workspace admin roles',
      label: 'Admin roles',
      populationNoun: 'admin roles',
      permission: needs('rolemanagement.readonly', 'Admin roles › Read (super admin)'),
    }),
    declareDataset({
      kind: 'google.role_assignments',
      entity: 'admin_roles',
      title: 'Google Workspace admin role assignments',
      label: 'Admin role assignments',
      populationNoun: 'admin role assignments',
      permission: needs('rolemanagement.readonly', 'Admin roles › Read (super admin)'),
    }),
    declareDataset({
      kind: 'google.oauth_tokens',
      entity: 'credentials',
      title: 'Google Workspace OAuth tokens',
      label: 'OAuth tokens',
      populationNoun: 'OAuth grants',
      permission: `scope ${scope('user.security')} under domain-wide delegation (optional: it is not read-only, it can also revoke tokens), and a super admin to impersonate`,
    }),
  ],
  // google-records derives the word: deleted users (within Google's 20-day window) and archived users
  // (former staff kept on an Archived User licence) can no longer sign in.
  statusVocabulary: {
    ACTIVE: 'active',
    SUSPENDED: 'suspended',
    ARCHIVED: 'deprovisioned',
    DELETED: 'deprovisioned',
  },
};

export const googleWorkspaceConnector: Connector = {
  describe: () => description,
  checkConfig: (config) => {
    const target = parseGoogleTarget(config);
    return target.ok ? null : target.problem;
  },
  checkCredentials: (_config, secrets) => {
    if (secrets.serviceAccountKey === undefined) return null;
    const key = parseServiceAccountKey(secrets.serviceAccountKey);
    return key.ok ? null : key.problem;
  },
  test: async (ctx) => (await import('./google-test-connection.ts')).testGoogleConnection(ctx),
  sync: async function* (ctx) {
    const { syncGoogle } = await import('./google-sync.ts');
    yield* syncGoogle(ctx);
  },
  preload: async () => {
    await import('./google-sync.ts');
    await import('@googleapis/admin');
  },
  credentialHealth: async (ctx) => (await import('./google-test-connection.ts')).googleCredentialHealth(ctx),
};
