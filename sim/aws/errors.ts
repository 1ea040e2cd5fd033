// AWS errors in the two protocols the simulator speaks. JSON 1.1 (identitystore, sso-admin):
// `{"__type": "...#Code", "Message": "..."}` with `x-amzn-ErrorType`. Query (STS): an XML ErrorResponse.
// The codes, statuses and messages are the ones AWS sends for these failures.

export class AwsJsonError extends Error {
  readonly headers: Record<string, string>;
  readonly contentType = 'application/x-amz-json-1.1';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly namespace: string,
    extra: Record<string, string> = {},
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
    this.headers = { 'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/${namespace}/`, ...extra };
  }

  body(): Record<string, unknown> {
    return { __type: `${this.namespace}#${this.code}`, Message: this.message, ...this.fields };
  }
}

export type ServiceNamespace = 'com.amazonaws.identitystore' | 'com.amazonaws.swbexternalservice';

export const awsErrors = {
  unrecognizedClient: (ns: ServiceNamespace) =>
    new AwsJsonError(
      400,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      ns,
    ),
  invalidSignature: (ns: ServiceNamespace) =>
    new AwsJsonError(
      400,
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      ns,
    ),
  expiredToken: (ns: ServiceNamespace) =>
    new AwsJsonError(
      400,
      'ExpiredTokenException',
      'The security token included in the request is expired',
      ns,
    ),
  missingAuth: (ns: ServiceNamespace) =>
    new AwsJsonError(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token', ns),
  accessDenied: (ns: ServiceNamespace, principalArn: string, action: string, resource: string) =>
    new AwsJsonError(
      400,
      'AccessDeniedException',
      `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
      ns,
    ),
  throttling: (ns: ServiceNamespace, retryAfterSeconds: number) =>
    new AwsJsonError(429, 'ThrottlingException', 'Rate exceeded', ns, {
      'retry-after': String(retryAfterSeconds),
    }),
  validation: (ns: ServiceNamespace, message: string) =>
    new AwsJsonError(400, 'ValidationException', message, ns),
  resourceNotFound: (ns: ServiceNamespace, message: string, resourceType: string) =>
    new AwsJsonError(400, 'ResourceNotFoundException', message, ns, {}, { ResourceType: resourceType }),
  unknownOperation: (ns: ServiceNamespace) => new AwsJsonError(400, 'UnknownOperationException', '', ns),
  internal: (ns: ServiceNamespace) =>
    new AwsJsonError(500, 'InternalServerException', 'An internal failure occurred.', ns),
};

/** STS (query protocol) errors: XML. */
export function stsErrorXml(code: string, message: string, requestId: string): string {
  return (
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n    <Type>Sender</Type>\n' +
    `    <Code>${code}</Code>\n    <Message>${message}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`
  );
}
