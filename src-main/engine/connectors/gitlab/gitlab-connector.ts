import { z } from 'zod';
import { declareDataset } from '../dataset-declaration.ts';
import type { Connector, ConnectorDescription } from '../types.ts';
import { parseGitLabTarget } from './gitlab-config.ts';

/** The account attributes gitlab-records keeps, each its own column of the users dataset. */
const gitlabAccountAttributes = z.object({
  is_admin: z.boolean().nullable(),
  bot: z.boolean().nullable(),
  external: z.boolean().nullable(),
  two_factor_enabled: z.boolean().nullable(),
  public_email: z.string().nullable(),
  commit_email: z.string().nullable(),
  saml_extern_uid: z.string().nullable(),
  source: z.string(),
});

const readApi = 'read_api';
const adminRead = 'read_api, and an instance administrator (self-managed)';

const description: ConnectorDescription = {
  kind: 'gitlab',
  displayName: 'GitLab',
  collects: [
    'the group, its subgroups and projects',
    'group members with access level and expiry, direct and inherited',
    'project members with access level and expiry, direct and inherited through groups',
    'instance users with blocked, deactivated, bot and administrator flags (administrator token, self-managed)',
  ],
  configFields: [
    {
      name: 'group',
      label: 'Group',
      secret: false,
      required: true,
      help: 'Full path of the top-level group (or subgroup) as in its address, e.g. acme-corp or acme-corp/platform.',
      input: 'text',
      placeholder: 'acme-corp',
    },
    {
      name: 'baseUrl',
      label: 'GitLab URL',
      secret: false,
      required: false,
      help: 'Only for a self-managed or Dedicated instance: its address, e.g. https://gitlab.example.com. Leave empty for gitlab.com.',
      input: 'text',
      placeholder: 'https://gitlab.com',
    },
  ],
  credentialFields: [
    {
      name: 'token',
      label: 'Access token',
      secret: true,
      required: true,
      help: 'A personal (or group) access token with the read_api scope. On self-managed, an administrator’s token also collects blocked, deactivated and bot users.',
      input: 'secret',
      cliAliases: [
        { flag: 'token-file', from: 'file', help: 'file holding the access token' },
        { flag: 'token-stdin', from: 'stdin', help: 'read the access token from standard input' },
      ],
    },
  ],
  requiredScopes: ['read_api', 'instance administrator (self-managed, optional: only for the users dataset)'],
  guideFile: 'gitlab.md',
  capabilities: { full: true, tail: false, push: false, discovery: false },
  role: 'application',
  anchorAttribute: 'saml_extern_uid',
  datasets: [
    declareDataset({
      kind: 'gitlab.users',
      entity: 'accounts',
      title: 'GitLab users',
      label: 'Users',
      populationNoun: 'users',
      permission: adminRead,
      attributes: gitlabAccountAttributes,
    }),
    declareDataset({
      kind: 'gitlab.group_members',
      entity: 'resource_grants',
      title: 'GitLab group members',
      label: 'Group members',
      populationNoun: 'group memberships',
      permission: readApi,
    }),
    declareDataset({
      kind: 'gitlab.projects',
      entity: 'resources',
      title: 'GitLab groups and projects',
      label: 'Groups and projects',
      populationNoun: 'groups and projects',
      permission: readApi,
    }),
    declareDataset({
      kind: 'gitlab.project_members',
      entity: 'resource_grants',
      title: 'GitLab project members',
      label: 'Project members',
      populationNoun: 'project memberships',
      permission: readApi,
    }),
  ],
  // GitLab's user states (docs.gitlab.com/api/users): blocked and banned users cannot sign in;
  // deactivated ones are dormant until they sign in again; new sign-ups may await approval.
  statusVocabulary: {
    active: 'active',
    blocked: 'suspended',
    ldap_blocked: 'suspended',
    banned: 'suspended',
    deactivated: 'suspended',
    blocked_pending_approval: 'pending',
  },
};

export const gitlabConnector: Connector = {
  describe: () => description,
  checkConfig: (config) => {
    const target = parseGitLabTarget(config);
    return target.ok ? null : target.problem;
  },
  checkCredentials: (_config, secrets) =>
    (secrets.token ?? '').trim() === '' ? 'An access token with the read_api scope is required.' : null,
  // undici loads only for a test or a sync, never for describing a source.
  test: async (ctx) => (await import('./gitlab-test-connection.ts')).testGitLabConnection(ctx),
  sync: async function* (ctx) {
    const { syncGitLab } = await import('./gitlab-sync.ts');
    yield* syncGitLab(ctx);
  },
  credentialHealth: async (ctx) => (await import('./gitlab-test-connection.ts')).gitlabCredentialHealth(ctx),
  preload: async () => {
    await Promise.all([import('./gitlab-sync.ts'), import('./gitlab-test-connection.ts')]);
  },
};
