// A raw HTTP client for `vouch serve` tests: full control over Host, Origin and cookies (fetch forbids some),
// a record of every response body (to grep for secrets), and a Server-Sent Events reader. It connects to
// 127.0.0.1 and names the server's private host (`vouch-<random>.localhost:PORT`) in Host and Origin, as a
// browser does after resolving that name to loopback.
import { request, type IncomingHttpHeaders } from 'node:http';
import type { ApiEvent } from '../../src-shared/api.ts';

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function httpRequest(port: number, path: string, options: HttpOptions = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export class ServeClient {
  /** Every response body this client has seen, for leak checks. */
  readonly transcripts: string[] = [];
  cookie = '';

  constructor(
    readonly port: number,
    readonly token: string,
    /** The server's `hostName` (RunningServer.hostName). */
    readonly hostName: string,
  ) {}

  static of(server: { port: number; token: string; hostName: string }): ServeClient {
    return new ServeClient(server.port, server.token, server.hostName);
  }

  /** `vouch-<random>.localhost:PORT`, what the browser puts in Host. */
  get host(): string {
    return `${this.hostName}:${this.port}`;
  }

  get origin(): string {
    return `http://${this.host}`;
  }

  async raw(path: string, options: HttpOptions = {}): Promise<HttpReply> {
    const reply = await httpRequest(this.port, path, {
      ...options,
      headers: { host: this.host, cookie: this.cookie, ...options.headers },
    });
    this.transcripts.push(reply.text);
    return reply;
  }

  /** Opens the printed URL: trades the token for the session cookie. */
  async signIn(): Promise<HttpReply> {
    const reply = await httpRequest(this.port, `/?token=${this.token}`, { headers: { host: this.host } });
    const setCookie = reply.headers['set-cookie']?.[0] ?? '';
    this.cookie = setCookie.split(';')[0] ?? '';
    return reply;
  }

  async callRaw(method: string, input: unknown): Promise<HttpReply> {
    return this.raw(`/api/call/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.origin, 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify(input),
    });
  }

  /** The value of a successful call; throws with the error otherwise. */
  async call<T = unknown>(method: string, input: unknown = {}): Promise<T> {
    const reply = await this.callRaw(method, input);
    const parsed = JSON.parse(reply.text) as { ok: boolean; value?: T; error?: unknown };
    if (reply.status !== 200 || !parsed.ok) {
      throw new Error(`${method} failed with ${reply.status}: ${reply.text}`);
    }
    return parsed.value as T;
  }

  events(): EventReader {
    return new EventReader(this);
  }
}

/** Reads /api/events and keeps every event; waitFor() resolves when one matches. */
export class EventReader {
  readonly events: ApiEvent[] = [];
  readonly raw: string[] = [];
  status = 0;
  readonly ready: Promise<void>;
  #waiters: { match: (e: ApiEvent) => boolean; resolve: (e: ApiEvent) => void }[] = [];
  #close: () => void = () => {};

  constructor(client: ServeClient) {
    this.ready = new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: client.port,
          path: '/api/events',
          headers: {
            host: client.host,
            cookie: client.cookie,
            accept: 'text/event-stream',
            'sec-fetch-site': 'same-origin',
          },
        },
        (res) => {
          this.status = res.statusCode ?? 0;
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            this.raw.push(chunk);
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = block
                .split('\n')
                .filter((line) => line.startsWith('data: '))
                .map((line) => line.slice(6))
                .join('\n');
              if (data) this.#receive(JSON.parse(data) as ApiEvent);
            }
          });
          res.on('error', () => {});
          resolve();
        },
      );
      req.on('error', reject);
      req.end();
      this.#close = () => req.destroy();
    });
  }

  #receive(event: ApiEvent): void {
    this.events.push(event);
    for (const waiter of [...this.#waiters]) {
      if (waiter.match(event)) {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        waiter.resolve(event);
      }
    }
  }

  waitFor(match: (event: ApiEvent) => boolean, timeoutMs = 30_000): Promise<ApiEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching event within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.#waiters.push({
        match,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      });
    });
  }

  close(): void {
    this.#close();
  }
}
