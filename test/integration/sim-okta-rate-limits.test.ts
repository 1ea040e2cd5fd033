// Okta's rate limiting as the simulator models it: per-bucket windows with exact X-Rate-Limit-Reset,
// 429 E0000047 when exhausted, the org-wide concurrency limit, and the statistics benchmarks read.
import { afterEach, describe, expect, it } from 'vitest';
import { startOktaSimulator } from '../../sim/okta/index.ts';
import type { OktaSimOptions, OktaSimulator } from '../../sim/okta/index.ts';
import { simClient } from '../../sim/okta/test-client.ts';
import type { SimClient } from '../../sim/okta/test-client.ts';

let sim: OktaSimulator | undefined;
let client: SimClient | undefined;

async function start(options: OktaSimOptions): Promise<{ sim: OktaSimulator; client: SimClient }> {
  sim = await startOktaSimulator({ users: 40, ...options });
  client = simClient(sim);
  return { sim, client };
}

afterEach(async () => {
  await client?.close();
  await sim?.close();
  sim = client = undefined;
});

const headers = (response: { headers: { get(name: string): string | null } }) => ({
  limit: response.headers.get('x-rate-limit-limit'),
  remaining: response.headers.get('x-rate-limit-remaining'),
  reset: response.headers.get('x-rate-limit-reset'),
});

describe('Okta simulator rate limits', () => {
  it('answers 429 E0000047 once a bucket is exhausted, until its window resets', async () => {
    const windowStart = Math.floor(Date.now() / 60_000) * 60_000;
    let now = windowStart + 1_000;
    const { sim, client } = await start({ rateLimits: { 'GET /api/v1/users': 3 }, clock: () => now });
    const reset = String(windowStart / 1000 + 60);
    for (const remaining of ['2', '1', '0']) {
      const response = await client.get('/api/v1/users?limit=5');
      expect(response.status).toBe(200);
      expect(headers(response)).toEqual({ limit: '3', remaining, reset });
    }
    const limited = await client.get('/api/v1/users?limit=5');
    expect(limited.status).toBe(429);
    expect(headers(limited)).toEqual({ limit: '3', remaining: '0', reset });
    expect(limited.json()).toMatchObject({
      errorCode: 'E0000047',
      errorSummary: 'API call exceeded rate limit due to too many requests.',
      errorLink: 'E0000047',
      errorCauses: [],
    });
    // Other buckets keep their own counters.
    const other = await client.get(`/api/v1/users/${sim.org.users[0]!.id}`);
    expect(headers(other)).toEqual({ limit: '2000', remaining: '1999', reset });

    now = windowStart + 60_000;
    const afterReset = await client.get('/api/v1/users?limit=5');
    expect(afterReset.status).toBe(200);
    expect(headers(afterReset)).toEqual({
      limit: '3',
      remaining: '2',
      reset: String(windowStart / 1000 + 120),
    });

    expect(sim.stats()).toMatchObject({
      tooManyRequests: 1,
      requestsWhileExhausted: 1,
      requestsByBucket: { 'GET /api/v1/users': 5, '/api/v1/users/{id}': 1 },
    });
    sim.resetStats();
    expect(sim.stats().requests).toBe(0);
  });

  it('shrinks windows with timeScale, and a client that waits for the reset gets through', async () => {
    const { sim, client } = await start({ timeScale: 60, rateLimits: { 'GET /api/v1/groups': 2 } });
    await client.get('/api/v1/groups');
    await client.get('/api/v1/groups');
    let limited = await client.get('/api/v1/groups');
    if (limited.status === 200) limited = await client.get('/api/v1/groups'); // crossed a window boundary
    expect(limited.status).toBe(429);
    const reset = Number(limited.headers.get('x-rate-limit-reset'));
    expect(Number.isInteger(reset)).toBe(true);
    expect(reset * 1000 - Date.now()).toBeLessThanOrEqual(1000);
    await new Promise((resolve) => setTimeout(resolve, reset * 1000 - Date.now() + 20));
    expect((await client.get('/api/v1/groups')).status).toBe(200);
    expect(sim.stats().requestsWhileExhausted).toBeGreaterThanOrEqual(1);
  });

  it('limits in-flight requests org-wide and reports the highest concurrency seen', async () => {
    const { sim, client } = await start({ concurrencyLimit: 3, latencyMs: 1000 });
    const responses = await Promise.all(Array.from({ length: 6 }, () => client.get('/api/v1/apps')));
    const limited = responses.filter((r) => r.status === 429);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(3);
    expect(limited).toHaveLength(3);
    for (const response of limited) {
      expect(response.json()).toMatchObject({ errorCode: 'E0000047' });
      // Okta's concurrency 429s report 0/0 rather than the bucket's counters.
      expect(headers(response)).toMatchObject({ limit: '0', remaining: '0' });
    }
    expect(sim.stats()).toMatchObject({
      maxConcurrency: 3,
      concurrencyRejections: 3,
      tooManyRequests: 3,
      requestsWhileExhausted: 0,
    });
  });

  it('rejects options that would make resets inexact', async () => {
    await expect(startOktaSimulator({ timeScale: 7 })).rejects.toThrow(/timeScale/);
    await expect(startOktaSimulator({ rateLimits: { users: 5 } })).rejects.toThrow(
      /unknown rate-limit bucket/,
    );
  });
});
