// Test Connection for IAM Identity Center: who the credentials are (sts:GetCallerIdentity, which needs no
// permission, so a failure there is the credentials'), where the instance is (sso:ListInstances), then one
// cheap call per action the sync needs, naming every action AWS denies.
import { ListGroupsCommand, ListUsersCommand } from '@aws-sdk/client-identitystore';
import {
  DescribePermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListPermissionSetsCommand,
} from '@aws-sdk/client-sso-admin';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ConnectionStatus } from '../../../../src-shared/connection-status.ts';
import type { ConnectorContext } from '../types.ts';
import { awsIdentityCenterConnector } from './aws-connector.ts';
import { classifyAwsFailure, deniedAction, type ClassifiedFailure } from './aws-errors.ts';
import { AwsConfigurationError, openAwsSession, testPolicy, type AwsSession } from './aws-session.ts';

/** Which datasets each denied action cuts off, with the permission each declares. */
function neededFor(denied: string[]): string {
  const datasets = awsIdentityCenterConnector
    .describe()
    .datasets.filter((d) => denied.some((action) => d.permission.includes(action)));
  return datasets.map((d) => `Reading ${d.label.toLowerCase()} needs: ${d.permission}.`).join(' ');
}

function failed(failure: ClassifiedFailure): ConnectionStatus {
  return { status: 'failed', ...failure, checkedAt: new Date().toISOString() };
}

export async function testAwsConnection(ctx: ConnectorContext): Promise<ConnectionStatus> {
  let session: AwsSession;
  try {
    session = openAwsSession(ctx, testPolicy);
  } catch (error) {
    if (!(error instanceof AwsConfigurationError)) throw error;
    return failed({
      errorClass: 'missing_configuration',
      message: error.message,
      nextStep: 'Edit the source: Identity Center’s home region, and the access key id with its secret.',
    });
  }
  const opts = { abortSignal: ctx.signal };
  try {
    let caller: string;
    try {
      const me = await session.sts.send(new GetCallerIdentityCommand({}), opts);
      caller = `${me.Arn ?? 'unknown principal'} (account ${me.Account ?? '?'})`;
    } catch (error) {
      return failed(
        classifyAwsFailure(error, 'the caller identity (sts:GetCallerIdentity)', 'sts:GetCallerIdentity'),
      );
    }
    let instance: { instanceArn: string; identityStoreId: string };
    try {
      instance = await session.instance();
    } catch (error) {
      return failed(classifyAwsFailure(error, 'the Identity Center instance', 'sso:ListInstances'));
    }
    const denied: string[] = [];
    let firstSet: string | undefined;
    let firstAccount: string | undefined;
    const probe = async (action: string, call: () => Promise<unknown>): Promise<ClassifiedFailure | null> => {
      try {
        await call();
        return null;
      } catch (error) {
        const failure = classifyAwsFailure(error, action, action);
        if (failure.errorClass !== 'missing_permissions') return failure;
        denied.push(deniedAction((error as Error).message) ?? action);
        return null;
      }
    };
    const { instanceArn, identityStoreId } = instance;
    const probes: Array<[string, () => Promise<unknown>]> = [
      [
        'identitystore:ListUsers',
        () =>
          session.identitystore.send(
            new ListUsersCommand({ IdentityStoreId: identityStoreId, MaxResults: 1 }),
            opts,
          ),
      ],
      [
        'identitystore:ListGroups',
        () =>
          session.identitystore.send(
            new ListGroupsCommand({ IdentityStoreId: identityStoreId, MaxResults: 1 }),
            opts,
          ),
      ],
      [
        'sso:ListPermissionSets',
        async () => {
          const out = await session.sso.send(
            new ListPermissionSetsCommand({ InstanceArn: instanceArn, MaxResults: 1 }),
            opts,
          );
          firstSet = out.PermissionSets?.[0];
        },
      ],
    ];
    for (const [action, call] of probes) {
      const failure = await probe(action, call);
      if (failure) return failed(failure);
    }
    if (firstSet) {
      const input = { InstanceArn: instanceArn, PermissionSetArn: firstSet };
      for (const [action, call] of [
        ['sso:DescribePermissionSet', () => session.sso.send(new DescribePermissionSetCommand(input), opts)],
        [
          'sso:ListAccountsForProvisionedPermissionSet',
          async () => {
            const out = await session.sso.send(
              new ListAccountsForProvisionedPermissionSetCommand({ ...input, MaxResults: 1 }),
              opts,
            );
            firstAccount = out.AccountIds?.[0];
          },
        ],
      ] as Array<[string, () => Promise<unknown>]>) {
        const failure = await probe(action, call);
        if (failure) return failed(failure);
      }
      if (firstAccount) {
        const account = firstAccount;
        const failure = await probe('sso:ListAccountAssignments', () =>
          session.sso.send(
            new ListAccountAssignmentsCommand({ ...input, AccountId: account, MaxResults: 1 }),
            opts,
          ),
        );
        if (failure) return failed(failure);
      }
    }
    if (denied.length) {
      return failed({
        errorClass: 'missing_permissions',
        message: `Signed in as ${caller}, but AWS denied ${denied.join(', ')} (AccessDeniedException). ${neededFor(denied)}`,
        nextStep: `Allow ${denied.join(', ')} in the IAM policy of these credentials (the integration guide has the whole least-privilege policy), then Test Connection.`,
      });
    }
    return {
      status: 'connected',
      errorClass: null,
      message: `Connected to IAM Identity Center ${instanceArn} (identity store ${identityStoreId}) in ${session.region} as ${caller}.`,
      nextStep: null,
      checkedAt: new Date().toISOString(),
    };
  } finally {
    session.close();
  }
}
