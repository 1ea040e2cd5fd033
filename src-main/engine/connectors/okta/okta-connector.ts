import { z } from 'zod';
import { declareDataset } from '../dataset-declaration.ts';
import type { Connector, ConnectorDescription } from '../types.ts';
import { parseOktaDomain } from './okta-domain.ts';

/** The user attributes okta-mappers keeps, each its own column of okta.users. */
const oktaUserAttributes = z.object({
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  activated: z.string().nullable(),
  statusChanged: z.string().nullable(),
  passwordChanged: z.string().nullable(),
  lastUpdated: z.string().nullable(),
});

// An API token acts with its admin's role; an OAuth service app needs the matching okta.*.read scope.
const readOnly = (scope: string) => `Read-Only Administrator role (OAuth scope ${scope})`;

const description: ConnectorDescription = {
  kind: 'okta',
  displayName: 'Okta',
  collects: [
    'users (including deprovisioned)',
    'groups',
    'group memberships',
    'apps',
    'app assignments',
    'admin roles',
  ],
  configFields: [
    {
      name: 'domain',
      label: 'Okta domain',
      secret: false,
      required: true,
      help: 'Your org address, e.g. acme.okta.com or acme.oktapreview.com (a port may follow: host:port).',
      input: 'text',
      placeholder: 'acme.okta.com',
    },
    {
      name: 'federatedIdAttribute',
      label: 'Federated ID attribute',
      secret: false,
      required: false,
      help: 'Optional: the Okta profile attribute another identity provider federated with Okta knows each person by (e.g. the one Okta sends to Entra ID as the ImmutableID). Leave empty when none.',
      input: 'text',
      placeholder: 'employeeNumber',
    },
  ],
  credentialFields: [
    {
      name: 'apiToken',
      label: 'API token',
      secret: true,
      required: true,
      help: 'Created by a Read-Only Administrator under Security → API → Tokens.',
      input: 'secret',
      cliAliases: [
        { flag: 'token-file', from: 'file', help: 'file holding the API token' },
        { flag: 'token-stdin', from: 'stdin', help: 'read the API token from standard input' },
      ],
    },
  ],
  requiredScopes: ['Read-Only Administrator role for the token’s admin'],
  guideFile: 'okta.md',
  capabilities: { full: true, tail: false, push: false, discovery: false },
  role: 'identity_provider',
  datasets: [
    declareDataset({
      kind: 'okta.users',
      entity: 'accounts',
      title: 'Okta users',
      label: 'Users',
      populationNoun: 'users',
      permission: readOnly('okta.users.read'),
      attributes: oktaUserAttributes,
    }),
    declareDataset({
      kind: 'okta.groups',
      entity: 'groups',
      title: 'Okta groups',
      label: 'Groups',
      populationNoun: 'groups',
      permission: readOnly('okta.groups.read'),
    }),
    declareDataset({
      kind: 'okta.group_members',
      entity: 'group_members',
      title: 'Okta group members',
      label: 'Group memberships',
      populationNoun: 'group memberships',
      permission: readOnly('okta.groups.read'),
    }),
    declareDataset({
      kind: 'okta.apps',
      entity: 'apps',
      title: 'Okta apps',
      label: 'Apps',
      populationNoun: 'apps',
      permission: readOnly('okta.apps.read'),
    }),
    declareDataset({
      kind: 'okta.app_assignments',
      entity: 'app_assignments',
      title: 'Okta app assignments',
      label: 'App assignments',
      populationNoun: 'app assignments',
      permission: readOnly('okta.apps.read'),
    }),
    declareDataset({
      kind: 'okta.admin_roles',
      entity: 'admin_roles',
      title: 'Okta admin roles',
      label: 'Admin roles',
      populationNoun: 'admin role assignments',
      permission: readOnly('okta.roles.read'),
    }),
  ],
  // https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/ (UserStatus)
  statusVocabulary: {
    ACTIVE: 'active',
    PASSWORD_EXPIRED: 'active',
    LOCKED_OUT: 'active',
    RECOVERY: 'active',
    STAGED: 'pending',
    PROVISIONED: 'pending',
    SUSPENDED: 'suspended',
    DEPROVISIONED: 'deprovisioned',
  },
  // Filled from the profile attribute the source configures (federatedIdAttribute), else absent.
  federatedIdAttribute: 'federated_id',
};

export const oktaConnector: Connector = {
  describe: () => description,
  checkConfig: (config) => {
    const domain = parseOktaDomain(config.domain ?? '');
    if (!domain.ok) return domain.problem;
    const attribute = config.federatedIdAttribute?.trim();
    if (attribute && !/^[A-Za-z_][A-Za-z0-9_]{0,99}$/.test(attribute))
      return `"${attribute}" is not an Okta profile attribute name (letters, digits and _).`;
    return null;
  },
  // The SDK behind these takes seconds to load: only a test or a sync loads it, never describing a source.
  test: async (ctx) => (await import('./okta-test-connection.ts')).testOktaConnection(ctx),
  sync: async function* (ctx) {
    const { syncOkta } = await import('./okta-sync.ts');
    yield* syncOkta(ctx);
  },
  credentialHealth: async (ctx) => (await import('./okta-credential-health.ts')).oktaCredentialHealth(ctx),
  // A lane runs syncs, which need only the SDK's Http (okta-http-session.ts), not the Client behind a test.
  preload: async () => {
    await import('./okta-sync.ts');
  },
};
