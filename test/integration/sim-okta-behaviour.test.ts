// Behaviour of the Okta simulator that a connector depends on: complete pagination, Okta's default
// omission of deprovisioned users, search and filter, page-size clamping, and the data relations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaSimulator } from '../../sim/okta/index.ts';
import type { OktaSimulator } from '../../sim/okta/index.ts';
import { simClient } from '../../sim/okta/test-client.ts';
import type { SimClient, SimResponse } from '../../sim/okta/test-client.ts';

let sim: OktaSimulator;
let client: SimClient;

beforeAll(async () => {
  sim = await startOktaSimulator({ users: 1234, seed: 21 });
  client = simClient(sim);
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
});

async function walk<T = { id: string }>(path: string): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let next: string | undefined = path;
  while (next) {
    const response = await client.get(next);
    expect(response.status, response.text).toBe(200);
    items.push(...response.json<T[]>());
    pages++;
    next = response.links.next;
  }
  return { items, pages };
}

const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

describe('Okta simulator behaviour', () => {
  it('walks every listed user exactly once, omitting deprovisioned users like Okta', async () => {
    const { items, pages } = await walk<{ id: string; status: string }>('/api/v1/users?limit=97');
    const listed = sim.org.users.filter((u) => u.status !== 'DEPROVISIONED');
    expect(ids(items)).toEqual(listed.map((u) => u.id));
    expect(new Set(ids(items)).size).toBe(items.length);
    expect(pages).toBe(Math.ceil(listed.length / 97));
    expect(items.some((u) => u.status === 'DEPROVISIONED')).toBe(false);
  });

  it('returns deprovisioned users to search and filter, and combines statuses with or', async () => {
    const deprovisioned = sim.org.users.filter((u) => u.status === 'DEPROVISIONED').map((u) => u.id);
    expect(deprovisioned.length).toBeGreaterThan(30);
    const search = await walk(
      `/api/v1/users?limit=10&search=${encodeURIComponent('status eq "DEPROVISIONED"')}`,
    );
    expect(ids(search.items)).toEqual(deprovisioned);
    expect(search.pages).toBe(Math.ceil(deprovisioned.length / 10));
    const filter = await walk(`/api/v1/users?filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`);
    expect(ids(filter.items)).toEqual(deprovisioned);
    const either = await walk<{ status: string }>(
      `/api/v1/users?search=${encodeURIComponent('status eq "SUSPENDED" or status eq "DEPROVISIONED"')}`,
    );
    const expected = sim.org.users.filter((u) => u.status === 'SUSPENDED' || u.status === 'DEPROVISIONED');
    expect(either.items).toHaveLength(expected.length);
  });

  it('searches profile attributes and timestamps, and finds users with q', async () => {
    const target = sim.org.users[100]!;
    const byLogin = await walk(
      `/api/v1/users?search=${encodeURIComponent(`profile.login eq "${target.profile.login.toUpperCase()}"`)}`,
    );
    expect(ids(byLogin.items)).toEqual([target.id]);
    const since = '2025-01-01T00:00:00.000Z';
    const recent = await walk(`/api/v1/users?filter=${encodeURIComponent(`lastUpdated gt "${since}"`)}`);
    expect(recent.items).toHaveLength(sim.org.users.filter((u) => u.lastUpdated > since).length);
    const q = await client.get(`/api/v1/users?q=${encodeURIComponent(target.profile.firstName)}`);
    const found = q.json<Array<{ profile: { firstName: string } }>>();
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(10); // q defaults to 10 and does not page
    expect(q.links.next).toBeUndefined();
  });

  it("clamps oversize pages to each endpoint's maximum", async () => {
    const users = await client.get('/api/v1/users?limit=5000');
    expect(users.json<unknown[]>()).toHaveLength(200);
    expect(users.links.next).toContain('limit=200');
    const defaultPage = await client.get('/api/v1/users');
    expect(defaultPage.json<unknown[]>()).toHaveLength(200);
    const everyone = await client.get(`/api/v1/groups/${sim.org.everyoneGroupId}/users?limit=999999`);
    expect(everyone.json<unknown[]>()).toHaveLength(1000);
    const apps = await client.get('/api/v1/apps');
    expect(apps.json<unknown[]>()).toHaveLength(Math.min(20, sim.org.apps.length));
  });

  it('lists group members, including deprovisioned ones, and counts them in stats', async () => {
    const group = sim.org.groups.find(
      (g) => g.id !== sim.org.everyoneGroupId && sim.org.memberships.get(g.id)!.length > 50,
    )!;
    const members = await walk(`/api/v1/groups/${group.id}/users?limit=50`);
    expect(ids(members.items)).toEqual(sim.org.memberships.get(group.id));
    const everyone = await walk(`/api/v1/groups/${sim.org.everyoneGroupId}/users`);
    expect(everyone.items).toHaveLength(sim.org.users.length);
    const stats = await client.get(
      `/api/v1/groups?expand=stats&search=${encodeURIComponent(`id eq "${group.id}"`)}`,
    );
    expect(stats.json()).toEqual([
      expect.objectContaining({
        id: group.id,
        _embedded: { stats: expect.objectContaining({ usersCount: members.items.length }) },
      }),
    ]);
  });

  it('lists app users with scope USER for direct and GROUP for group assignments', async () => {
    for (const app of sim.org.apps) {
      const { items } = await walk<{ id: string; scope: string; _links: { group?: { href: string } } }>(
        `/api/v1/apps/${app.id}/users?limit=500`,
      );
      const direct = new Set(sim.org.appUserAssignments.get(app.id));
      const assignedGroups = sim.org.appGroupAssignments.get(app.id)!;
      const viaGroups = new Set(
        assignedGroups
          .flatMap((g) => sim.org.memberships.get(g)!)
          .filter((id) => sim.orgIndex.user(id)!.status !== 'DEPROVISIONED'),
      );
      expect(new Set(ids(items))).toEqual(new Set([...direct, ...viaGroups]));
      for (const appUser of items) {
        expect(appUser.scope).toBe(direct.has(appUser.id) ? 'USER' : 'GROUP');
        if (appUser.scope === 'GROUP')
          expect(assignedGroups.some((g) => appUser._links.group?.href.endsWith(g))).toBe(true);
      }
      const groups = await walk(`/api/v1/apps/${app.id}/groups`);
      expect(new Set(ids(groups.items))).toEqual(new Set(assignedGroups));
    }
  });

  it('filters apps by assigned user', async () => {
    const user = sim.org.users.find((u) => u.status === 'ACTIVE')!;
    const { items } = await walk(`/api/v1/apps?filter=${encodeURIComponent(`user.id eq "${user.id}"`)}`);
    const expected = sim.org.apps.filter((a) => sim.orgIndex.appUserIds(a.id).has(user.id)).map((a) => a.id);
    expect(ids(items)).toEqual(expected);
  });

  it('lists admins through the body link, including admins by group membership', async () => {
    const seen: string[] = [];
    let next: string | undefined = `${sim.url}/api/v1/iam/assignees/users?limit=2`;
    while (next) {
      const response: SimResponse = await client.get(next);
      const body = response.json<{ value: Array<{ id: string }>; _links: { next?: { href: string } } }>();
      seen.push(...ids(body.value));
      next = body._links.next?.href;
    }
    expect(seen).toEqual(sim.orgIndex.adminUserIds());
    const groupRole = sim.org.roleAssignments.find((r) => r.assignmentType === 'GROUP')!;
    const member = sim.org.memberships.get(groupRole.assigneeId)![0]!;
    expect(seen).toContain(member);
    const roles = (await client.get(`/api/v1/users/${member}/roles`)).json<
      Array<{ id: string; assignmentType: string }>
    >();
    expect(roles).toContainEqual(expect.objectContaining({ id: groupRole.id, assignmentType: 'GROUP' }));
  });

  it('answers unknown endpoints with 404 and writes with 405', async () => {
    expect((await client.get('/api/v1/nonexistent')).json()).toMatchObject({ errorCode: 'E0000007' });
    const roles = await client.get(`/api/v1/users/${sim.org.users[0]!.id}/roles/extra/segments`);
    expect(roles.status).toBe(404);
    const write = await client.get(`/api/v1/users/${sim.org.users[0]!.id}`, { method: 'DELETE' });
    expect(write.status).toBe(405);
    expect(write.json()).toMatchObject({ errorCode: 'E0000022' });
  });
});
