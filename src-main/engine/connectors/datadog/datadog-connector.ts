import { declareDataset } from '../dataset-declaration.ts';
import type { Connector, ConnectorDescription } from '../types.ts';
import { DATADOG_SITES, DEFAULT_DATADOG_SITE, parseDatadogTarget } from './datadog-config.ts';
import { datadogAccountAttributes } from './datadog-mappers.ts';
import { USER_ACCESS_READ } from './datadog-permissions.ts';

const description: ConnectorDescription = {
  kind: 'datadog',
  displayName: 'Datadog',
  collects: [
    'users (active, pending and disabled, with status)',
    'service accounts',
    'roles, managed and custom, with their permissions',
    'role assignments of users and service accounts',
  ],
  configFields: [
    {
      name: 'site',
      label: 'Datadog site',
      secret: false,
      required: false,
      help: `Where your org lives, as in the address you log in at (app.datadoghq.eu → datadoghq.eu). Default ${DEFAULT_DATADOG_SITE}.`,
      input: 'select',
      options: [...DATADOG_SITES],
    },
    {
      name: 'baseUrl',
      label: 'API base URL',
      secret: false,
      required: false,
      help: 'Only to reach the API through another address (a gateway): replaces https://api.SITE. Leave empty otherwise.',
      input: 'text',
    },
  ],
  credentialFields: [
    {
      name: 'apiKey',
      label: 'API key',
      secret: true,
      required: true,
      help: 'Organization Settings → API Keys: identifies the org (32 characters).',
      input: 'secret',
      cliAliases: [{ flag: 'api-key-file', from: 'file', help: 'file holding the Datadog API key' }],
    },
    {
      name: 'appKey',
      label: 'Application key',
      secret: true,
      required: true,
      help: 'Organization Settings → Application Keys (best: a read-only service account’s key, or one scoped to user_access_read). Acts with its owner’s permissions.',
      input: 'secret',
      cliAliases: [{ flag: 'app-key-file', from: 'file', help: 'file holding the Datadog application key' }],
    },
  ],
  requiredScopes: ['user_access_read (User Access Read) for the application key’s owner or scopes'],
  guideFile: 'datadog.md',
  capabilities: { full: true, tail: false, push: false, discovery: false },
  role: 'application',
  datasets: [
    declareDataset({
      kind: 'datadog.users',
      entity: 'accounts',
      title: 'Datadog users',
      label: 'Users',
      populationNoun: 'users',
      permission: USER_ACCESS_READ,
      attributes: datadogAccountAttributes,
    }),
    declareDataset({
      kind: 'datadog.service_accounts',
      entity: 'accounts',
      title: 'Datadog service accounts',
      label: 'Service accounts',
      populationNoun: 'service accounts',
      permission: USER_ACCESS_READ,
      attributes: datadogAccountAttributes,
    }),
    declareDataset({
      kind: 'datadog.roles',
      entity: 'roles',
      title: 'Datadog roles',
      label: 'Roles',
      populationNoun: 'roles',
      permission: USER_ACCESS_READ,
    }),
    declareDataset({
      kind: 'datadog.role_assignments',
      entity: 'admin_roles',
      title: 'Datadog role assignments',
      label: 'Role assignments',
      populationNoun: 'role assignments',
      permission: USER_ACCESS_READ,
    }),
  ],
  // https://docs.datadoghq.com/api/latest/users/ (filter[status]: Active, Pending, Disabled)
  statusVocabulary: { Active: 'active', Pending: 'pending', Disabled: 'deprovisioned' },
};

export const datadogConnector: Connector = {
  describe: () => description,
  checkConfig: (config) => {
    const target = parseDatadogTarget(config);
    return target.ok ? null : target.problem;
  },
  // The official client takes seconds to load: only a test or a sync loads it, never describing a source.
  test: async (ctx) => (await import('./datadog-test-connection.ts')).testDatadogConnection(ctx),
  sync: async function* (ctx) {
    const { syncDatadog } = await import('./datadog-sync.ts');
    yield* syncDatadog(ctx);
  },
  preload: async () => {
    await import('./datadog-sync.ts');
  },
};
