// The official AWS SDK v3 clients (what the connector uses) against the simulator, wired as the connector
// wires them: one endpoint for every service, a NodeHttpHandler whose https agent trusts the test CA, and
// explicit credentials. SigV4 is verified by the simulator, so a wrong secret must fail as on AWS.
import { Agent } from 'node:https';
import {
  IdentitystoreClient,
  ListGroupMembershipsCommand,
  ListUsersCommand,
  paginateListGroups,
  paginateListUsers,
} from '@aws-sdk/client-identitystore';
import {
  DescribePermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterEach, describe, expect, it } from 'vitest';
import { startAwsSimulator, type AwsSimOptions, type AwsSimulator } from '../../sim/aws/index.ts';

let sim: AwsSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function clients(options: AwsSimOptions = {}, secret?: string) {
  sim = await startAwsSimulator({ users: 230, seed: 4, ...options });
  const config = {
    region: sim.region,
    endpoint: sim.url,
    credentials: {
      accessKeyId: sim.accessKeyId,
      secretAccessKey: secret ?? sim.secretAccessKey,
      ...(sim.sessionToken ? { sessionToken: sim.sessionToken } : {}),
    },
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: sim.caPem, keepAlive: true }) }),
    maxAttempts: 3,
  };
  return {
    sim,
    identitystore: new IdentitystoreClient(config),
    sso: new SSOAdminClient(config),
    sts: new STSClient(config),
  };
}

describe('AWS SDK v3 against the simulator', () => {
  it('lists instances, pages users and groups by NextToken, reads permission sets and assignments', async () => {
    const { sim, identitystore, sso, sts } = await clients({ temporaryCredentials: true });
    const instances = await sso.send(new ListInstancesCommand({}));
    expect(instances.Instances?.[0]).toMatchObject({
      InstanceArn: sim.org.instanceArn,
      IdentityStoreId: sim.org.identityStoreId,
    });
    const users: string[] = [];
    for await (const page of paginateListUsers(
      { client: identitystore, pageSize: 100 },
      { IdentityStoreId: sim.org.identityStoreId },
    ))
      users.push(...(page.Users ?? []).map((u) => u.UserId!));
    expect(users).toEqual(sim.org.users.map((u) => u.userId));
    const first = await identitystore.send(
      new ListUsersCommand({ IdentityStoreId: sim.org.identityStoreId, MaxResults: 5 }),
    );
    expect(first.Users?.some((u) => u.UserStatus === 'DISABLED' || u.UserStatus === 'ENABLED')).toBe(true);
    expect(first.NextToken).toBeTruthy();
    let groups = 0;
    for await (const page of paginateListGroups(
      { client: identitystore },
      { IdentityStoreId: sim.org.identityStoreId },
    ))
      groups += page.Groups?.length ?? 0;
    expect(groups).toBe(sim.org.groups.length);
    const group = sim.org.groups[0]!;
    const members = await identitystore.send(
      new ListGroupMembershipsCommand({ IdentityStoreId: sim.org.identityStoreId, GroupId: group.groupId }),
    );
    expect(
      members.GroupMemberships?.map((m) => (m.MemberId && 'UserId' in m.MemberId ? m.MemberId.UserId : null)),
    ).toEqual(sim.org.memberships.filter((m) => m.groupId === group.groupId).map((m) => m.userId));
    const sets = await sso.send(new ListPermissionSetsCommand({ InstanceArn: sim.org.instanceArn }));
    expect(sets.PermissionSets).toHaveLength(sim.org.permissionSets.length);
    const described = await sso.send(
      new DescribePermissionSetCommand({
        InstanceArn: sim.org.instanceArn,
        PermissionSetArn: sets.PermissionSets![0],
      }),
    );
    expect(described.PermissionSet?.CreatedDate).toBeInstanceOf(Date);
    expect(described.PermissionSet?.SessionDuration).toMatch(/^PT\d+H$/);
    const a = sim.org.assignments[0]!;
    const assignments = await sso.send(
      new ListAccountAssignmentsCommand({
        InstanceArn: sim.org.instanceArn,
        AccountId: a.accountId,
        PermissionSetArn: a.permissionSetArn,
      }),
    );
    expect(assignments.AccountAssignments).toContainEqual(
      expect.objectContaining({ PrincipalId: a.principalId }),
    );
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: sim.org.managementAccountId, Arn: sim.principalArn });
  });

  it('a wrong secret fails SigV4: InvalidSignatureException (sso, identitystore) and SignatureDoesNotMatch (STS)', async () => {
    const { sim, identitystore, sso, sts } = await clients({}, 'x'.repeat(40));
    await expect(sso.send(new ListInstancesCommand({}))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
    });
    await expect(
      identitystore.send(new ListUsersCommand({ IdentityStoreId: sim.org.identityStoreId })),
    ).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
  });

  it('AccessDeniedException names the action; expired tokens and throttling come back as AWS sends them', async () => {
    const { sim, sso, identitystore, sts } = await clients({ requestsPerSecond: 2 });
    sim.setFaults({ forbiddenPaths: ['/sso/ListPermissionSets'] });
    await expect(
      sso.send(new ListPermissionSetsCommand({ InstanceArn: sim.org.instanceArn })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('sso:ListPermissionSets'),
    });
    sim.setFaults({ expiredToken: true });
    await expect(sso.send(new ListInstancesCommand({}))).rejects.toMatchObject({
      name: 'ExpiredTokenException',
    });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken' });
    sim.setFaults({});
    // Two per second: the SDK's retry strategy waits out ThrottlingException and succeeds.
    for (let i = 0; i < 5; i++)
      await identitystore.send(
        new ListUsersCommand({ IdentityStoreId: sim.org.identityStoreId, MaxResults: 1 }),
      );
    expect(sim.stats().throttled).toBeGreaterThan(0);
  });
});
