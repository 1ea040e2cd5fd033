// The official Datadog client (what the connector uses) against the simulator, wired as the connector
// wires it: BaseServerConfiguration for the host, a fetch bound to an undici dispatcher carrying the CA,
// both keys passed explicitly.
import { client, v1, v2 } from '@datadog/datadog-api-client';
import { Agent, fetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startDatadogSimulator,
  type DatadogSimOptions,
  type DatadogSimulator,
} from '../../sim/datadog/index.ts';

let sim: DatadogSimulator | undefined;
let agent: Agent | undefined;

afterEach(async () => {
  await agent?.close();
  await sim?.close();
  sim = undefined;
});

async function configure(options: DatadogSimOptions, keys?: { api: string; app: string }) {
  sim = await startDatadogSimulator(options);
  agent = new Agent({ connect: { ca: sim.caPem } });
  const dispatcher = agent;
  const configuration = client.createConfiguration({
    baseServer: new client.BaseServerConfiguration(sim.url, {}),
    authMethods: {
      apiKeyAuth: keys?.api ?? sim.apiKey,
      appKeyAuth: keys?.app ?? sim.appKey,
    },
    fetch: (url: string, init: Record<string, unknown>) => fetch(url, { ...init, dispatcher }),
    enableRetry: true,
    maxRetries: 3,
  });
  return { sim, configuration };
}

describe('official Datadog client against the simulator', () => {
  it('pages every user with page[size]/page[number] and reads roles, permissions and validators', async () => {
    const { sim, configuration } = await configure({ users: 230, seed: 3 });
    const users = new v2.UsersApi(configuration);
    const seen: string[] = [];
    for await (const user of users.listUsersWithPagination({ pageSize: 100 })) seen.push(user.id!);
    expect(seen).toEqual(sim.org.users.map((u) => u.id));
    const first = await users.listUsers({ pageSize: 10, pageNumber: 0 });
    expect(first.meta?.page?.totalCount).toBe(sim.org.users.length);
    expect(
      first.data?.some((u) => u.attributes?.status === 'Disabled' || u.attributes?.status === 'Pending'),
    ).toBe(true);
    const roles = await new v2.RolesApi(configuration).listRoles({ pageSize: 100 });
    expect(roles.data?.map((r) => r.attributes?.name)).toEqual(sim.org.roles.map((r) => r.name));
    expect(roles.data?.[0]?.relationships?.permissions?.data?.length).toBe(sim.org.permissions.length);
    const permissions = await new v2.RolesApi(configuration).listPermissions();
    expect(permissions.data?.map((p) => p.attributes?.name)).toContain('user_access_read');
    expect((await new v1.AuthenticationApi(configuration).validate()).valid).toBe(true);
    expect((await new v2.KeyManagementApi(configuration).validateAPIKey()).status).toBe('ok');
  });

  it('a wrong application key fails validate_keys but passes /api/v1/validate', async () => {
    const { configuration } = await configure({ users: 5 }, { api: 'x'.repeat(32), app: 'y'.repeat(40) });
    await expect(new v1.AuthenticationApi(configuration).validate()).rejects.toMatchObject({ code: 403 });
    await agent?.close();
    await sim?.close();
    const good = await configure({ users: 5 });
    const wrongApp = client.createConfiguration({
      baseServer: new client.BaseServerConfiguration(good.sim.url, {}),
      authMethods: { apiKeyAuth: good.sim.apiKey, appKeyAuth: 'z'.repeat(40) },
      fetch: (url: string, init: Record<string, unknown>) => fetch(url, { ...init, dispatcher: agent }),
    });
    expect((await new v1.AuthenticationApi(wrongApp).validate()).valid).toBe(true);
    await expect(new v2.KeyManagementApi(wrongApp).validateAPIKey()).rejects.toMatchObject({
      code: 403,
      body: { errors: ['Forbidden'] },
    });
  });

  it('retries a 429 after X-RateLimit-Reset and completes', async () => {
    const { sim, configuration } = await configure({ users: 250, timeScale: 60, rateLimits: { users: 2 } });
    const seen: string[] = [];
    for await (const user of new v2.UsersApi(configuration).listUsersWithPagination({ pageSize: 100 }))
      seen.push(user.id!);
    expect(seen).toHaveLength(sim.org.users.length);
    expect(sim.stats().tooManyRequests).toBeGreaterThan(0);
  });
});
