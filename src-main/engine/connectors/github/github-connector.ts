import type { Connector, ConnectorDescription } from '../types.ts';
import { checkAppConfig, githubCredential } from './github-app-auth.ts';
import { parseGitHubTarget } from './github-config.ts';

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
    },
    {
      name: 'baseUrl',
      label: 'API base URL',
      secret: false,
      required: false,
      help: 'Only for GitHub Enterprise Server: https://HOST/api/v3. Leave empty for github.com.',
    },
    {
      name: 'appId',
      label: 'GitHub App ID',
      secret: false,
      required: false,
      help: 'Only for a GitHub App instead of a token: the App ID from the app settings page, e.g. 123456.',
    },
    {
      name: 'installationId',
      label: 'GitHub App installation ID',
      secret: false,
      required: false,
      help: 'Only for a GitHub App: the installation on the organization. Leave empty to look it up from the organization.',
    },
  ],
  credentialFields: [
    {
      name: 'token',
      label: 'Personal access token',
      secret: true,
      required: false,
      help: "Either this or a GitHub App. An organization owner's token: classic with read:org and repo, or fine-grained with Members, Administration and Metadata (read).",
    },
    {
      name: 'privateKey',
      label: 'GitHub App private key',
      secret: true,
      required: false,
      help: 'Instead of a token: the PEM private key of a GitHub App installed on the organization (with the App ID). The app needs organization Members (read) and repository Metadata (read); Organization administration (read) for the owner-only settings and two-factor status.',
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
  sync: async function* (ctx) {
    const { syncGitHub } = await import('./github-sync.ts');
    yield* syncGitHub(ctx);
  },
  preload: async () => {
    await Promise.all([import('./github-sync.ts'), import('./github-test-connection.ts')]);
  },
};
