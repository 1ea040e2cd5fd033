// A thin GitLab REST v4 client over undici with the source's dispatcher (custom CA, HTTPS_PROXY). We do
// not use @gitbeaker/rest: its requester does hand an `agent` to fetch as `dispatcher` (so CA and proxy
// can be carried), but it retries 429 and 502 itself up to ten times after 0.25 ms to 128 ms, ignoring
// Retry-After and RateLimit-Reset, buffers every page of a listing before returning, and reports counts
// only through its own pagination wrapper. Here: Retry-After / RateLimit-Reset honoured (backoff when a
// 429 carries neither, gitlab-org/gitlab#365728), 5xx and dropped connections retried with backoff,
// pages streamed and counted for provenance, totals read from X-Total where GitLab sends it.
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import { vouchVersion } from '../../version.ts';
import { sleep } from '../concurrency.ts';
import { proxyFromEnvironment } from '../http-agent.ts';
import { createUndiciDispatcher, retryableNetworkError } from '../undici-dispatcher.ts';
import { datasetPageCounter } from '../page-counter.ts';
import type { ConnectorContext } from '../types.ts';
import type { GitLabTarget } from './gitlab-config.ts';

export interface GitLabPolicy {
  retries: number;
  retryBaseMs: number;
  /** 429s tolerated for one request before it is reported as rate limited. */
  maxRateLimitWaits: number;
  /** A reset further away than this is reported at once instead of waited out. */
  maxRateLimitWaitSeconds: number;
  requestTimeoutMs: number;
  /** Requests in flight at once (member lists of many projects). */
  concurrency: number;
}

export const syncPolicy: GitLabPolicy = {
  retries: 4,
  retryBaseMs: 500,
  maxRateLimitWaits: 8,
  // GitLab's windows are a minute (gitlab.com) or what the admin set; a sync waits out a few.
  maxRateLimitWaitSeconds: 180,
  requestTimeoutMs: 60_000,
  concurrency: 4,
};

export const testPolicy: GitLabPolicy = {
  retries: 1,
  retryBaseMs: 250,
  maxRateLimitWaits: 1,
  maxRateLimitWaitSeconds: 5,
  requestTimeoutMs: 15_000,
  concurrency: 2,
};

/** GitLab answered with an error status; `body` is its JSON (or text), never containing our token. */
export class GitLabApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly body: unknown,
    readonly headers: Headers,
  ) {
    super(`GitLab answered ${status} to GET ${path}: ${describeBody(body)}`);
  }
}

/** A Link header pointing at another origin: refused, the token would go along. */
export class ForeignOriginError extends Error {}

function describeBody(body: unknown): string {
  if (typeof body === 'string') return body.trim().slice(0, 200) || '(empty body)';
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const text = [b.message, b.error, b.error_description].filter((v) => typeof v === 'string').join(': ');
    return text || JSON.stringify(body).slice(0, 200);
  }
  return String(body);
}

export interface Page {
  items: unknown[];
  /** X-Total of the listing (first page), null when GitLab omitted it (past 10,000 rows, or keyset). */
  total: number | null;
}

export class GitLabClient {
  private readonly dispatcher: Dispatcher;
  private readonly origin: string;

  constructor(
    readonly target: GitLabTarget,
    private readonly token: string,
    readonly policy: GitLabPolicy,
    private readonly signal: AbortSignal,
    caPem: string | null,
    proxyUrl: string | null,
  ) {
    this.dispatcher = createUndiciDispatcher(
      caPem,
      proxyUrl ?? proxyFromEnvironment(target.host),
      policy.requestTimeoutMs,
    );
    this.origin = new URL(target.apiUrl).origin;
  }

  static open(ctx: ConnectorContext, target: GitLabTarget, policy: GitLabPolicy): GitLabClient {
    return new GitLabClient(target, ctx.secrets.token ?? '', policy, ctx.signal, ctx.caPem, ctx.proxyUrl);
  }

  url(path: string, query: Record<string, string> = {}): string {
    const url = new URL(`${this.target.apiUrl}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url.toString();
  }

  /** One GET with retries and rate-limit waits; resolves with the parsed body and the headers. */
  async request(url: string): Promise<{ body: unknown; headers: Headers }> {
    if (new URL(url).origin !== this.origin) {
      throw new ForeignOriginError(`GitLab pointed a request at ${new URL(url).origin}, not ${this.origin}.`);
    }
    const path = new URL(url).pathname.replace(/^.*\/api\/v4/, '');
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
            'private-token': this.token,
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
      const type = response.headers.get('content-type') ?? '';
      let body: unknown = text;
      if (type.includes('json')) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      if (response.ok) {
        const counter = datasetPageCounter.getStore();
        if (counter) counter.pages++;
        return { body, headers: response.headers as unknown as Headers };
      }
      const headers = response.headers as unknown as Headers;
      if (response.status === 429) {
        const waitSeconds = this.retryAfterSeconds(headers, waits);
        if (waits < this.policy.maxRateLimitWaits && waitSeconds <= this.policy.maxRateLimitWaitSeconds) {
          waits++;
          await sleep(waitSeconds * 1000, this.signal);
          continue;
        }
      } else if (response.status >= 500 && failures < this.policy.retries) {
        failures++;
        await sleep(this.policy.retryBaseMs * failures * failures, this.signal);
        continue;
      }
      throw new GitLabApiError(response.status, path, body, headers);
    }
  }

  /** Retry-After, else RateLimit-Reset, else exponential backoff (a 429 may carry neither). */
  private retryAfterSeconds(headers: Headers, waits: number): number {
    const retryAfter = Number(headers.get('retry-after'));
    if (headers.get('retry-after') !== null && Number.isFinite(retryAfter)) return Math.max(1, retryAfter);
    const reset = Number(headers.get('ratelimit-reset'));
    if (headers.get('ratelimit-reset') !== null && Number.isFinite(reset))
      return Math.max(1, Math.ceil(reset - Date.now() / 1000));
    return Math.min(60, 2 ** waits);
  }

  async get(path: string, query: Record<string, string> = {}): Promise<unknown> {
    return (await this.request(this.url(path, query))).body;
  }

  /**
   * Every page of a listing, following `Link: rel="next"` (or `X-Next-Page`). The total is the first
   * page's `X-Total`, null when GitLab left it out.
   */
  async *pages(path: string, query: Record<string, string> = {}): AsyncGenerator<Page> {
    let url: string | null = this.url(path, { per_page: '100', ...query });
    let total: number | null | undefined;
    while (url) {
      const { body, headers } = await this.request(url);
      if (!Array.isArray(body)) throw new GitLabApiError(200, path, 'expected a JSON array', headers);
      if (total === undefined) {
        const raw = headers.get('x-total');
        total = raw !== null && raw !== '' && Number.isInteger(Number(raw)) ? Number(raw) : null;
      }
      yield { items: body, total };
      url = nextUrl(url, headers);
    }
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}

function nextUrl(current: string, headers: Headers): string | null {
  const link = headers.get('link') ?? '';
  for (const match of link.matchAll(/<([^>]*)>\s*;\s*rel="([^"]+)"/g)) {
    if (match[2] === 'next') return match[1] as string;
  }
  const nextPage = headers.get('x-next-page');
  if (nextPage) {
    const url = new URL(current);
    url.searchParams.set('page', nextPage);
    return url.toString();
  }
  return null;
}
