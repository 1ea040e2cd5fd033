import { declareDataset } from '../dataset-declaration.ts';
import type { Connector, ConnectorDescription } from '../types.ts';
import { entraCredential, parseEntraTarget } from './entra-config.ts';
import { datasetPermission } from './entra-permissions.ts';
import { entraUserAttributes } from './entra-records.ts';

const description: ConnectorDescription = {
  kind: 'entra',
  displayName: 'Microsoft Entra ID',
  collects: [
    'users, including disabled ones and guests, with sign-in activity where the licence allows',
    'groups and their direct members',
    'app registrations with every client secret and certificate and its expiry',
    'service principals (enterprise apps)',
    'directory role definitions and assignments, with their scope',
    'MFA registration details (Entra ID P1/P2)',
  ],
  configFields: [
    {
      name: 'tenantId',
      label: 'Directory (tenant) ID',
      secret: false,
      required: true,
      help: "The Directory (tenant) ID on the app registration's Overview page, or a verified domain such as contoso.onmicrosoft.com.",
      input: 'text',
      placeholder: '00000000-0000-0000-0000-000000000000',
    },
    {
      name: 'clientId',
      label: 'Application (client) ID',
      secret: false,
      required: true,
      help: "The Application (client) ID on the app registration's Overview page.",
      input: 'text',
      placeholder: '00000000-0000-0000-0000-000000000000',
    },
    {
      name: 'authorityUrl',
      label: 'Authority URL',
      secret: false,
      required: false,
      help: 'Only for a national cloud: e.g. https://login.microsoftonline.us. Leave empty for https://login.microsoftonline.com.',
      input: 'text',
    },
    {
      name: 'graphUrl',
      label: 'Microsoft Graph URL',
      secret: false,
      required: false,
      help: 'Only for a national cloud: e.g. https://graph.microsoft.us. Leave empty for https://graph.microsoft.com.',
      input: 'text',
    },
  ],
  credentialFields: [
    {
      name: 'clientSecret',
      label: 'Client secret value',
      secret: true,
      required: false,
      help: "Either this or a certificate. The secret's Value (shown once when created under Certificates & secrets), not its Secret ID.",
      input: 'secret',
      cliAliases: [
        {
          flag: 'client-secret-file',
          from: 'file',
          help: "file holding the app registration's client secret value",
        },
        {
          flag: 'client-secret-stdin',
          from: 'stdin',
          help: 'read the client secret value from standard input',
        },
      ],
    },
    {
      name: 'certificate',
      label: 'Certificate (PEM)',
      secret: false,
      required: false,
      help: 'Instead of a secret: the certificate uploaded to the app registration (PEM), with its private key.',
      input: 'file',
      cliAliases: [
        {
          flag: 'certificate-file',
          from: 'file',
          help: 'the certificate (PEM) registered on the app, with --private-key-file',
        },
      ],
    },
    {
      name: 'privateKey',
      label: 'Certificate private key (PEM)',
      secret: true,
      required: false,
      help: "The certificate's private key (unencrypted PEM).",
      input: 'file',
      cliAliases: [
        {
          flag: 'private-key-file',
          from: 'file',
          help: "a GitHub App's private key, or the private key of an Entra app's certificate (PEM)",
        },
      ],
    },
  ],
  requiredScopes: [
    'User.Read.All',
    'GroupMember.Read.All',
    'Application.Read.All',
    'RoleManagement.Read.Directory',
    'AuditLog.Read.All (sign-in activity, MFA registration details)',
    'all as Microsoft Graph application permissions with admin consent',
  ],
  guideFile: 'entra.md',
  capabilities: { full: true, tail: false, push: false, discovery: false },
  role: 'identity_provider',
  // A user's principal name is the address people sign in with, the same one other IdPs know them by.
  anchorAttribute: 'userPrincipalName',
  datasets: [
    declareDataset({
      kind: 'entra.users',
      entity: 'accounts',
      title: 'Entra ID users',
      label: 'Users',
      populationNoun: 'users',
      permission: datasetPermission('users'),
      attributes: entraUserAttributes,
    }),
    declareDataset({
      kind: 'entra.groups',
      entity: 'groups',
      title: 'Entra ID groups',
      label: 'Groups',
      populationNoun: 'groups',
      permission: datasetPermission('groups'),
    }),
    declareDataset({
      kind: 'entra.group_members',
      entity: 'group_members',
      title: 'Entra ID group members',
      label: 'Group memberships',
      populationNoun: 'group memberships',
      permission: datasetPermission('groups'),
    }),
    declareDataset({
      kind: 'entra.applications',
      entity: 'resources',
      title: 'Entra ID app registrations',
      label: 'App registrations',
      populationNoun: 'app registrations',
      permission: datasetPermission('applications'),
    }),
    declareDataset({
      kind: 'entra.app_credentials',
      entity: 'credentials',
      title: 'Entra ID application secrets and certificates',
      label: 'App secrets and certificates',
      populationNoun: 'secrets and certificates',
      permission: datasetPermission('applications'),
    }),
    declareDataset({
      kind: 'entra.service_principals',
      entity: 'resources',
      title: 'Entra ID service principals (enterprise apps)',
      label: 'Service principals',
      populationNoun: 'service principals',
      permission: datasetPermission('applications'),
    }),
    declareDataset({
      kind: 'entra.role_definitions',
      entity: 'roles',
      title: 'Entra ID directory roles',
      label: 'Directory roles',
      populationNoun: 'role definitions',
      permission: datasetPermission('roles'),
    }),
    declareDataset({
      kind: 'entra.role_assignments',
      entity: 'admin_roles',
      title: 'Entra ID directory role assignments',
      label: 'Role assignments',
      populationNoun: 'role assignments',
      permission: datasetPermission('roles'),
    }),
    declareDataset({
      kind: 'entra.mfa_registration',
      entity: 'auth_factors',
      title: 'Entra ID MFA registration',
      label: 'MFA registration',
      populationNoun: 'MFA registration rows',
      permission: datasetPermission('audit'),
    }),
  ],
  // Entra has no status word: connector-made from accountEnabled and a guest's externalUserState.
  statusVocabulary: { enabled: 'active', disabled: 'suspended', pending_acceptance: 'pending' },
};

export const entraConnector: Connector = {
  describe: () => description,
  checkConfig: (config) => {
    const target = parseEntraTarget(config);
    return target.ok ? null : target.problem;
  },
  checkCredentials: (_config, secrets) => {
    const credential = entraCredential(secrets);
    return credential.ok ? null : credential.problem;
  },
  // MSAL and the Graph client load only for a test or a sync, never for describing a source.
  test: async (ctx) => (await import('./entra-test-connection.ts')).testEntraConnection(ctx),
  sync: async function* (ctx) {
    const { syncEntra } = await import('./entra-sync.ts');
    yield* syncEntra(ctx);
  },
  credentialHealth: async (ctx) => (await import('./entra-credential-health.ts')).entraCredentialHealth(ctx),
  preload: async () => {
    await Promise.all([import('./entra-sync.ts'), import('./entra-test-connection.ts')]);
  },
};
