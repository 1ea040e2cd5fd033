import { z } from 'zod';
import { declareDataset } from '../dataset-declaration.ts';
import type { Connector, ConnectorDescription } from '../types.ts';
import { parseJiraTarget } from './jira-config.ts';
import { ADMINISTER, BROWSE_USERS } from './jira-permissions.ts';

/** The account attributes jira-sync keeps, each its own column of the users dataset. */
const jiraAccountAttributes = z.object({
  account_type: z.string(),
  email_visible: z.boolean(),
});

const description: ConnectorDescription = {
  kind: 'jira',
  displayName: 'Jira',
  collects: [
    'every account: Atlassian, app (bots) and customer, active or not',
    'groups and their members, inactive users included',
    'projects',
    'project role actors (users and groups per role, e.g. Administrators)',
  ],
  configFields: [
    {
      name: 'site',
      label: 'Jira site',
      secret: false,
      required: true,
      help: 'Your Jira Cloud address, e.g. https://acme.atlassian.net.',
      input: 'text',
      placeholder: 'https://acme.atlassian.net',
    },
    {
      name: 'email',
      label: 'Atlassian account email',
      secret: false,
      required: true,
      help: 'The email of the Atlassian account the API token belongs to.',
      input: 'text',
      placeholder: 'vouch-audit@example.com',
    },
  ],
  credentialFields: [
    {
      name: 'token',
      label: 'API token',
      secret: true,
      required: true,
      help: 'An API token of that account (id.atlassian.com → Security → API tokens). The account needs Browse users and groups; Administer Jira for project roles.',
      input: 'secret',
      cliAliases: [
        { flag: 'token-file', from: 'file', help: 'file holding the API token' },
        { flag: 'token-stdin', from: 'stdin', help: 'read the API token from standard input' },
      ],
    },
  ],
  requiredScopes: [
    BROWSE_USERS,
    `${ADMINISTER} (for project role actors)`,
    'Browse projects on every project',
  ],
  guideFile: 'jira.md',
  capabilities: { full: true, tail: false, push: false, discovery: false },
  role: 'application',
  datasets: [
    declareDataset({
      kind: 'jira.users',
      entity: 'accounts',
      title: 'Jira users',
      label: 'Users',
      populationNoun: 'accounts',
      permission: BROWSE_USERS,
      attributes: jiraAccountAttributes,
    }),
    declareDataset({
      kind: 'jira.groups',
      entity: 'groups',
      title: 'Jira groups',
      label: 'Groups',
      populationNoun: 'groups',
      permission: BROWSE_USERS,
    }),
    declareDataset({
      kind: 'jira.group_members',
      entity: 'group_members',
      title: 'Jira group members',
      label: 'Group members',
      populationNoun: 'group memberships',
      permission: BROWSE_USERS,
    }),
    declareDataset({
      kind: 'jira.projects',
      entity: 'resources',
      title: 'Jira projects',
      label: 'Projects',
      populationNoun: 'projects',
      permission: 'Browse projects',
    }),
    declareDataset({
      kind: 'jira.project_role_actors',
      entity: 'resource_grants',
      title: 'Jira project role actors',
      label: 'Project role actors',
      populationNoun: 'role assignments',
      permission: ADMINISTER,
    }),
  ],
  // Jira accounts are active or not (deactivated by an admin, or closed).
  statusVocabulary: { active: 'active', inactive: 'suspended' },
};

export const jiraConnector: Connector = {
  describe: () => description,
  checkConfig: (config) => {
    const target = parseJiraTarget(config);
    return target.ok ? null : target.problem;
  },
  checkCredentials: (_config, secrets) =>
    (secrets.token ?? '').trim() === '' ? 'An API token is required.' : null,
  test: async (ctx) => (await import('./jira-test-connection.ts')).testJiraConnection(ctx),
  sync: async function* (ctx) {
    const { syncJira } = await import('./jira-sync.ts');
    yield* syncJira(ctx);
  },
  preload: async () => {
    await Promise.all([import('./jira-sync.ts'), import('./jira-test-connection.ts')]);
  },
};
