// Datadog's error responses: `{"errors": ["..."]}` (the client's APIErrorResponse). Authentication and
// authorization failures are both a bare 403 "Forbidden" that names nothing: a wrong API key, a wrong
// application key, a key of another site and a missing permission all look the same on the wire.

export class DatadogHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[],
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${errors.join('; ')}`);
  }

  body(): { errors: string[] } {
    return { errors: this.errors };
  }
}

export const datadogErrors = {
  forbidden: () => new DatadogHttpError(403, ['Forbidden']),
  notFound: () => new DatadogHttpError(404, ['Not found']),
  badRequest: (message: string) => new DatadogHttpError(400, [message]),
  methodNotAllowed: () => new DatadogHttpError(405, ['Method Not Allowed']),
  rateLimited: (limit: number, periodSeconds: number) =>
    new DatadogHttpError(429, [
      `Rate limit of ${limit} requests in ${periodSeconds} seconds reached. Please try again later.`,
    ]),
  internal: () => new DatadogHttpError(500, ['Internal Server Error']),
};
