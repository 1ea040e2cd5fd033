// How the GitHub simulator writes responses: after the configured latency, with the headers GitHub puts on
// its API responses, and never to a socket that closed in the meantime.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { GitHubHttpError } from './errors.ts';

type Headers = Record<string, string | string[]>;

export class ReplyScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  reply(res: ServerResponse, delayMs: number): Reply {
    return new Reply(res, delayMs, this);
  }

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

/** GitHub request ids look like `D24F:221686:28BC1:9F91F:69D56197`. */
function newRequestId(): string {
  const hex = randomBytes(14).toString('hex').toUpperCase();
  return `${hex.slice(0, 4)}:${hex.slice(4, 10)}:${hex.slice(10, 15)}:${hex.slice(15, 20)}:${hex.slice(20, 28)}`;
}

export class Reply {
  readonly requestId = newRequestId();

  constructor(
    private readonly res: ServerResponse,
    private readonly delayMs: number,
    private readonly scheduler: ReplyScheduler,
  ) {}

  json(status: number, body: string, headers: Headers = {}): void {
    this.write(status, body, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'private, max-age=60, s-maxage=60',
      vary: 'Accept, Authorization, Cookie, X-GitHub-OTP,Accept-Encoding, Accept, X-Requested-With',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'deny',
      'x-github-request-id': this.requestId,
      ...headers,
    });
  }

  error(error: GitHubHttpError, headers: Headers = {}): void {
    this.json(error.status, JSON.stringify(error.body()), { ...headers, ...error.headers });
  }

  /** HTML from the edge in front of the API (503 unicorn pages): none of the API's headers. */
  html(status: number, body: string): void {
    this.write(status, body, {
      'content-type': 'text/html; charset=utf-8',
      'x-github-request-id': this.requestId,
    });
  }

  private write(status: number, body: string, headers: Headers): void {
    this.scheduler.schedule(this.delayMs, () => {
      if (this.res.destroyed || this.res.writableEnded) return;
      this.res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
      this.res.end(body);
    });
  }
}
