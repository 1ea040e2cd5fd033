// The GitLab simulator behaves as GitLab does where the connector depends on it: offset paging headers
// and the 10,000-row count cutoff, keyset links, members/all (highest access level across ancestors),
// what a non-administrator may see, rate-limit headers and 429s, the fault switches, and a generator
// that is a pure function of its seed.
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLinkHeader } from '../../sim/shared/links.ts';
import {
  generateGitLabInstance,
  startGitLabSimulator,
  type GitLabSimulator,
} from '../../sim/gitlab/index.ts';

let sim: GitLabSimulator;
let dispatcher: Agent;

beforeAll(async () => {
  // Past 10,000 users, so /users crosses GitLab's count cutoff.
  sim = await startGitLabSimulator({
    users: 10_050,
    seed: 4,
    subgroups: 20,
    projects: 40,
    requestsPerMinute: 100_000,
    tokens: { member: { owner: 'member' } },
  });
  dispatcher = new Agent({ connect: { ca: sim.caPem } });
});
afterAll(async () => {
  await dispatcher.close();
  await sim.close();
});

async function get(path: string, token = sim.token) {
  const response = await fetch(path.startsWith('https:') ? path : `${sim.apiUrl}${path}`, {
    headers: { 'private-token': token },
    dispatcher,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text.startsWith('[') || text.startsWith('{') ? JSON.parse(text) : text,
  };
}

describe('GitLab simulator behaviour', () => {
  it('pages offsets with X-Total under 10,000 rows and without it (and rel="last") past them', async () => {
    const top = sim.instance.groups[0] as { id: number };
    const projects = await get(`/groups/${top.id}/projects?include_subgroups=true&per_page=15`);
    expect(projects.headers.get('x-total')).toBe('40');
    expect(projects.headers.get('x-total-pages')).toBe('3');
    expect(projects.headers.get('x-next-page')).toBe('2');
    expect(Object.keys(parseLinkHeader(projects.headers.get('link')))).toEqual(['next', 'first', 'last']);
    const users = await get('/users?per_page=100&page=2');
    expect(users.body).toHaveLength(100);
    expect(users.headers.get('x-total')).toBeNull();
    expect(users.headers.get('x-total-pages')).toBeNull();
    expect(users.headers.get('x-next-page')).toBe('3');
    expect(Object.keys(parseLinkHeader(users.headers.get('link')))).toEqual(['prev', 'next', 'first']);
    // per_page is capped at 100.
    expect((await get('/users?per_page=500')).body).toHaveLength(100);
  });

  it('follows keyset links to the end with every user once', async () => {
    let url: string | undefined = `${sim.apiUrl}/users?pagination=keyset&order_by=id&sort=asc&per_page=100`;
    const ids: number[] = [];
    while (url) {
      const page = await get(url);
      expect(page.headers.get('x-total')).toBeNull();
      ids.push(...(page.body as Array<{ id: number }>).map((u) => u.id));
      url = parseLinkHeader(page.headers.get('link')).next;
    }
    expect(ids).toEqual(sim.instance.users.map((u) => u.id));
    expect((await get('/users?pagination=keyset&order_by=name')).status).toBe(405);
  });

  it('answers members/all with the highest access level across the group and its ancestors', async () => {
    const deep = sim.instance.groups.find(
      (g) => g.parentId !== null && g.parentId !== sim.instance.topGroupId,
    );
    expect(deep).toBeDefined();
    const all = await get(`/groups/${deep?.id}/members/all?per_page=100`);
    const rows = all.body as Array<{ id: number; access_level: number }>;
    const chain = sim.index.chain(deep as never);
    for (const row of rows) {
      const levels = chain.flatMap((g) =>
        sim.index
          .directGroupMembers(g)
          .filter((m) => m.userId === row.id)
          .map((m) => m.accessLevel),
      );
      expect(row.access_level).toBe(Math.max(...levels));
    }
    const direct = await get(`/groups/${deep?.id}/members?per_page=100`);
    expect(Number(all.headers.get('x-total'))).toBeGreaterThan(Number(direct.headers.get('x-total')));
  });

  it('shows a member only their groups, public fields of active users, and no SAML identities', async () => {
    const token = sim.tokens.member as string;
    const me = (await get('/user', token)).body as { id: number; is_admin?: boolean };
    expect(me.is_admin).toBeUndefined();
    const hidden = sim.instance.groups.find(
      (g) =>
        ![g, ...sim.index.descendants(g)].some((x) =>
          sim.index.effectiveGroupMembers(x).some((m) => m.membership.userId === me.id),
        ),
    );
    expect(hidden).toBeDefined();
    expect((await get(`/groups/${hidden?.id}`, token)).status).toBe(404);
    const users = (await get('/users?per_page=100', token)).body as Array<Record<string, unknown>>;
    expect(users.every((u) => u.state === 'active' && !('email' in u) && !('is_admin' in u))).toBe(true);
    const top = sim.instance.groups[0] as { id: number };
    const members = (await get(`/groups/${top.id}/members/all`, token)).body as Array<
      Record<string, unknown>
    >;
    expect(members.every((m) => m.group_saml_identity === null)).toBe(true);
  });

  it('sends RateLimit-* on every answer and 429 "Retry later" with Retry-After when spent', async () => {
    const ok = await get('/user');
    expect(ok.headers.get('ratelimit-name')).toBe('throttle_authenticated_api');
    expect(Number(ok.headers.get('ratelimit-remaining'))).toBeLessThan(
      Number(ok.headers.get('ratelimit-limit')),
    );
    sim.setFaults({ rateLimitStorm: true });
    const limited = await get('/user');
    expect(limited.status).toBe(429);
    expect(limited.body).toBe('Retry later\n');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    sim.setFaults({ rateLimitStorm: true, rateLimitHeadersMissing: true });
    const bare = await get('/user');
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
    sim.setFaults({});
  });

  it('injects Workhorse 502 pages, JSON 500s, resets and another web server', async () => {
    sim.setFaults({ serverErrors: { count: 2, status: 502 } });
    const gateway = await get('/user');
    expect(gateway.status).toBe(502);
    expect(String(gateway.body)).toContain('GitLab is taking too much time');
    expect((await get('/user')).status).toBe(502);
    expect((await get('/user')).status).toBe(200);
    sim.setFaults({ serverErrors: { count: 1, status: 500 } });
    expect((await get('/user')).body).toEqual({ message: '500 Internal Server Error' });
    sim.setFaults({ resetEvery: 1 });
    await expect(get('/user')).rejects.toThrow();
    sim.setFaults({ wrongDomain: true });
    const other = await get('/user');
    expect(other.status).toBe(404);
    expect(String(other.body)).toContain('nginx');
    sim.setFaults({});
  });

  it('generates the same instance from the same seed, with every state and a consistent tree', () => {
    const a = generateGitLabInstance({ users: 500, seed: 11 });
    const b = generateGitLabInstance({ users: 500, seed: 11 });
    expect(JSON.stringify(a.users)).toBe(JSON.stringify(b.users));
    expect(JSON.stringify([...a.groupMembers])).toBe(JSON.stringify([...b.groupMembers]));
    expect(JSON.stringify(generateGitLabInstance({ users: 500, seed: 12 }).users)).not.toBe(
      JSON.stringify(a.users),
    );
    const states = new Set(a.users.map((u) => u.state));
    for (const state of ['active', 'blocked', 'deactivated']) expect(states).toContain(state);
    expect(new Set(a.users.map((u) => u.username)).size).toBe(a.users.length);
    const groupIds = new Set(a.groups.map((g) => g.id));
    expect(a.groups.every((g) => g.parentId === null || groupIds.has(g.parentId))).toBe(true);
    expect(a.projects.every((p) => groupIds.has(p.namespaceId))).toBe(true);
    const userIds = new Set(a.users.map((u) => u.id));
    for (const list of [...a.groupMembers.values(), ...a.projectMembers.values()])
      expect(list.every((m) => userIds.has(m.userId))).toBe(true);
  });
});
