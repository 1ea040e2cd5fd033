// Every operation the AWS simulator serves, called with real SigV4-signed requests (the SDK), its raw JSON
// body validated strictly against the service description in /work/shared/specs with the amendments of
// sim/aws/spec.ts and nothing else.
import { Agent } from 'node:https';
import { Readable } from 'node:stream';
import {
  IdentitystoreClient,
  ListGroupMembershipsCommand,
  ListGroupsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-identitystore';
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsSimulator, type AwsSimulator } from '../../sim/aws/index.ts';
import {
  EPOCH_SECONDS_FIELDS,
  IDENTITYSTORE_AMENDMENTS,
  SSO_ADMIN_AMENDMENTS,
  withoutUnicodePropertyPatterns,
} from '../../sim/aws/spec.ts';
import { loadOpenApiDocument, OpenApiResponseValidator } from '../../sim/shared/openapi-validator.ts';

let sim: AwsSimulator;
type Handler = (args: unknown) => Promise<{ response: unknown }>;
type CaptureMiddleware = (next: Handler, context: { commandName: string }) => Handler;
const bodies = new Map<string, unknown[]>();
const specs = '/work/shared/specs';
const identitystore = new OpenApiResponseValidator(
  withoutUnicodePropertyPatterns(loadOpenApiDocument(`${specs}/aws-identitystore.json`)),
  {
    amendments: IDENTITYSTORE_AMENDMENTS,
  },
);
const ssoAdmin = new OpenApiResponseValidator(
  withoutUnicodePropertyPatterns(loadOpenApiDocument(`${specs}/aws-sso-admin.json`)),
  { amendments: SSO_ADMIN_AMENDMENTS },
);

beforeAll(async () => {
  sim = await startAwsSimulator({ users: 130, seed: 8 });
  const handler = new NodeHttpHandler({ httpsAgent: new Agent({ ca: sim.caPem }) });
  // Keep every raw response body, keyed by operation, as it came off the wire.
  const config = {
    region: sim.region,
    endpoint: sim.url,
    credentials: { accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey },
    requestHandler: handler,
  };
  const is = new IdentitystoreClient(config);
  const sso = new SSOAdminClient(config);
  for (const client of [is, sso]) {
    const stack = client.middlewareStack as unknown as {
      add(middleware: CaptureMiddleware, options: Record<string, string>): void;
    };
    stack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const response = result.response as { body: AsyncIterable<Uint8Array> };
        const chunks: Buffer[] = [];
        for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
        const text = Buffer.concat(chunks).toString('utf8');
        const list = bodies.get(context.commandName) ?? [];
        list.push(JSON.parse(text));
        bodies.set(context.commandName, list);
        response.body = Readable.from([Buffer.from(text)]);
        return result;
      },
      { step: 'deserialize', name: 'captureBody', priority: 'low' },
    );
  }
  const store = sim.org.identityStoreId;
  const instance = sim.org.instanceArn;
  const a = sim.org.assignments[0]!;
  const withInline = sim.org.permissionSets.find((p) => p.inlinePolicy)!;
  await is.send(new ListUsersCommand({ IdentityStoreId: store }));
  await is.send(new ListGroupsCommand({ IdentityStoreId: store, MaxResults: 3 }));
  await is.send(
    new ListGroupMembershipsCommand({ IdentityStoreId: store, GroupId: sim.org.groups[0]!.groupId }),
  );
  await sso.send(new ListInstancesCommand({}));
  await sso.send(new ListPermissionSetsCommand({ InstanceArn: instance }));
  await sso.send(
    new DescribePermissionSetCommand({ InstanceArn: instance, PermissionSetArn: withInline.arn }),
  );
  for (const command of [
    new ListManagedPoliciesInPermissionSetCommand({
      InstanceArn: instance,
      PermissionSetArn: withInline.arn,
    }),
    new ListCustomerManagedPolicyReferencesInPermissionSetCommand({
      InstanceArn: instance,
      PermissionSetArn: sim.org.permissionSets[4]!.arn,
    }),
    new GetInlinePolicyForPermissionSetCommand({ InstanceArn: instance, PermissionSetArn: withInline.arn }),
    new ListAccountsForProvisionedPermissionSetCommand({
      InstanceArn: instance,
      PermissionSetArn: a.permissionSetArn,
    }),
  ])
    await sso.send(command as never);
  await sso.send(
    new ListAccountAssignmentsCommand({
      InstanceArn: instance,
      AccountId: a.accountId,
      PermissionSetArn: a.permissionSetArn,
    }),
  );
});

afterAll(() => sim.close());

function withIsoTimestamps(schema: string, body: unknown): unknown {
  const copy = structuredClone(body) as Record<string, Record<string, unknown>>;
  for (const field of EPOCH_SECONDS_FIELDS[schema] ?? []) {
    const [outer, inner] = field.split('.') as [string, string];
    const value = copy[outer]?.[inner];
    expect(typeof value).toBe('number');
    copy[outer]![inner] = new Date((value as number) * 1000).toISOString();
  }
  return copy;
}

const cases: Array<[command: string, schema: string, validator: () => OpenApiResponseValidator]> = [
  ['ListUsersCommand', 'ListUsersResponse', () => identitystore],
  ['ListGroupsCommand', 'ListGroupsResponse', () => identitystore],
  ['ListGroupMembershipsCommand', 'ListGroupMembershipsResponse', () => identitystore],
  ['ListInstancesCommand', 'ListInstancesResponse', () => ssoAdmin],
  ['ListPermissionSetsCommand', 'ListPermissionSetsResponse', () => ssoAdmin],
  ['DescribePermissionSetCommand', 'DescribePermissionSetResponse', () => ssoAdmin],
  ['ListManagedPoliciesInPermissionSetCommand', 'ListManagedPoliciesInPermissionSetResponse', () => ssoAdmin],
  [
    'ListCustomerManagedPolicyReferencesInPermissionSetCommand',
    'ListCustomerManagedPolicyReferencesInPermissionSetResponse',
    () => ssoAdmin,
  ],
  ['GetInlinePolicyForPermissionSetCommand', 'GetInlinePolicyForPermissionSetResponse', () => ssoAdmin],
  [
    'ListAccountsForProvisionedPermissionSetCommand',
    'ListAccountsForProvisionedPermissionSetResponse',
    () => ssoAdmin,
  ],
  ['ListAccountAssignmentsCommand', 'ListAccountAssignmentsResponse', () => ssoAdmin],
];

describe('AWS simulator against the service descriptions', () => {
  it.each(cases)('%s conforms to %s', (command, schema, validator) => {
    const seen = bodies.get(command);
    expect(seen?.length).toBeGreaterThan(0);
    for (const body of seen!)
      expect(validator().validateSchema(schema, withIsoTimestamps(schema, body)).errors).toEqual([]);
  });

  it('the strict validator rejects a field the description does not declare', () => {
    const user = { IdentityStoreId: sim.org.identityStoreId, UserId: sim.org.users[0]!.userId, Invented: 1 };
    expect(identitystore.validateSchema('ListUsersResponse', { Users: [user] }).valid).toBe(false);
  });
});
