import { z } from 'zod';
import { declareDataset } from '../dataset-declaration.ts';
import type { Connector, ConnectorDescription } from '../types.ts';
import { checkAppConfig, githubCredential } from './github-app-auth.ts';
import { parseGitHubTarget } from './github-config.ts';

/** The account attributes github-records keeps, each its own column of the member and collaborator datasets. */
const githubAccountAttributes = z.object({
  role: z.string(),
  two_factor: z.string(),
  saml_name_id: z.string().nullable(),
  saml_emails: z.string().nullable(),
  public_email: z.string().nullable(),
  email_source: z.string().nullable(),
  outside_collaborator: z.boolean(),
});

const membersRead = 'read:org (classic) or organization Members: read (fine-grained, GitHub App)';
const ownerRead =
  'an organization owner; admin:org (classic) or organization Administration: read (fine-grained, GitHub App)';
const reposRead =
  'repo (classic) or repository Metadata: read on every repository (fine-grained, GitHub App)';

const description: ConnectorDescription = {
  kind: 'github',
  displayName: 'GitHub',
  collects: [
    'organization settings (2FA requirement, base permission, who may create repositories)',
    'members with role, SAML identity and public email',
    'outside collaborators',
    'two-factor status of members and outside collaborators (owner token)',
    'teams and team members',
    'repository permissions: direct, through teams, through the base permission',
    'organization owners',
  ],
  configFields: [
    {
      name: 'org',
      label: 'Organization',
      secret: false,
      required: true,
      help: "The organization's login as in its address, e.g. acme-corp for github.com/acme-corp.",
      input: 'text',
      placeholder: 'acme-corp',
    },
    {
      name: 'baseUrl',
      label: 'API base URL',
      secret: false,
      required: false,
      help: 'Only for GitHub Enterprise Server: https://HOST/api/v3. Leave empty for github.com.',
      input: 'text',
    },
    {
      name: 'appId',
      label: 'GitHub App ID',
      secret: false,
      required: false,
      help: 'Only for a GitHub App instead of a token: the App ID from the app settings page, e.g. 123456.',
      input: 'text',
    },
    {
      name: 'installationId',
      label: 'GitHub App installation ID',
      secret: false,
      required: false,
      help: 'Only for a GitHub App: the installation on the organization. Leave empty to look it up from the organization.',
      input: 'text',
    },
  ],
  credentialFields: [
    {
      name: 'token',
      label: 'Personal access token',
      secret: true,
      required: false,
      help: "Either this or a GitHub App. An organization owner's token: classic with read:org and repo, or fine-grained with Members, Administration and Metadata (read).",
      input: 'secret',
      cliAliases: [
        { flag: 'token-file', from: 'file', help: 'file holding the API token' },
        { flag: 'token-stdin', from: 'stdin', help: 'read the API token from standard input' },
      ],
    },
    {
      name: 'privateKey',
      label: 'GitHub App private key',
      secret: true,
      required: false,
      help: 'Instead of a token: the PEM private key of a GitHub App installed on the organization (with the App ID). The app needs organization Members (read) and repository Metadata (read); Organization administration (read) for the owner-only settings and two-factor status.',
      input: 'file',
      cliAliases: [
        {
          flag: 'private-key-file',
          from: 'file',
          help: "a GitHub App's private key (PEM), with --app-id, instead of a token",
        },
      ],
    },
  ],
  requiredScopes: [
    'read:org (classic)',
    'repo (classic)',
    'admin:org (classic, optional: only for the owner-only organization settings)',
    'fine-grained: organization Members (read), Administration (read); repository Metadata (read) on all repositories',
    "the token's user must be an organization owner for two-factor status, owner-only settings and SAML identities",
  ],
  guideFile: 'github.md',
  capabilities: { full: true, tail: false, push: false, discovery: false },
  role: 'application',
  anchorAttribute: 'saml_name_id',
  datasets: [
    declareDataset({
      kind: 'github.org_settings',
      entity: 'source_settings',
      title: 'GitHub organization settings',
      label: 'Organization settings',
      populationNoun: 'settings',
      permission: ownerRead,
    }),
    declareDataset({
      kind: 'github.members',
      entity: 'accounts',
      title: 'GitHub members',
      label: 'Members',
      populationNoun: 'members',
      permission: membersRead,
      attributes: githubAccountAttributes,
    }),
    declareDataset({
      kind: 'github.outside_collaborators',
      entity: 'accounts',
      title: 'GitHub outside collaborators',
      label: 'Outside collaborators',
      populationNoun: 'outside collaborators',
      permission: membersRead,
      attributes: githubAccountAttributes,
    }),
    declareDataset({
      kind: 'github.two_factor',
      entity: 'check_results',
      title: 'GitHub two-factor status',
      label: 'Two-factor status',
      populationNoun: 'people checked',
      permission: ownerRead,
    }),
    declareDataset({
      kind: 'github.teams',
      entity: 'groups',
      title: 'GitHub teams',
      label: 'Teams',
      populationNoun: 'teams',
      permission: membersRead,
    }),
    declareDataset({
      kind: 'github.team_members',
      entity: 'group_members',
      title: 'GitHub team members',
      label: 'Team memberships',
      populationNoun: 'team memberships',
      permission: membersRead,
    }),
    declareDataset({
      kind: 'github.repo_permissions',
      entity: 'repo_permissions',
      title: 'GitHub repository permissions',
      label: 'Repository permissions',
      populationNoun: 'repository permissions',
      permission: reposRead,
    }),
    declareDataset({
      kind: 'github.admin_roles',
      entity: 'admin_roles',
      title: 'GitHub organization owners',
      label: 'Organization owners',
      populationNoun: 'owners',
      permission: membersRead,
    }),
  ],
  // Organization members and outside collaborators are active while listed; invitations are pending.
  statusVocabulary: { active: 'active', pending: 'pending' },
};

export const githubConnector: Connector = {
  describe: () => description,
  checkConfig: (config) => {
    const target = parseGitHubTarget(config);
    return target.ok ? checkAppConfig(config) : target.problem;
  },
  checkCredentials: (config, secrets) => {
    const credential = githubCredential(config, secrets);
    return credential.ok ? null : credential.problem;
  },
  // Octokit and undici load only for a test or a sync, never for describing a source.
  test: async (ctx) => (await import('./github-test-connection.ts')).testGitHubConnection(ctx),
  credentialHealth: async (ctx) =>
    (await import('./github-credential-health.ts')).githubCredentialHealth(ctx),
  sync: async function* (ctx) {
    const { syncGitHub } = await import('./github-sync.ts');
    yield* syncGitHub(ctx);
  },
  preload: async () => {
    await Promise.all([import('./github-sync.ts'), import('./github-test-connection.ts')]);
  },
};
