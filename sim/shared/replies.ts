// How every simulator writes responses: after the configured latency, with the provider's standard
// headers, and never to a socket that closed in the meantime. A simulator gives `ReplyScheduler` its
// header conventions (request id, content type, cache headers) once; routes then only choose a body.
import type { ServerResponse } from 'node:http';

export type Headers = Record<string, string | string[]>;

export interface ReplyConventions {
  /** A fresh request id per response (`x-okta-request-id`, `x-github-request-id`, `request-id`...). */
  newRequestId(): string;
  /** Headers of the provider's JSON responses, given this response's request id. */
  jsonHeaders(requestId: string): Headers;
  /** Headers of HTML pages (an edge proxy's 5xx, another web server's 404). Default: content type only. */
  htmlHeaders?(requestId: string): Headers;
}

export class ReplyScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly conventions: ReplyConventions) {}

  reply(res: ServerResponse, delayMs: number): Reply {
    return new Reply(res, delayMs, this, this.conventions);
  }

  /** Runs `write` after `delayMs`, unless `cancelAll` comes first. */
  schedule(delayMs: number, write: () => void): void {
    if (delayMs <= 0) return write();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      write();
    }, delayMs);
    this.timers.add(timer);
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** Anything a simulator throws to answer with an error body: its status, body and extra headers. */
export interface ErrorReply {
  status: number;
  body(): unknown;
  headers?: Headers;
  /** Default `application/json`; `application/problem+json` for RFC 9457 providers. */
  contentType?: string;
}

/** A body the routes already serialized; the server writes it as is. */
export class RawJson {
  constructor(readonly text: string) {}
}

export function serializeBody(body: unknown): string {
  return body instanceof RawJson ? body.text : JSON.stringify(body);
}

export class Reply {
  readonly requestId: string;

  constructor(
    private readonly res: ServerResponse,
    private readonly delayMs: number,
    private readonly scheduler: ReplyScheduler,
    private readonly conventions: ReplyConventions,
  ) {
    this.requestId = conventions.newRequestId();
  }

  /** A JSON body (a string already serialized, a `RawJson`, or a value to stringify). */
  json(status: number, body: unknown, headers: Headers = {}): void {
    const text = typeof body === 'string' ? body : serializeBody(body);
    this.write(status, text, { ...this.conventions.jsonHeaders(this.requestId), ...headers });
  }

  /** The provider's error body; the error's own headers win over `headers`. */
  error(error: ErrorReply, headers: Headers = {}): void {
    const type: Headers = error.contentType ? { 'content-type': error.contentType } : {};
    this.json(error.status, JSON.stringify(error.body()), { ...headers, ...(error.headers ?? {}), ...type });
  }

  /** An RFC 9457 problem document (`application/problem+json`). */
  problem(
    status: number,
    problem: { type?: string; title: string; detail?: string; [key: string]: unknown },
    headers: Headers = {},
  ): void {
    this.json(status, JSON.stringify({ status, ...problem }), {
      ...headers,
      'content-type': 'application/problem+json',
    });
  }

  /** HTML from something that is not the provider's API (an edge proxy, another web server). */
  html(status: number, body: string): void {
    const headers = this.conventions.htmlHeaders?.(this.requestId) ?? {};
    this.write(status, body, { 'content-type': 'text/html', ...headers });
  }

  /** No body at all (204, 304, a HEAD). */
  empty(status: number, headers: Headers = {}): void {
    this.write(status, '', headers);
  }

  private write(status: number, body: string, headers: Headers): void {
    this.scheduler.schedule(this.delayMs, () => {
      if (this.res.destroyed || this.res.writableEnded) return;
      this.res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
      this.res.end(body);
    });
  }
}
