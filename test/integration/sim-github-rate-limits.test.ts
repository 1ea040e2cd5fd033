// GitHub's rate limits as the simulator models them: per-user hourly budgets with the five x-ratelimit
// headers, 403 (or 429) once spent until the reset, GraphQL points, and the secondary limits.
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubSimulator } from '../../sim/github/index.ts';
import type { GitHubSimOptions, GitHubSimulator } from '../../sim/github/index.ts';
import { simClient } from '../../sim/github/test-client.ts';
import type { SimClient, SimResponse } from '../../sim/github/test-client.ts';

let sim: GitHubSimulator | undefined;
let client: SimClient | undefined;

async function start(options: GitHubSimOptions): Promise<{ sim: GitHubSimulator; client: SimClient }> {
  sim = await startGitHubSimulator({ members: 20, ...options });
  client = simClient(sim);
  return { sim, client };
}

afterEach(async () => {
  await client?.close();
  await sim?.close();
  sim = client = undefined;
});

const headers = (response: SimResponse) => ({
  limit: response.headers.get('x-ratelimit-limit'),
  remaining: response.headers.get('x-ratelimit-remaining'),
  used: response.headers.get('x-ratelimit-used'),
  reset: response.headers.get('x-ratelimit-reset'),
  resource: response.headers.get('x-ratelimit-resource'),
});

describe('GitHub simulator primary rate limits', () => {
  it('counts per user from the first request; refuses with 403 until the reset; then starts again', async () => {
    let now = Date.UTC(2030, 0, 1, 12, 0, 0, 250);
    const { sim, client } = await start({
      clock: () => now,
      rateLimits: { core: 3 },
      tokens: { sameUser: { scopes: ['repo'] }, member: { owner: 'member', scopes: ['read:org'] } },
    });
    const reset = String(Date.UTC(2030, 0, 1, 13, 0, 1) / 1000);
    const path = `/orgs/${sim.orgLogin}`;
    expect(headers(await client.get(path))).toEqual({
      limit: '3',
      remaining: '2',
      used: '1',
      reset,
      resource: 'core',
    });
    // All of a user's tokens share one budget; GET /rate_limit does not count.
    expect(headers(await client.get(path, { token: sim.tokens.sameUser }))).toMatchObject({
      remaining: '1',
      used: '2',
    });
    expect((await client.get('/rate_limit')).json()).toMatchObject({
      resources: { core: { limit: 3, used: 2, remaining: 1 } },
    });
    expect(headers(await client.get(path))).toMatchObject({ remaining: '0', used: '3' });
    const limited = await client.get(path);
    expect(limited.status).toBe(403);
    expect(headers(limited)).toEqual({ limit: '3', remaining: '0', used: '3', reset, resource: 'core' });
    expect(limited.json()).toMatchObject({
      message: expect.stringMatching(
        /^API rate limit exceeded for user ID \d+\. .* and timestamp 2030-01-01 12:00:00 UTC\.$/,
      ),
      status: '403',
    });
    // Another user has their own budget.
    expect(headers(await client.get(path, { token: sim.tokens.member }))).toMatchObject({ remaining: '2' });
    now = Number(reset) * 1000;
    expect(headers(await client.get(path))).toMatchObject({
      remaining: '2',
      used: '1',
      reset: String(Number(reset) + 3600),
    });
    expect(sim.stats()).toMatchObject({ primaryRateLimited: 1 });
  });

  it('can answer 429 instead, and gives anonymous callers 60 per hour', async () => {
    const { sim, client } = await start({ rateLimits: { core: 1 }, primaryRateLimitStatus: 429 });
    await client.get('/user');
    const limited = await client.get('/user');
    expect(limited.status).toBe(429);
    expect(limited.json()).toMatchObject({ status: '429' });
    const anonymous = await client.get(`/orgs/${sim.orgLogin}`, { token: null });
    expect(headers(anonymous)).toMatchObject({ limit: '60', remaining: '59' });
  });

  it('shrinks windows with timeScale: a client that waits for the reset gets through', async () => {
    const { client } = await start({ timeScale: 3600, rateLimits: { core: 2 } });
    await client.get('/user');
    await client.get('/user');
    let limited = await client.get('/user');
    if (limited.status === 200) limited = await client.get('/user'); // crossed a window boundary
    expect(limited.status).toBe(403);
    const reset = Number(limited.headers.get('x-ratelimit-reset'));
    expect(reset * 1000 - Date.now()).toBeLessThanOrEqual(2000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, reset * 1000 - Date.now()) + 20));
    expect((await client.get('/user')).status).toBe(200);
  });

  it('charges GraphQL points by query cost against its own budget, reported in rateLimit', async () => {
    const { sim, client } = await start({ rateLimits: { graphql: 3 } });
    const query = `query($org: String!) { organization(login: $org) { membersWithRole(first: 100) { nodes { login } } }
      rateLimit { cost limit remaining used nodeCount } }`;
    const first = await client.graphql(query, { org: sim.orgLogin });
    expect(headers(first)).toMatchObject({ limit: '3', remaining: '2', used: '1', resource: 'graphql' });
    expect(first.json()).toMatchObject({
      data: { rateLimit: { cost: 1, limit: 3, remaining: 2, used: 1, nodeCount: 100 } },
    });
    // REST has a separate budget.
    expect(headers(await client.get('/user'))).toMatchObject({ resource: 'core', used: '1' });
    await client.graphql(query, { org: sim.orgLogin });
    await client.graphql(query, { org: sim.orgLogin });
    const limited = await client.graphql(query, { org: sim.orgLogin });
    expect(limited.status).toBe(200);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.json()).toEqual({
      errors: [
        {
          type: 'RATE_LIMITED',
          message: `API rate limit already exceeded for user ID ${sim.org.ownerUserId}.`,
        },
      ],
    });
    expect(sim.stats().graphqlCost).toBe(3);
  });
});

describe('GitHub simulator secondary rate limits', () => {
  it('refuses requests above the concurrency limit with 403 and retry-after', async () => {
    const { sim, client } = await start({ concurrencyLimit: 3, latencyMs: 600 });
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => client.get(`/orgs/${sim.orgLogin}/members`)),
    );
    const limited = responses.filter((r) => r.status === 403);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(3);
    expect(limited).toHaveLength(3);
    for (const response of limited) {
      expect(response.headers.get('retry-after')).toBe('60');
      expect(response.json<{ message: string }>().message).toMatch(/secondary rate limit/);
    }
    expect(sim.stats()).toMatchObject({
      maxConcurrency: 3,
      concurrencyRejections: 3,
      secondaryRateLimited: 3,
    });
    expect((await client.get('/user')).status).toBe(200);
  });

  it('limits points per endpoint per minute; retry-after shrinks with timeScale; 429 on request', async () => {
    const { sim, client } = await start({
      restPointsPerMinute: 2,
      timeScale: 60,
      secondaryRateLimitStatus: 429,
    });
    const path = `/orgs/${sim.orgLogin}/members`;
    expect((await client.get(path)).status).toBe(200);
    expect((await client.get(`${path}?page=2`)).status).toBe(200);
    const limited = await client.get(path);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    // Another endpoint has its own points.
    expect((await client.get(`/orgs/${sim.orgLogin}/teams`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1050));
    expect((await client.get(path)).status).toBe(200);
  });

  it('rejects options that make no sense', async () => {
    await expect(startGitHubSimulator({ timeScale: 0 })).rejects.toThrow(/timeScale/);
    await expect(startGitHubSimulator({ rateLimits: { rest: 5 } as never })).rejects.toThrow(
      /unknown rate-limit resource/,
    );
    await expect(startGitHubSimulator({ concurrencyLimit: 0 })).rejects.toThrow(/concurrencyLimit/);
  });
});
