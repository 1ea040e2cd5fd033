// The Okta SDK's transport, replaced: our HTTPS agent (custom CA, proxy), pacing per rate-limit bucket,
// retries of 429s, 5xx and dropped connections with backoff, and a page count per dataset for provenance.
import type https from 'node:https';
import { createRequire } from 'node:module';
import type { RequestOptions } from '@okta/okta-sdk-nodejs/src/types/request-options.d.ts';
import type { RequestExecutor as SdkRequestExecutor } from '@okta/okta-sdk-nodejs/src/types/request-executor.d.ts';
import { sleep } from '../concurrency.ts';
import { datasetPageCounter } from '../page-counter.ts';
import type { OktaRateLimiter } from './okta-rate-limiter.ts';
import { oktaRateLimitBucket, readRateLimitHeaders } from './okta-rate-limiter.ts';
import { isOnOrgOrigin, OffOriginNextLinkError } from './okta-raw-pages.ts';

export interface RetryPolicy {
  /** Attempts for one request on 5xx or a dropped connection. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** 429s tolerated for one request before it is reported as rate limited. */
  maxRateLimitWaits: number;
  /** A 429 whose reset is further away than this is reported at once instead of waited out. */
  maxRateLimitWaitMs: number;
  requestTimeoutMs: number;
}

export const syncRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  maxRateLimitWaits: 10,
  maxRateLimitWaitMs: 120_000,
  requestTimeoutMs: 60_000,
};

/** Connection tests answer within seconds: fewer retries, shorter waits. */
export const testRetryPolicy: RetryPolicy = {
  maxAttempts: 2,
  baseDelayMs: 250,
  maxDelayMs: 1_000,
  maxRateLimitWaits: 1,
  maxRateLimitWaitMs: 5_000,
  requestTimeoutMs: 15_000,
};

const transientNetworkCodes = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

/** The fields of the SDK's node-fetch request this transport reads or sets. */
interface SdkRequest {
  url?: string;
  method?: string;
  agent?: unknown;
  timeout?: number;
}

interface FetchLikeResponse {
  status: number;
  statusText?: string;
  url?: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

// The SDK consumes node-fetch Responses; a buffered body is handed back in the same class it expects.
// Resolved next to the SDK's entry (src/index.js) without loading it: the entry loads every generated API
// and model (~1.7 s of CPU), which a sync, reading raw pages through the SDK's Http, does not need.
const sdkRequire = createRequire(createRequire(import.meta.url).resolve('@okta/okta-sdk-nodejs'));
const RequestExecutor = sdkRequire('./request-executor.js') as typeof SdkRequestExecutor;
const { Response: NodeFetchResponse } = sdkRequire('node-fetch') as {
  Response: new (
    body: Buffer,
    init: { status: number; statusText?: string; url?: string; headers: unknown },
  ) => FetchLikeResponse;
};

function replayResponse(original: FetchLikeResponse, body: Buffer): FetchLikeResponse {
  return new NodeFetchResponse(body, {
    status: original.status,
    statusText: original.statusText,
    url: original.url,
    headers: original.headers,
  });
}

function isTransientNetworkError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, type, message } = error as { code?: string; type?: string; message?: string };
  return (
    (code !== undefined && transientNetworkCodes.has(code)) ||
    type === 'request-timeout' ||
    /socket hang up|other side closed/i.test(message ?? '')
  );
}

export class OktaRequestExecutor extends RequestExecutor {
  constructor(
    private readonly agent: https.Agent,
    private readonly limiter: OktaRateLimiter,
    private readonly policy: RetryPolicy,
    private readonly signal: AbortSignal,
    private readonly orgUrl: string,
  ) {
    super();
  }

  override async fetch(options: RequestOptions) {
    const request = options as SdkRequest;
    // The SDK's collections follow any `next` link they are given, token attached; only the org is asked.
    if (!isOnOrgOrigin(this.orgUrl, request.url ?? '')) {
      throw new OffOriginNextLinkError(this.orgUrl, request.url ?? '');
    }
    const url = new URL(request.url ?? '');
    const bucket = oktaRateLimitBucket(request.method ?? 'GET', url.pathname);
    // Ours replaces the SDK's own agent, which would ignore the custom CA.
    request.agent = this.agent;
    request.timeout = this.policy.requestTimeoutMs;
    let failures = 0;
    let rateLimitWaits = 0;
    for (;;) {
      await this.limiter.acquire(bucket, this.signal);
      let response: FetchLikeResponse;
      try {
        response = (await super.fetch(options)) as FetchLikeResponse;
      } catch (error) {
        this.limiter.release(bucket, null);
        if (this.signal.aborted) throw this.signal.reason;
        if (!isTransientNetworkError(error) || ++failures >= this.policy.maxAttempts) throw error;
        await sleep(this.backoffMs(failures), this.signal);
        continue;
      }
      const headers = readRateLimitHeaders((name) => response.headers.get(name));
      // The slot is held until the body has arrived: Okta counts a request in flight until then.
      let buffered: Buffer;
      try {
        buffered = await (response as unknown as { buffer(): Promise<Buffer> }).buffer();
      } catch (error) {
        this.limiter.release(bucket, null);
        if (this.signal.aborted) throw this.signal.reason;
        if (!isTransientNetworkError(error) || ++failures >= this.policy.maxAttempts) throw error;
        await sleep(this.backoffMs(failures), this.signal);
        continue;
      }
      this.limiter.release(bucket, headers);
      response = replayResponse(response, buffered);
      if (response.status === 429) {
        // No headers, limit 0, or room left in the bucket: the org's concurrency limit, not the bucket's.
        const concurrency = !headers || headers.limit === 0 || headers.remaining > 0;
        const waitMs = concurrency || !headers ? 0 : headers.resetEpochSeconds * 1000 - Date.now();
        if (++rateLimitWaits > this.policy.maxRateLimitWaits || waitMs > this.policy.maxRateLimitWaitMs) {
          return response as never;
        }
        if (concurrency) await sleep(this.backoffMs(rateLimitWaits), this.signal);
        else this.limiter.exhausted(bucket, headers);
        continue;
      }
      if (response.status >= 500 && response.status !== 501 && ++failures < this.policy.maxAttempts) {
        await sleep(this.backoffMs(failures), this.signal);
        continue;
      }
      if (response.status >= 200 && response.status < 300) {
        const counter = datasetPageCounter.getStore();
        if (counter) counter.pages++;
      }
      return response as never;
    }
  }

  private backoffMs(failures: number): number {
    const exponential = this.policy.baseDelayMs * 2 ** (failures - 1);
    const jitter = 0.8 + Math.random() * 0.4;
    return Math.min(this.policy.maxDelayMs, exponential * jitter);
  }
}
