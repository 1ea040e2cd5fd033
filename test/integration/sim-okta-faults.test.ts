// Each injected fault produces what a connector meets in the field, switchable at start and at runtime.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOktaSimulator } from '../../sim/okta/index.ts';
import type { OktaSimulator } from '../../sim/okta/index.ts';
import { simClient } from '../../sim/okta/test-client.ts';
import type { SimClient } from '../../sim/okta/test-client.ts';

let sim: OktaSimulator;
let client: SimClient;

beforeAll(async () => {
  sim = await startOktaSimulator({ users: 30 });
  client = simClient(sim);
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
});

beforeEach(() => {
  sim.setFaults({});
  sim.resetStats();
});

describe('Okta simulator faults', () => {
  it('starts with the faults it was given', async () => {
    const expired = await startOktaSimulator({ users: 5, faults: { expiredToken: true } });
    const expiredClient = simClient(expired);
    try {
      expect((await expiredClient.get('/api/v1/users')).status).toBe(401);
    } finally {
      await expiredClient.close();
      await expired.close();
    }
  });

  it('expiredToken: every authenticated call is 401 E0000011, the well-known still answers', async () => {
    sim.setFaults({ expiredToken: true });
    const response = await client.get('/api/v1/users');
    expect(response.status).toBe(401);
    expect(response.json()).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided' });
    expect(response.headers.get('x-okta-request-id')).toBeTruthy();
    expect((await client.get('/.well-known/okta-organization', { token: null })).status).toBe(200);
    sim.setFaults({});
    expect((await client.get('/api/v1/users')).status).toBe(200);
  });

  it('tells a missing credential (403 E0000005) from a wrong one (401 E0000011)', async () => {
    const none = await client.get('/api/v1/users', { token: null });
    expect(none.status).toBe(403);
    expect(none.json()).toMatchObject({ errorCode: 'E0000005', errorSummary: 'Invalid session' });
    const bearer = await client.get('/api/v1/users', { authorization: 'Bearer eyJhbGciOi.fake.token' });
    expect(bearer.status).toBe(401);
  });

  it('forbiddenPaths: 403 E0000006 on matching prefixes and segment patterns only', async () => {
    sim.setFaults({ forbiddenPaths: ['/api/v1/iam', '/api/v1/users/*/roles'] });
    const iam = await client.get('/api/v1/iam/assignees/users');
    expect(iam.status).toBe(403);
    expect(iam.json()).toMatchObject({
      errorCode: 'E0000006',
      errorSummary: 'You do not have permission to perform the requested action',
    });
    expect((await client.get(`/api/v1/users/${sim.org.tokenOwnerId}/roles`)).status).toBe(403);
    expect((await client.get(`/api/v1/users/${sim.org.tokenOwnerId}`)).status).toBe(200);
    expect((await client.get('/api/v1/users')).status).toBe(200);
  });

  it('serverErrors: the next N requests fail, 500 as Okta JSON and 502/503 as edge HTML', async () => {
    sim.setFaults({ serverErrors: { count: 2 } });
    const first = await client.get('/api/v1/users');
    expect(first.status).toBe(500);
    expect(first.json()).toMatchObject({ errorCode: 'E0000009', errorSummary: 'Internal Server Error' });
    expect((await client.get('/api/v1/groups')).status).toBe(500);
    expect((await client.get('/api/v1/groups')).status).toBe(200);

    sim.setFaults({ serverErrors: { count: 1, status: 503 } });
    const unavailable = await client.get('/api/v1/users');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('content-type')).toMatch(/text\/html/);
    expect((await client.get('/api/v1/users')).status).toBe(200);
    expect(sim.stats().serverErrorsSent).toBe(3);
  });

  it('resetEvery: every Nth request loses its connection without a response', async () => {
    sim.setFaults({ resetEvery: 3 });
    expect((await client.get('/api/v1/users')).status).toBe(200);
    expect((await client.get('/api/v1/users')).status).toBe(200);
    await expect(client.get('/api/v1/users')).rejects.toThrow();
    expect((await client.get('/api/v1/users')).status).toBe(200);
    expect(sim.stats().connectionsReset).toBe(1);
  });

  it('slowPagesMs and slowPaths delay responses', async () => {
    sim.setFaults({ slowPagesMs: 150 });
    let started = performance.now();
    expect((await client.get('/api/v1/apps')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);

    sim.setFaults({ slowPaths: { '/api/v1/groups': 400 } });
    started = performance.now();
    await client.get('/api/v1/apps');
    expect(performance.now() - started).toBeLessThan(300);
    started = performance.now();
    await client.get(`/api/v1/groups/${sim.org.everyoneGroupId}/users`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
  });

  it('notOktaOrg (the kit’s wrongDomain): every path, the Okta well-known included, is a 404 HTML page without Okta headers', async () => {
    for (const faults of [{ notOktaOrg: true }, { wrongDomain: true }]) {
      sim.setFaults(faults);
      for (const path of ['/.well-known/okta-organization', '/api/v1/users', '/']) {
        const response = await client.get(path);
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/text\/html/);
        expect(response.headers.get('x-okta-request-id')).toBeNull();
        expect(response.headers.get('x-rate-limit-limit')).toBeNull();
      }
    }
  });

  it('rateLimitStorm: every /api call is a 429 whose reset lies windows ahead', async () => {
    sim.setFaults({ rateLimitStorm: true });
    const response = await client.get(`/api/v1/users/${sim.org.tokenOwnerId}`);
    expect(response.status).toBe(429);
    expect(response.json()).toMatchObject({ errorCode: 'E0000047' });
    expect(response.headers.get('x-rate-limit-limit')).toBe('2000');
    expect(response.headers.get('x-rate-limit-remaining')).toBe('0');
    const windowStart = Math.floor(Date.now() / 60_000) * 60;
    expect(Number(response.headers.get('x-rate-limit-reset')) - windowStart).toBeGreaterThanOrEqual(120);
    expect((await client.get('/.well-known/okta-organization', { token: null })).status).toBe(200);
  });

  it('rejects nonsensical fault settings', () => {
    expect(() => sim.setFaults({ resetEvery: 0 })).toThrow(/resetEvery/);
    expect(() => sim.setFaults({ slowPagesMs: -1 })).toThrow(/slowPagesMs/);
    expect(() => sim.setFaults({ serverErrors: { count: 1, status: 404 as 500 } })).toThrow(/status/);
  });
});
