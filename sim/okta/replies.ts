// How the Okta simulator writes responses: after the configured latency, with the headers Okta puts on
// its JSON responses, and never to a socket that closed in the meantime.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { OktaHttpError } from './errors.ts';

type Headers = Record<string, string | string[]>;

export class ReplyScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  reply(res: ServerResponse, delayMs: number): Reply {
    return new Reply(res, delayMs, this);
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

export class Reply {
  /** Okta request ids look like `XkV2sA0xSJ9eLsgQVdBtLAAABtY`. */
  readonly requestId = randomBytes(20).toString('base64url');

  constructor(
    private readonly res: ServerResponse,
    private readonly delayMs: number,
    private readonly scheduler: ReplyScheduler,
  ) {}

  json(status: number, body: string, headers: Headers = {}): void {
    this.write(status, body, {
      'content-type': 'application/json',
      'x-okta-request-id': this.requestId,
      'cache-control': 'no-cache, no-store',
      pragma: 'no-cache',
      expires: '0',
      ...headers,
    });
  }

  error(error: OktaHttpError, headers: Headers = {}): void {
    this.json(error.status, JSON.stringify(error.body()), headers);
  }

  /** HTML from something that is not Okta's API (an edge proxy, another web server): no Okta headers. */
  html(status: number, body: string): void {
    this.write(status, body, { 'content-type': 'text/html' });
  }

  private write(status: number, body: string, headers: Headers): void {
    this.scheduler.schedule(this.delayMs, () => {
      if (this.res.destroyed || this.res.writableEnded) return;
      this.res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
      this.res.end(body);
    });
  }
}
