import { declareDataset } from '../dataset-declaration.ts';
import type { Connector, ConnectorDescription } from '../types.ts';
import { parseAwsTarget } from './aws-config.ts';
import { awsUserAttributes } from './aws-mappers.ts';

const description: ConnectorDescription = {
  kind: 'aws-identity-center',
  displayName: 'AWS IAM Identity Center',
  collects: [
    'identity store users (with status where AWS reports it) and groups',
    'group memberships',
    'permission sets with their AWS managed, customer managed and inline policies and session duration',
    'account assignments of users and groups per AWS account and permission set',
  ],
  configFields: [
    {
      name: 'region',
      label: 'Region',
      secret: false,
      required: true,
      help: 'Identity Center’s home region (IAM Identity Center → Settings), e.g. eu-west-1.',
      input: 'text',
      placeholder: 'eu-west-1',
    },
    {
      name: 'instanceArn',
      label: 'Instance ARN',
      secret: false,
      required: false,
      help: 'Optional: arn:aws:sso:::instance/ssoins-…; found with sso:ListInstances when empty (give the identity store id with it).',
      input: 'text',
    },
    {
      name: 'identityStoreId',
      label: 'Identity store ID',
      secret: false,
      required: false,
      help: 'Optional: d-1234567890; found with the instance when empty.',
      input: 'text',
    },
    {
      name: 'endpointUrl',
      label: 'Endpoint URL',
      secret: false,
      required: false,
      help: 'Only for a VPC endpoint or gateway: replaces every AWS endpoint Vouch calls (sso, identitystore, sts). Leave empty otherwise.',
      input: 'text',
    },
  ],
  credentialFields: [
    {
      name: 'accessKeyId',
      label: 'Access key ID',
      secret: false,
      required: true,
      help: 'Of an IAM user (or role session) with the read-only policy from the integration guide, e.g. AKIA….',
      input: 'text',
      cliAliases: [{ flag: 'access-key-id', from: 'value', help: 'AWS access key id (not secret)' }],
    },
    {
      name: 'secretAccessKey',
      label: 'Secret access key',
      secret: true,
      required: true,
      help: 'The secret shown once when the access key was created.',
      input: 'secret',
      cliAliases: [
        { flag: 'secret-access-key-file', from: 'file', help: 'file holding the AWS secret access key' },
      ],
    },
    {
      name: 'sessionToken',
      label: 'Session token',
      secret: true,
      required: false,
      help: 'Only for temporary credentials (ASIA… keys from a role session); they expire, then use Update Credentials.',
      input: 'secret',
      cliAliases: [{ flag: 'session-token-file', from: 'file', help: 'file holding the AWS session token' }],
    },
  ],
  // Short lines: the Add Source panel shows them, and the longest action names do not wrap. The guide's
  // policy lists every action.
  requiredScopes: [
    'identitystore: list users, groups and group memberships (3 read actions)',
    'sso: list instances; read permission sets, their policies and account assignments (8 read actions, listed in the guide)',
  ],
  guideFile: 'aws-identity-center.md',
  capabilities: { full: true, tail: false, push: false, discovery: false },
  role: 'application',
  // SCIM-provisioned users carry the IdP's user id: the strongest link to the person.
  anchorAttribute: 'idp_external_id',
  datasets: [
    declareDataset({
      kind: 'aws.users',
      entity: 'accounts',
      title: 'AWS IAM Identity Center users',
      label: 'Users',
      populationNoun: 'users',
      permission: 'identitystore:ListUsers',
      attributes: awsUserAttributes,
    }),
    declareDataset({
      kind: 'aws.groups',
      entity: 'groups',
      title: 'AWS IAM Identity Center groups',
      label: 'Groups',
      populationNoun: 'groups',
      permission: 'identitystore:ListGroups',
    }),
    declareDataset({
      kind: 'aws.group_members',
      entity: 'group_members',
      title: 'AWS IAM Identity Center group members',
      label: 'Group memberships',
      populationNoun: 'group memberships',
      permission: 'identitystore:ListGroupMemberships',
    }),
    declareDataset({
      kind: 'aws.permission_sets',
      entity: 'resources',
      title: 'AWS IAM Identity Center permission sets',
      label: 'Permission sets',
      populationNoun: 'permission sets',
      permission:
        'sso:ListPermissionSets, sso:DescribePermissionSet, sso:ListManagedPoliciesInPermissionSet, sso:ListCustomerManagedPolicyReferencesInPermissionSet, sso:GetInlinePolicyForPermissionSet',
    }),
    declareDataset({
      kind: 'aws.account_assignments',
      entity: 'resource_grants',
      title: 'AWS account assignments',
      label: 'Account assignments',
      populationNoun: 'account assignments',
      permission: 'sso:ListAccountsForProvisionedPermissionSet, sso:ListAccountAssignments',
    }),
  ],
  // identitystore UserStatus; older models report none ("not_reported" stays unknown, never active).
  statusVocabulary: { ENABLED: 'active', DISABLED: 'suspended', not_reported: 'unknown' },
};

export const awsIdentityCenterConnector: Connector = {
  describe: () => description,
  checkConfig: (config) => {
    const target = parseAwsTarget(config);
    return target.ok ? null : target.problem;
  },
  // The AWS SDK clients take a second to load: only a test or a sync loads them.
  test: async (ctx) => (await import('./aws-test-connection.ts')).testAwsConnection(ctx),
  sync: async function* (ctx) {
    const { syncAws } = await import('./aws-sync.ts');
    yield* syncAws(ctx);
  },
  preload: async () => {
    await import('./aws-sync.ts');
  },
};
