// The simulator against Google's own libraries: google-auth-library's JWT client signs the domain-wide
// delegation assertion (its gtoken posts to https://oauth2.googleapis.com/token, so a fetch
// implementation redirects that one URL to the simulator's token URI), and @googleapis/admin lists the
// Directory with `rootUrl` at the simulator. It shows the simulator accepts what Google's code sends and
// answers what Google's code parses, including the OAuth error of a scope not delegated.
import { admin } from '@googleapis/admin';
import { JWT } from 'google-auth-library';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DELEGATED_SCOPES, DIRECTORY_SCOPES, startGoogleSimulator } from '../../sim/google/index.ts';
import type { GoogleSimulator } from '../../sim/google/index.ts';

let sim: GoogleSimulator;
let agent: Agent;
const tokenPosts: string[] = [];

beforeAll(async () => {
  sim = await startGoogleSimulator({ users: 700, seed: 23 });
  agent = new Agent({ connect: { ca: sim.caPem } });
});

afterAll(async () => {
  await agent?.close();
  await sim?.close();
});

const fetchImplementation = (input: unknown, init?: Record<string, unknown>) => {
  let url = String(input instanceof URL ? input.href : input);
  if (url === 'https://oauth2.googleapis.com/token') {
    tokenPosts.push(url);
    url = sim.tokenUri;
  }
  return fetch(url, { ...(init as object), dispatcher: agent } as never);
};

function jwt(scopes: string[]): JWT {
  return new JWT({
    email: sim.keyFile.client_email,
    key: sim.keyFile.private_key,
    keyId: sim.keyFile.private_key_id,
    scopes,
    subject: sim.adminEmail,
    transporterOptions: { fetchImplementation: fetchImplementation as never },
  });
}

describe('google-auth-library and @googleapis/admin against the simulator', () => {
  it('lists every user page by page with a delegated token', async () => {
    sim.setDelegatedScopes(DEFAULT_DELEGATED_SCOPES);
    const directory = admin({
      version: 'directory_v1',
      auth: jwt([DIRECTORY_SCOPES.users]),
      rootUrl: `${sim.url}/`,
    });
    let pageToken: string | undefined;
    let users = 0;
    let pages = 0;
    do {
      const { data } = await directory.users.list({
        customer: 'my_customer',
        projection: 'full',
        maxResults: 500,
        pageToken,
      });
      users += data.users?.length ?? 0;
      pages++;
      pageToken = data.nextPageToken ?? undefined;
      expect(
        data.users?.every((u) => typeof u.id === 'string' && typeof u.isEnrolledIn2Sv === 'boolean'),
      ).toBe(true);
    } while (pageToken);
    expect(users).toBe(sim.index.liveUsers.length);
    expect(pages).toBe(2);
    expect(tokenPosts.length).toBeGreaterThan(0);
    const { data: roles } = await admin({
      version: 'directory_v1',
      auth: jwt([DIRECTORY_SCOPES.roles]),
      rootUrl: `${sim.url}/`,
    }).roles.list({ customer: 'my_customer' });
    expect(roles.items?.some((r) => r.isSuperAdminRole === true)).toBe(true);
  });

  it('surfaces unauthorized_client when a scope is not delegated', async () => {
    sim.setDelegatedScopes([DIRECTORY_SCOPES.users]);
    const directory = admin({
      version: 'directory_v1',
      auth: jwt([DIRECTORY_SCOPES.users, DIRECTORY_SCOPES.security]),
      rootUrl: `${sim.url}/`,
    });
    const error = await directory.users
      .list({ customer: 'my_customer', maxResults: 1 })
      .catch((e: unknown) => e);
    sim.setDelegatedScopes(DEFAULT_DELEGATED_SCOPES);
    expect(String((error as Error).message)).toContain('unauthorized_client');
  });

  it('surfaces a 403 rate limit with its reason, as Google sends it', async () => {
    sim.setFaults({ throttle: { count: 1, reason: 'userRateLimitExceeded' } });
    const directory = admin({
      version: 'directory_v1',
      auth: jwt([DIRECTORY_SCOPES.groups]),
      rootUrl: `${sim.url}/`,
    });
    const error = (await directory.groups
      .list({ customer: 'my_customer' }, { retry: false })
      .catch((e: unknown) => e)) as {
      status?: number;
      response?: { data?: { error?: { errors?: Array<{ reason?: string }> } } };
    };
    sim.setFaults({});
    expect(error.status).toBe(403);
    expect(error.response?.data?.error?.errors?.[0]?.reason).toBe('userRateLimitExceeded');
  });
});
