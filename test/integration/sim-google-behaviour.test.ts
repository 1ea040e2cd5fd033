// Behaviour of the Google Workspace simulator beyond response shapes: the generator (deterministic by
// seed, the mix of statuses, people shared with another simulator), the token endpoint's checks of the
// JWT-bearer assertion, page caps and page tokens, the per-user rate limit, and the common faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECTORY_SCOPES, generateGoogleDomain, startGoogleSimulator } from '../../sim/google/index.ts';
import type { GoogleSimulator } from '../../sim/google/index.ts';
import { googleSimClient } from '../../sim/google/test-client.ts';
import type { GoogleSimClient } from '../../sim/google/test-client.ts';

let sim: GoogleSimulator;
let client: GoogleSimClient;
const BASE = '/admin/directory/v1';
const all = [
  DIRECTORY_SCOPES.users,
  DIRECTORY_SCOPES.groups,
  DIRECTORY_SCOPES.members,
  DIRECTORY_SCOPES.roles,
];

beforeAll(async () => {
  sim = await startGoogleSimulator({ users: 240, seed: 3 });
  client = googleSimClient(sim);
});
afterAll(async () => {
  await client?.close();
  await sim?.close();
});

describe('generator', () => {
  it('is deterministic by seed and varies with it', () => {
    const a = generateGoogleDomain({ users: 300, seed: 9 });
    const b = generateGoogleDomain({ users: 300, seed: 9 });
    const c = generateGoogleDomain({ users: 300, seed: 10 });
    expect(JSON.stringify(a.users)).toBe(JSON.stringify(b.users));
    expect(a.users.map((u) => u.primaryEmail)).not.toEqual(c.users.map((u) => u.primaryEmail));
  });

  it('mixes statuses, keeps ids and emails unique, and references only existing principals', () => {
    const d = generateGoogleDomain({ users: 2000, seed: 4 });
    const live = d.users.filter((u) => u.deletionTime === null);
    expect(live).toHaveLength(2000);
    expect(d.users.length - live.length).toBe(20);
    expect(new Set(d.users.map((u) => u.id)).size).toBe(d.users.length);
    expect(new Set(d.users.map((u) => u.primaryEmail.toLowerCase())).size).toBe(d.users.length);
    const share = (f: (u: (typeof live)[number]) => boolean) => live.filter(f).length / live.length;
    expect(share((u) => u.suspended)).toBeGreaterThan(0.03);
    expect(share((u) => u.archived)).toBeGreaterThan(0.005);
    expect(share((u) => !u.isEnrolledIn2Sv)).toBeGreaterThan(0.1);
    expect(share((u) => u.lastLoginTime === null)).toBeGreaterThan(0.01);
    const ids = new Set(live.map((u) => u.id));
    const groupIds = new Set(d.groups.map((g) => g.id));
    for (const a of d.roleAssignments)
      expect(a.assigneeType === 'user' ? ids.has(a.assignedTo) : groupIds.has(a.assignedTo)).toBe(true);
    for (const g of d.groups)
      for (const m of g.members)
        if (m.type !== 'CUSTOMER') expect(m.type === 'USER' ? ids.has(m.id) : groupIds.has(m.id)).toBe(true);
    expect(live.filter((u) => u.isAdmin).length).toBeGreaterThanOrEqual(2);
  });

  it('takes people from another simulator, keeping their addresses', () => {
    const people = [{ email: 'ada@shared.example', firstName: 'Ada', lastName: 'Lovelace' }];
    const d = generateGoogleDomain({ people, seed: 2 });
    expect(d.users).toHaveLength(2);
    expect(d.users[1]).toMatchObject({ primaryEmail: 'ada@shared.example', fullName: 'Ada Lovelace' });
  });

  it('generates 50,000 users', () => {
    const d = generateGoogleDomain({ users: 50_000, seed: 1 });
    expect(d.users.filter((u) => u.deletionTime === null)).toHaveLength(50_000);
  });
});

describe('token endpoint', () => {
  it('refuses an assertion for another audience, a wrong issuer, too long a lifetime, an unknown subject', async () => {
    const base = { keyFile: sim.keyFile, scopes: all, subject: sim.adminEmail };
    const cases: Array<[Parameters<GoogleSimClient['requestToken']>[0], string, string]> = [
      [{ ...base, audience: 'https://elsewhere.example/token' }, 'invalid_grant', 'audience'],
      [
        { ...base, keyFile: { ...sim.keyFile, client_email: 'other@p.iam.gserviceaccount.com' } },
        'invalid_grant',
        'account not found',
      ],
      [{ ...base, lifetimeSeconds: 7200 }, 'invalid_grant', 'short-lived'],
      [{ ...base, subject: `ghost@${sim.domain.domain}` }, 'invalid_grant', 'Invalid email or User ID'],
      [{ ...base, scopes: [] }, 'invalid_scope', 'Invalid OAuth scope'],
      [
        { ...base, scopes: [...all, 'https://www.googleapis.com/auth/admin.directory.user'] },
        'unauthorized_client',
        'not authorized',
      ],
    ];
    for (const [options, error, words] of cases) {
      const response = await client.requestToken(options);
      const body = response.json<{ error: string; error_description: string }>();
      expect(body.error, words).toBe(error);
      expect(body.error_description).toContain(words);
      expect(response.status).toBe(error === 'unauthorized_client' ? 401 : 400);
    }
    const wrongGrant = await client.requestToken(base, { grant_type: 'client_credentials' });
    expect(wrongGrant.json<{ error: string }>().error).toBe('unsupported_grant_type');
  });

  it('a token without a subject reaches no Directory data', async () => {
    const token = await client.token({ keyFile: sim.keyFile, scopes: all });
    const response = await client.get(`${BASE}/users?customer=my_customer`, token);
    expect(response.status).toBe(403);
    expect(response.text).toContain('Not Authorized to access this resource/api');
  });
});

describe('Directory', () => {
  let token: string;
  beforeAll(async () => {
    token = await client.token({ keyFile: sim.keyFile, scopes: all, subject: sim.adminEmail });
  });

  it('caps maxResults per list and rejects a page token of another list', async () => {
    for (const [path, max] of [
      [`${BASE}/users?customer=my_customer`, 500],
      [`${BASE}/groups?customer=my_customer`, 200],
      [`${BASE}/customer/my_customer/roles`, 100],
      [`${BASE}/customer/my_customer/roleassignments`, 200],
    ] as const) {
      const sep = path.includes('?') ? '&' : '?';
      expect((await client.get(`${path}${sep}maxResults=${max}`, token)).status).toBe(200);
      const over = await client.get(`${path}${sep}maxResults=${max + 1}`, token);
      expect(over.status).toBe(400);
      expect(over.text).toContain(`[1, ${max}]`);
    }
    const first = await client.get(`${BASE}/users?customer=my_customer&maxResults=10`, token);
    const next = first.json<{ nextPageToken: string }>().nextPageToken;
    expect((await client.get(`${BASE}/groups?customer=my_customer&pageToken=${next}`, token)).status).toBe(
      400,
    );
    const all = await client.pages<{ users?: unknown[] }>(
      `${BASE}/users?customer=my_customer&maxResults=100`,
      token,
    );
    expect(all.reduce((n, p) => n + (p.users?.length ?? 0), 0)).toBe(240);
  });

  it('refuses a wrong customer and another domain', async () => {
    expect((await client.get(`${BASE}/users?customer=C0nothere`, token)).status).toBe(400);
    expect((await client.get(`${BASE}/users?domain=other.example`, token)).status).toBe(403);
    expect((await client.get(`${BASE}/users`, token)).status).toBe(400);
  });

  it('answers 403 userRateLimitExceeded past the queries per minute per user, until the minute turns', async () => {
    // A clock of its own: the minute window must not turn in the middle of the test.
    let now = Date.UTC(2026, 0, 5, 10, 0, 5);
    const limited = await startGoogleSimulator({
      users: 5,
      seed: 3,
      queriesPerMinutePerUser: 20,
      clock: () => now,
    });
    const local = googleSimClient(limited);
    try {
      const t = await local.token({
        keyFile: limited.keyFile,
        scopes: all,
        subject: limited.adminEmail,
        nowSeconds: Math.floor(now / 1000),
      });
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++)
        statuses.push((await local.get(`${BASE}/customer/my_customer/roles`, t)).status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(20);
      const refused = await local.get(`${BASE}/customer/my_customer/roles`, t);
      expect(refused.status).toBe(403);
      expect(refused.json<{ error: { errors: Array<{ reason: string }> } }>().error.errors[0]?.reason).toBe(
        'userRateLimitExceeded',
      );
      expect(limited.stats().throttled).toBe(3);
      now += 60_000;
      expect((await local.get(`${BASE}/customer/my_customer/roles`, t)).status).toBe(200);
    } finally {
      await local.close();
      await limited.close();
    }
  });

  it('common faults: expired token, wrong domain, resets, slow paths', async () => {
    sim.setFaults({ expiredToken: true });
    expect((await client.get(`${BASE}/groups?customer=my_customer`, token)).status).toBe(401);
    sim.setFaults({ wrongDomain: true });
    const wrong = await client.get(`${BASE}/groups?customer=my_customer`, token);
    expect(wrong.status).toBe(404);
    expect(wrong.headers.get('content-type')).toContain('text/html');
    sim.setFaults({ resetEvery: 1 });
    await expect(client.get(`${BASE}/groups?customer=my_customer`, token)).rejects.toThrow();
    sim.setFaults({});
  });
});
