// The official Okta SDK (what the connector uses) against the simulator: Link-header paging, 429
// retries driven by X-Rate-Limit-Reset and Date, and error parsing all have to work unchanged.
import { Agent } from 'node:https';
import okta from '@okta/okta-sdk-nodejs';
import { afterEach, describe, expect, it } from 'vitest';
import { startOktaSimulator } from '../../sim/okta/index.ts';
import type { OktaSimOptions, OktaSimulator } from '../../sim/okta/index.ts';

let sim: OktaSimulator | undefined;

async function sdkAgainstSimulator(
  options: OktaSimOptions,
): Promise<{ sim: OktaSimulator; client: okta.Client }> {
  sim = await startOktaSimulator(options);
  const client = new okta.Client({ orgUrl: sim.url, token: sim.token, cacheMiddleware: null });
  // The SDK has no CA option; its Http keeps the agent node-fetch uses.
  client.http.agent = new Agent({ ca: sim.caPem, keepAlive: true });
  return { sim, client };
}

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function collect<T>(collection: AsyncIterable<T | null>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of collection) if (item) items.push(item);
  return items;
}

describe('official Okta SDK against the simulator', () => {
  it('pages users, groups, group members and app users through Link headers', async () => {
    const { sim, client } = await sdkAgainstSimulator({ users: 450, seed: 2 });
    const users = await collect(await client.userApi.listUsers({ limit: 60 }));
    expect(users.map((u) => u.id)).toEqual(
      sim.org.users.filter((u) => u.status !== 'DEPROVISIONED').map((u) => u.id),
    );
    const groups = await collect(await client.groupApi.listGroups({ expand: 'stats', limit: 3 }));
    expect(groups).toHaveLength(sim.org.groups.length);
    const members = await collect(
      await client.groupApi.listGroupUsers({ groupId: sim.org.everyoneGroupId, limit: 100 }),
    );
    expect(members).toHaveLength(sim.org.users.length);
    const app = sim.org.apps[1]!;
    const appUsers = await collect(
      await client.applicationApi.listApplicationUsers({ appId: app.id, limit: 7 }),
    );
    expect(appUsers.map((u) => u.id)).toEqual(sim.orgIndex.appUsers(app.id).map((e) => e.userId));
    const admins = await client.roleAssignmentApi.listUsersWithRoleAssignments({});
    expect(admins.value?.map((u) => u.id)).toEqual(sim.orgIndex.adminUserIds().slice(0, 100));
  });

  it('waits out 429s using X-Rate-Limit-Reset and completes the listing', async () => {
    // One request per one-second window: the second page meets a 429 first.
    const { sim, client } = await sdkAgainstSimulator({
      users: 200,
      timeScale: 60,
      rateLimits: { 'GET /api/v1/users': 1 },
    });
    const users = await collect(await client.userApi.listUsers({ limit: 100 }));
    expect(users).toHaveLength(sim.org.users.filter((u) => u.status !== 'DEPROVISIONED').length);
    expect(sim.stats().tooManyRequests).toBeGreaterThanOrEqual(1);
  });

  it('surfaces Okta error codes', async () => {
    const { sim, client } = await sdkAgainstSimulator({ users: 10 });
    await expect(client.userApi.getUser({ userId: '00uMissing' })).rejects.toMatchObject({
      status: 404,
      errorCode: 'E0000007',
    });
    sim.setFaults({ expiredToken: true });
    await expect(client.userApi.getUser({ userId: 'me' })).rejects.toMatchObject({
      status: 401,
      errorCode: 'E0000011',
    });
  });
});
