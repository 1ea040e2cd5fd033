// A thin Jira Cloud REST v3 client over undici with the source's dispatcher (custom CA, HTTPS_PROXY). We
// do not use jira.js: its v6 client calls the global fetch with no way to pass a dispatcher, so honouring
// our CA and proxy would need undici's process-wide `setGlobalDispatcher`, which every other source
// would then inherit. Here: HTTP Basic (email:API token), 429 waited out per Retry-After (else
// X-RateLimit-Reset, else backoff), 5xx and dropped connections retried, pages counted for provenance,
// PageBean totals read, and `maxResults` read back because Jira caps it below what was asked.
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import { vouchVersion } from '../../version.ts';
import { sleep } from '../concurrency.ts';
import { proxyFromEnvironment } from '../http-agent.ts';
import { datasetPageCounter } from '../page-counter.ts';
import type { ConnectorContext } from '../types.ts';
import { createUndiciDispatcher, retryableNetworkError } from '../undici-dispatcher.ts';
import type { JiraTarget } from './jira-config.ts';

export interface JiraPolicy {
  retries: number;
  retryBaseMs: number;
  maxRateLimitWaits: number;
  maxRateLimitWaitSeconds: number;
  requestTimeoutMs: number;
  concurrency: number;
}

export const syncPolicy: JiraPolicy = {
  retries: 4,
  retryBaseMs: 500,
  maxRateLimitWaits: 8,
  maxRateLimitWaitSeconds: 120,
  requestTimeoutMs: 60_000,
  concurrency: 4,
};

export const testPolicy: JiraPolicy = {
  retries: 1,
  retryBaseMs: 250,
  maxRateLimitWaits: 1,
  maxRateLimitWaitSeconds: 5,
  requestTimeoutMs: 15_000,
  concurrency: 2,
};

export class JiraApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly body: unknown,
    readonly headers: Headers,
  ) {
    super(`Jira answered ${status} to GET ${path}: ${describe(body)}`);
  }
}

export function describe(body: unknown): string {
  if (typeof body === 'string') return body.trim().slice(0, 200) || '(empty body)';
  const messages = (body as { errorMessages?: unknown } | null)?.errorMessages;
  if (Array.isArray(messages) && messages.length > 0) return messages.join(' ');
  return JSON.stringify(body).slice(0, 200);
}

export interface PageBean {
  values: unknown[];
  total: number | null;
}

export class JiraClient {
  private readonly dispatcher: Dispatcher;
  private readonly authorization: string;

  constructor(
    readonly target: JiraTarget,
    token: string,
    readonly policy: JiraPolicy,
    private readonly signal: AbortSignal,
    caPem: string | null,
    proxyUrl: string | null,
  ) {
    this.dispatcher = createUndiciDispatcher(
      caPem,
      proxyUrl ?? proxyFromEnvironment(target.host),
      policy.requestTimeoutMs,
    );
    this.authorization = `Basic ${Buffer.from(`${target.email}:${token}`).toString('base64')}`;
  }

  static open(ctx: ConnectorContext, target: JiraTarget, policy: JiraPolicy): JiraClient {
    return new JiraClient(target, ctx.secrets.token ?? '', policy, ctx.signal, ctx.caPem, ctx.proxyUrl);
  }

  async get(path: string, query: Record<string, string> = {}): Promise<unknown> {
    const url = new URL(`${this.target.apiUrl}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    let failures = 0;
    let waits = 0;
    for (;;) {
      // One signal per request, released when it ends: undici only drops its listener on a caller's signal
      // when the request is garbage collected, so one long-lived signal would collect thousands of them.
      const request = new AbortController();
      const abort = () => request.abort(this.signal.reason);
      if (this.signal.aborted) abort();
      this.signal.addEventListener('abort', abort, { once: true });
      let response: Awaited<ReturnType<typeof undiciFetch>>;
      try {
        response = await undiciFetch(url, {
          headers: {
            authorization: this.authorization,
            accept: 'application/json',
            'user-agent': `vouch/${vouchVersion}`,
          },
          dispatcher: this.dispatcher,
          signal: request.signal,
        });
      } catch (error) {
        this.signal.removeEventListener('abort', abort);
        if (retryableNetworkError(error) && failures < this.policy.retries && !this.signal.aborted) {
          failures++;
          await sleep(this.policy.retryBaseMs * failures * failures, this.signal);
          continue;
        }
        throw error;
      }
      let text: string;
      try {
        text = await response.text();
      } finally {
        this.signal.removeEventListener('abort', abort);
      }
      let body: unknown = text;
      if ((response.headers.get('content-type') ?? '').includes('json')) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const headers = response.headers as unknown as Headers;
      if (response.ok) {
        const counter = datasetPageCounter.getStore();
        if (counter) counter.pages++;
        return body;
      }
      if (response.status === 429 || (response.status === 503 && headers.get('retry-after') !== null)) {
        const seconds = waitSeconds(headers, waits);
        if (waits < this.policy.maxRateLimitWaits && seconds <= this.policy.maxRateLimitWaitSeconds) {
          waits++;
          await sleep(seconds * 1000, this.signal);
          continue;
        }
      } else if (response.status >= 500 && failures < this.policy.retries) {
        failures++;
        await sleep(this.policy.retryBaseMs * failures * failures, this.signal);
        continue;
      }
      throw new JiraApiError(response.status, path, body, headers);
    }
  }

  /** Every page of a PageBean listing, advancing by what each page returned; total from the first page. */
  async *pageBean(path: string, query: Record<string, string> = {}): AsyncGenerator<PageBean> {
    let startAt = 0;
    let total: number | null | undefined;
    for (;;) {
      const page = (await this.get(path, { ...query, startAt: String(startAt), maxResults: '100' })) as {
        values?: unknown;
        total?: unknown;
        isLast?: unknown;
      };
      if (!page || !Array.isArray(page.values))
        throw new JiraApiError(200, path, 'expected a page of values', new Headers());
      if (total === undefined) total = typeof page.total === 'number' ? page.total : null;
      yield { values: page.values, total };
      startAt += page.values.length;
      if (page.isLast === true || page.values.length === 0) return;
    }
  }

  /** `users/search` answers a bare array, sometimes shorter than asked while more follow: stop on an empty page. */
  async *userPages(): AsyncGenerator<unknown[]> {
    let startAt = 0;
    for (;;) {
      const page = await this.get('/users/search', { startAt: String(startAt), maxResults: '1000' });
      if (!Array.isArray(page))
        throw new JiraApiError(200, '/users/search', 'expected an array of users', new Headers());
      if (page.length === 0) return;
      yield page;
      startAt += page.length;
    }
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}

function waitSeconds(headers: Headers, waits: number): number {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && Number.isFinite(Number(retryAfter))) return Math.max(1, Number(retryAfter));
  const reset = Date.parse(headers.get('x-ratelimit-reset') ?? '');
  if (Number.isFinite(reset)) return Math.max(1, Math.ceil((reset - Date.now()) / 1000));
  return Math.min(60, 2 ** waits);
}
