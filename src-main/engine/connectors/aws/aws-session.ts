// The AWS clients of a test or sync: identitystore, sso-admin and STS from the AWS SDK v3, with explicit
// credentials (never the environment's or ~/.aws), one endpoint override for all of them when given, and a
// NodeHttpHandler whose https agent carries the custom CA and HTTPS_PROXY. The SDK's standard retry mode
// backs off on ThrottlingException and 5xx.
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createHttpsAgent, proxyFromEnvironment } from '../http-agent.ts';
import type { ConnectorContext } from '../types.ts';
import { parseAwsTarget } from './aws-config.ts';
import { NoInstanceError } from './aws-errors.ts';

export interface AwsPolicy {
  maxAttempts: number;
  requestTimeoutMs: number;
}

export const syncPolicy: AwsPolicy = { maxAttempts: 8, requestTimeoutMs: 60_000 };
export const testPolicy: AwsPolicy = { maxAttempts: 2, requestTimeoutMs: 20_000 };

export class AwsConfigurationError extends Error {}

export interface AwsSession {
  region: string;
  identitystore: IdentitystoreClient;
  sso: SSOAdminClient;
  sts: STSClient;
  accessKeyId: string;
  temporary: boolean;
  signal: AbortSignal;
  /** The instance and identity store: configured, or found with ListInstances. */
  instance(): Promise<{ instanceArn: string; identityStoreId: string }>;
  close(): void;
}

export function openAwsSession(ctx: ConnectorContext, policy: AwsPolicy): AwsSession {
  const target = parseAwsTarget(ctx.config);
  if (!target.ok) throw new AwsConfigurationError(target.problem);
  const accessKeyId = (ctx.secrets.accessKeyId ?? '').trim();
  const secretAccessKey = (ctx.secrets.secretAccessKey ?? '').trim();
  const sessionToken = (ctx.secrets.sessionToken ?? '').trim();
  if (!accessKeyId || !secretAccessKey)
    throw new AwsConfigurationError('The access key id and the secret access key are both needed.');
  const agent = createHttpsAgent({
    caPem: ctx.caPem,
    proxyUrl: ctx.proxyUrl ?? proxyFromEnvironment(target.host),
    maxSockets: 8,
  });
  const config = {
    region: target.region,
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    requestHandler: new NodeHttpHandler({
      httpsAgent: agent,
      requestTimeout: policy.requestTimeoutMs,
      connectionTimeout: policy.requestTimeoutMs,
    }),
    maxAttempts: policy.maxAttempts,
    retryMode: 'standard',
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
  };
  // The SDK warns on stderr, once per process, that its releases after January 2027 need Node 22. Our lock
  // pins the release, the desktop app runs Electron's Node 22, and the warning would land in every CLI
  // sync's output and lane log as if something had gone wrong. The SDK reads this switch (and only this).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const sso = new SSOAdminClient(config);
  let discovered: Promise<{ instanceArn: string; identityStoreId: string }> | null = null;
  return {
    region: target.region,
    identitystore: new IdentitystoreClient(config),
    sso,
    sts: new STSClient(config),
    accessKeyId,
    temporary: Boolean(sessionToken),
    signal: ctx.signal,
    instance: () => {
      if (target.instanceArn && target.identityStoreId)
        return Promise.resolve({ instanceArn: target.instanceArn, identityStoreId: target.identityStoreId });
      discovered ??= sso
        .send(new ListInstancesCommand({ MaxResults: 100 }), { abortSignal: ctx.signal })
        .then((out) => {
          const first = out.Instances?.find((i) => i.InstanceArn && i.IdentityStoreId);
          if (!first?.InstanceArn || !first.IdentityStoreId) throw new NoInstanceError(target.region);
          return { instanceArn: first.InstanceArn, identityStoreId: first.IdentityStoreId };
        });
      return discovered;
    },
    close: () => agent.destroy(),
  };
}
