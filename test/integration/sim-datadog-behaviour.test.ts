// The Datadog simulator's behaviour: paging and counts, status filters, keys and scoped keys, every
// common fault and Datadog's own, rate-limit headers, and the seeded generator.
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATADOG_PAGE,
  generateDatadogOrg,
  startDatadogSimulator,
  type DatadogSimulator,
} from '../../sim/datadog/index.ts';

let sim: DatadogSimulator;
let agent: Agent;

beforeAll(async () => {
  sim = await startDatadogSimulator({ users: 330, seed: 9, timeScale: 60, rateLimits: { roles: 3 } });
  agent = new Agent({ connect: { ca: sim.caPem } });
});

afterAll(async () => {
  await agent?.close();
  await sim?.close();
});

interface UsersBody {
  data: Array<{ id: string; attributes: { status: string; service_account: boolean } }>;
  meta: { page: { total_count: number; total_filtered_count: number } };
}

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${sim.url}${path}`, {
    dispatcher: agent,
    headers: { 'DD-API-KEY': sim.apiKey, 'DD-APPLICATION-KEY': sim.appKey, ...headers },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

describe('Datadog simulator: paging and counts', () => {
  it('pages users 100 at a time from page 0, with total_count on every page', async () => {
    const ids: string[] = [];
    for (let page = 0; ; page++) {
      const reply = await get(`/api/v2/users?page[size]=${DATADOG_PAGE.max}&page[number]=${page}`);
      const body = JSON.parse(reply.text) as UsersBody;
      expect(body.meta.page.total_count).toBe(sim.org.users.length);
      ids.push(...body.data.map((u) => u.id));
      if (body.data.length < DATADOG_PAGE.max) break;
    }
    expect(ids).toEqual(sim.org.users.map((u) => u.id));
    const defaultPage = JSON.parse((await get('/api/v2/users')).text) as UsersBody;
    expect(defaultPage.data).toHaveLength(DATADOG_PAGE.default);
    expect((await get('/api/v2/users?page[size]=101')).status).toBe(400);
  });

  it('lists disabled, pending and service accounts; filter[status] narrows total_filtered_count', async () => {
    const statuses = new Set(sim.org.users.map((u) => u.status));
    expect([...statuses].sort()).toEqual(['Active', 'Disabled', 'Pending']);
    expect(sim.org.users.some((u) => u.serviceAccount)).toBe(true);
    const body = JSON.parse(
      (await get('/api/v2/users?filter[status]=Disabled&page[size]=100')).text,
    ) as UsersBody;
    const disabled = sim.org.users.filter((u) => u.status === 'Disabled');
    expect(body.meta.page.total_filtered_count).toBe(disabled.length);
    expect(body.meta.page.total_count).toBe(sim.org.users.length);
    expect(body.data.every((u) => u.attributes.status === 'Disabled')).toBe(true);
    expect((await get('/api/v2/users?filter[status]=Gone')).status).toBe(400);
  });

  it('role user_count equals the users whose relationships name the role', async () => {
    const body = JSON.parse((await get('/api/v2/roles?page[size]=100')).text) as {
      data: Array<{ id: string; attributes: { user_count: number } }>;
    };
    for (const role of body.data) {
      const holders = sim.org.users.filter((u) => u.roleIds.includes(role.id)).length;
      expect(role.attributes.user_count).toBe(holders);
    }
  });
});

describe('Datadog simulator: keys and faults', () => {
  it('a wrong API key is a bare 403 everywhere; a wrong application key passes /api/v1/validate only', async () => {
    const wrongApi = await get('/api/v1/validate', { 'DD-API-KEY': 'f'.repeat(32) });
    expect([wrongApi.status, wrongApi.text]).toEqual([403, '{"errors":["Forbidden"]}']);
    expect((await get('/api/v1/validate', { 'DD-APPLICATION-KEY': 'nope' })).status).toBe(200);
    expect((await get('/api/v2/validate_keys', { 'DD-APPLICATION-KEY': 'nope' })).status).toBe(403);
    expect((await get('/api/v2/users', { 'DD-APPLICATION-KEY': 'nope' })).status).toBe(403);
  });

  it('a scoped application key without user_access_read gets a bare 403 on users and roles', async () => {
    sim.setAppKeyScopes(['dashboards_read']);
    try {
      expect((await get('/api/v2/validate_keys')).status).toBe(200);
      const users = await get('/api/v2/users');
      expect([users.status, users.text]).toEqual([403, '{"errors":["Forbidden"]}']);
      expect((await get('/api/v2/roles')).status).toBe(403);
    } finally {
      sim.setAppKeyScopes(null);
    }
  });

  it('answers every common fault and its own', async () => {
    sim.setFaults({ expiredToken: true });
    expect((await get('/api/v1/validate')).status).toBe(403);
    sim.setFaults({ otherSite: true });
    expect((await get('/api/v1/validate')).status).toBe(403);
    sim.setFaults({ revokedAppKey: true });
    expect((await get('/api/v1/validate')).status).toBe(200);
    expect((await get('/api/v2/validate_keys')).status).toBe(403);
    sim.setFaults({ forbiddenPaths: ['/api/v2/roles/*/users'] });
    expect((await get(`/api/v2/roles/${sim.org.roles[0]!.id}/users`)).status).toBe(403);
    expect((await get('/api/v2/users')).status).toBe(200);
    sim.setFaults({ wrongDomain: true });
    const html = await get('/api/v2/users');
    expect([html.status, html.headers.get('content-type')]).toEqual([404, 'text/html']);
    sim.setFaults({ serverErrors: { count: 2, status: 503 } });
    expect((await get('/api/v2/users')).status).toBe(503);
    expect((await get('/api/v2/users')).status).toBe(503);
    expect((await get('/api/v2/users')).status).toBe(200);
    sim.setFaults({ resetEvery: 2 });
    expect((await get('/api/v2/users')).status).toBe(200);
    await expect(get('/api/v2/users')).rejects.toThrow();
    sim.setFaults({ countSkew: 3 });
    const skewed = JSON.parse((await get('/api/v2/users')).text) as UsersBody;
    expect(skewed.meta.page.total_count).toBe(sim.org.users.length + 3);
    sim.setFaults({ rateLimitStorm: true });
    const storm = await get('/api/v2/users');
    expect(storm.status).toBe(429);
    expect(Number(storm.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    sim.setFaults({});
  });

  it('sends X-RateLimit-Limit/Period/Remaining/Reset/Name and a 429 when the period is spent', async () => {
    const seen: number[] = [];
    let limited: Awaited<ReturnType<typeof get>> | undefined;
    for (let i = 0; i < 5 && !limited; i++) {
      const reply = await get('/api/v2/roles');
      if (reply.status === 429) limited = reply;
      else seen.push(Number(reply.headers.get('x-ratelimit-remaining')));
      expect(reply.headers.get('x-ratelimit-limit')).toBe('3');
      expect(reply.headers.get('x-ratelimit-period')).toBe('1');
      expect(reply.headers.get('x-ratelimit-name')).toBe('roles_api');
    }
    // The one-second period may roll over mid-loop; remaining still only counts down within a period.
    expect(seen.length).toBeGreaterThan(0);
    if (limited) {
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(JSON.parse(limited.text)).toEqual({
        errors: [expect.stringContaining('Rate limit of 3 requests')],
      });
    }
  });
});

describe('Datadog org generator', () => {
  it('is deterministic by seed, with unique ids and emails and valid role references', () => {
    const a = generateDatadogOrg({ seed: 4, users: 500 });
    const b = generateDatadogOrg({ seed: 4, users: 500 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(generateDatadogOrg({ seed: 5, users: 500 }))).not.toBe(JSON.stringify(a));
    expect(new Set(a.users.map((u) => u.id)).size).toBe(a.users.length);
    expect(new Set(a.users.map((u) => u.email.toLowerCase())).size).toBe(a.users.length);
    const roleIds = new Set(a.roles.map((r) => r.id));
    expect(a.users.every((u) => u.roleIds.length > 0 && u.roleIds.every((id) => roleIds.has(id)))).toBe(true);
    expect(a.users.filter((u) => u.serviceAccount)).toHaveLength(10);
    expect(a.users.some((u) => /[^\p{ASCII}]/u.test(u.name))).toBe(true);
  });

  it('makes a 50k-user org', () => {
    const org = generateDatadogOrg({ seed: 1, users: 50_000 });
    expect(org.users).toHaveLength(51_000);
  });
});
