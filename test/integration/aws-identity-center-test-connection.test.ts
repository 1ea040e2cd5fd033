// Test Connection against the AWS simulator: each failure class from what AWS really answers (SigV4
// verified by the simulator), with the denied action named and the region hint for a missing instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsSimulator, type AwsSimulator } from '../../sim/aws/index.ts';
import { awsIdentityCenterConnector } from '../../src-main/engine/connectors/aws/aws-connector.ts';
import type { ConnectorContext } from '../../src-main/engine/connectors/types.ts';

let sim: AwsSimulator;

beforeAll(async () => {
  sim = await startAwsSimulator({ users: 20, seed: 3, requestsPerSecond: 1000 });
});
afterAll(() => sim.close());

function context(
  secrets: Record<string, string> = {},
  config: Record<string, string> = {},
  caPem: string | null = sim.caPem,
): ConnectorContext {
  return {
    config: { region: sim.region, endpointUrl: sim.url, ...config },
    secrets: { accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey, ...secrets },
    caPem,
    proxyUrl: null,
    signal: AbortSignal.timeout(30_000),
  };
}

describe('AWS IAM Identity Center test connection', () => {
  it('connects, discovering the instance and naming the caller', async () => {
    const status = await awsIdentityCenterConnector.test(context());
    expect(status).toMatchObject({ status: 'connected', errorClass: null });
    expect(status.message).toContain(sim.org.instanceArn);
    expect(status.message).toContain(sim.principalArn);
  });

  it('a wrong secret is failed_authentication (SignatureDoesNotMatch) and never echoed', async () => {
    const status = await awsIdentityCenterConnector.test(context({ secretAccessKey: 'w'.repeat(40) }));
    expect(status).toMatchObject({ status: 'failed', errorClass: 'failed_authentication' });
    expect(status.message).toContain('SignatureDoesNotMatch');
    expect(JSON.stringify(status)).not.toContain('w'.repeat(40));
  });

  it('an unknown key id is failed_authentication (InvalidClientTokenId); an expired token says so', async () => {
    const unknown = await awsIdentityCenterConnector.test(context({ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA' }));
    expect(unknown.message).toContain('InvalidClientTokenId');
    sim.setFaults({ expiredToken: true });
    const expired = await awsIdentityCenterConnector.test(context());
    sim.setFaults({});
    expect(expired).toMatchObject({ errorClass: 'failed_authentication' });
    expect(expired.message).toContain('expired');
  });

  it('no instance in the region is missing_configuration naming the region', async () => {
    sim.setFaults({ noInstance: true });
    const status = await awsIdentityCenterConnector.test(context());
    sim.setFaults({});
    expect(status).toMatchObject({ errorClass: 'missing_configuration' });
    expect(status.message).toBe(
      `IAM Identity Center is not enabled in ${sim.region}, or the instance is in another region.`,
    );
  });

  it('names every denied action', async () => {
    sim.setFaults({ forbiddenPaths: ['/identitystore/ListGroups', '/sso/DescribePermissionSet'] });
    const status = await awsIdentityCenterConnector.test(context());
    sim.setFaults({});
    expect(status).toMatchObject({ errorClass: 'missing_permissions' });
    expect(status.message).toContain('identitystore:ListGroups, sso:DescribePermissionSet');
    expect(status.message).not.toContain('ListUsers');
  });

  it('a denied ListInstances is missing_permissions naming it', async () => {
    sim.setFaults({ forbiddenPaths: ['/sso/ListInstances'] });
    const status = await awsIdentityCenterConnector.test(context());
    sim.setFaults({});
    expect(status).toMatchObject({ errorClass: 'missing_permissions' });
    expect(status.message).toContain('sso:ListInstances');
  });

  it('persistent throttling is rate_limited; an untrusted certificate is unreachable; a bad region is refused before any request', async () => {
    sim.setFaults({ rateLimitStorm: true });
    const throttled = await awsIdentityCenterConnector.test(context());
    sim.setFaults({});
    expect(throttled.errorClass).toBe('rate_limited');
    const tls = await awsIdentityCenterConnector.test(context({}, {}, null));
    expect(tls.errorClass).toBe('unreachable');
    expect(awsIdentityCenterConnector.checkConfig({ region: 'europe' })).toContain('not an AWS region');
  });
});
