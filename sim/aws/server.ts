// The AWS simulator's HTTPS server: one endpoint for identitystore, sso-admin (JSON 1.1 routed by
// X-Amz-Target) and STS (query protocol, GetCallerIdentity), as `--endpoint-url` points every client at one
// URL. Each request's SigV4 signature is verified against the secret its access key id names.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateWindows, scaledWindowMs } from '../shared/rate-limits.ts';
import { ReplyScheduler, type Reply } from '../shared/replies.ts';
import { readBody, requestUrl, resetConnection, startTlsServer } from '../shared/server.ts';
import { AwsJsonError, awsErrors, stsErrorXml, type ServiceNamespace } from './errors.ts';
import { FaultState, type AwsFaults } from './faults.ts';
import { generateAwsOrg, type AwsOrgOptions } from './org-generator.ts';
import type { GeneratedAwsOrg } from './org-types.ts';
import { operations } from './operations.ts';
import { parseAuthorization, signatureMatches } from './sigv4.ts';

export interface AwsSimOptions extends AwsOrgOptions {
  port?: number;
  latencyMs?: number;
  faults?: AwsFaults;
  /** Requests per second per service before ThrottlingException (default 20: Identity Center's TPS quota). */
  requestsPerSecond?: number;
  timeScale?: number;
  /** Issue temporary credentials (ASIA… with a session token) instead of an IAM user's key. */
  temporaryCredentials?: boolean;
}

export interface AwsSimStats {
  requests: number;
  byOperation: Record<string, number>;
  throttled: number;
  serverErrorsSent: number;
  connectionsReset: number;
  accessDenied: number;
}

export interface AwsSimulator {
  url: string;
  caPem: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | null;
  /** The caller's ARN, as STS and AccessDeniedException name it. */
  principalArn: string;
  org: GeneratedAwsOrg;
  stats(): AwsSimStats;
  resetStats(): void;
  setFaults(faults: AwsFaults): void;
  close(): Promise<void>;
}

const NOT_FOUND_HTML = '<html><body><h1>404 Not Found</h1></body></html>\n';
const IS: ServiceNamespace = 'com.amazonaws.identitystore';
const SSO: ServiceNamespace = 'com.amazonaws.swbexternalservice';

function emptyStats(): AwsSimStats {
  return {
    requests: 0,
    byOperation: {},
    throttled: 0,
    serverErrorsSent: 0,
    connectionsReset: 0,
    accessDenied: 0,
  };
}

export async function startAwsSimulator(options: AwsSimOptions = {}): Promise<AwsSimulator> {
  const org = generateAwsOrg(options);
  const temporary = options.temporaryCredentials ?? false;
  const accessKeyId = `${temporary ? 'ASIA' : 'AKIA'}${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(30).toString('base64').slice(0, 40);
  const sessionToken = temporary ? randomBytes(96).toString('base64') : null;
  const principalArn = `arn:aws:iam::${org.managementAccountId}:user/vouch-audit`;
  const faults = new FaultState(options.faults);
  const windows = new RateWindows({ windowMs: scaledWindowMs(1000, 1), align: 'epoch' });
  const perSecond = options.requestsPerSecond ?? 20;
  const replies = new ReplyScheduler({
    newRequestId: () => randomUUID(),
    jsonHeaders: (id) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': id }),
  });
  let stats = emptyStats();
  let origin = '';

  const jsonError = (reply: Reply, error: AwsJsonError) => {
    if (error.code === 'AccessDeniedException') stats.accessDenied++;
    if (error.code === 'ThrottlingException') stats.throttled++;
    reply.json(error.status, JSON.stringify(error.body()), {
      ...error.headers,
      'content-type': error.contentType,
    });
  };

  /** SigV4, then the session token; null when the caller is who it says. */
  const authenticate = (
    req: IncomingMessage,
    url: URL,
    body: Buffer,
  ): { code: string; message: string } | null => {
    const parts = parseAuthorization(req);
    if (!parts)
      return { code: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
    if (parts.accessKeyId !== accessKeyId)
      return {
        code: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      };
    if (!signatureMatches(req, url, body, parts, secretAccessKey))
      return { code: 'InvalidSignatureException', message: '' };
    if (faults.faults.expiredToken)
      return {
        code: 'ExpiredTokenException',
        message: 'The security token included in the request is expired',
      };
    if (sessionToken && req.headers['x-amz-security-token'] !== sessionToken)
      return {
        code: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      };
    return null;
  };

  const handleSts = (req: IncomingMessage, url: URL, body: Buffer, reply: Reply) => {
    const form = new URLSearchParams(body.toString('utf8'));
    const xml = (status: number, text: string) => reply.json(status, text, { 'content-type': 'text/xml' });
    if (form.get('Action') !== 'GetCallerIdentity')
      return xml(
        400,
        stsErrorXml(
          'InvalidAction',
          `Could not find operation ${form.get('Action') ?? ''} for version 2011-06-15`,
          reply.requestId,
        ),
      );
    const problem = authenticate(req, url, body);
    if (problem) {
      // STS names these its own way.
      const code =
        problem.code === 'InvalidSignatureException'
          ? 'SignatureDoesNotMatch'
          : problem.code === 'ExpiredTokenException'
            ? 'ExpiredToken'
            : problem.code === 'UnrecognizedClientException'
              ? 'InvalidClientTokenId'
              : 'MissingAuthenticationToken';
      const message =
        code === 'SignatureDoesNotMatch'
          ? 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'
          : code === 'InvalidClientTokenId'
            ? 'The security token included in the request is invalid.'
            : problem.message;
      return xml(403, stsErrorXml(code, message, reply.requestId));
    }
    xml(
      200,
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <GetCallerIdentityResult>\n' +
        `    <Arn>${principalArn}</Arn>\n    <UserId>AIDA${accessKeyId.slice(4)}</UserId>\n    <Account>${org.managementAccountId}</Account>\n` +
        `  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>${reply.requestId}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n`,
    );
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    stats.requests++;
    if (faults.countRequestAndCheckReset()) {
      stats.connectionsReset++;
      resetConnection(req);
      return;
    }
    const url = requestUrl(req, origin);
    void readBody(req, 1 << 20).then((body) => {
      const target = req.headers['x-amz-target'];
      const operation = typeof target === 'string' ? operations[target] : undefined;
      const name = typeof target === 'string' ? (target.split('.')[1] ?? '') : 'GetCallerIdentity';
      const pseudoPath = operation ? `/${operation.service}/${name}` : '/sts/GetCallerIdentity';
      const reply = replies.reply(res, (options.latencyMs ?? 0) + faults.extraDelayMs(pseudoPath));
      if (faults.wrongDomain || req.method !== 'POST' || body === undefined)
        return reply.html(404, NOT_FOUND_HTML);
      stats.byOperation[name] = (stats.byOperation[name] ?? 0) + 1;
      if (typeof target !== 'string') return handleSts(req, url, body, reply);
      const ns = target.startsWith('AWSIdentityStore.') ? IS : SSO;
      if (!operation) return jsonError(reply, awsErrors.unknownOperation(ns));
      if (faults.faults.rateLimitStorm) return jsonError(reply, awsErrors.throttling(ns, 3));
      const injected = faults.takeServerError();
      if (injected) {
        stats.serverErrorsSent++;
        if (injected === 503) return reply.html(503, '<html><body>Service Unavailable</body></html>');
        return jsonError(reply, awsErrors.internal(ns));
      }
      const problem = authenticate(req, url, body);
      if (problem) {
        const error =
          problem.code === 'InvalidSignatureException'
            ? awsErrors.invalidSignature(ns)
            : problem.code === 'ExpiredTokenException'
              ? awsErrors.expiredToken(ns)
              : problem.code === 'MissingAuthenticationTokenException'
                ? awsErrors.missingAuth(ns)
                : awsErrors.unrecognizedClient(ns);
        return jsonError(reply, error);
      }
      if (faults.isForbidden(pseudoPath)) {
        const resource =
          operation.service === 'identitystore'
            ? `arn:aws:identitystore::${org.managementAccountId}:identitystore/${org.identityStoreId}`
            : org.instanceArn;
        return jsonError(reply, awsErrors.accessDenied(ns, principalArn, operation.action, resource));
      }
      const decision = windows.take(operation.service, perSecond);
      if (!decision.allowed) return jsonError(reply, awsErrors.throttling(ns, 1));
      let input: Record<string, unknown>;
      try {
        input = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        return jsonError(
          reply,
          new AwsJsonError(
            400,
            'SerializationException',
            'Start of structure or map found where not expected.',
            ns,
          ),
        );
      }
      try {
        const result =
          target === 'SWBExternalService.ListInstances' && faults.faults.noInstance
            ? { Instances: [] }
            : operation.handle({
                org,
                input,
                shortPages: Boolean(faults.faults.shortPages),
                userStatus: !faults.faults.omitUserStatus,
              });
        reply.json(200, JSON.stringify(result));
      } catch (error) {
        if (error instanceof AwsJsonError) return jsonError(reply, error);
        console.error('aws simulator: unexpected error', error);
        jsonError(reply, awsErrors.internal(ns));
      }
    });
  };

  const server = await startTlsServer(handle, { port: options.port, replies });
  origin = server.origin;
  return {
    url: server.origin,
    caPem: server.caPem,
    region: 'eu-west-1',
    accessKeyId,
    secretAccessKey,
    sessionToken,
    principalArn,
    org,
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    setFaults: (next) => faults.set(next),
    close: () => server.close(),
  };
}
