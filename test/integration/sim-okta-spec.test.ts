// Fidelity of the Okta simulator: real responses, fetched over HTTPS, validated against Okta's published
// OpenAPI description (strict: undeclared properties fail too, except the documented amendments).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaSimulator } from '../../sim/okta/index.ts';
import type { OktaSimulator } from '../../sim/okta/index.ts';
import { OKTA_SPEC_AMENDMENTS } from '../../sim/okta/spec-amendments.ts';
import { simClient } from '../../sim/okta/test-client.ts';
import type { SimClient, SimResponse } from '../../sim/okta/test-client.ts';
import { OpenApiResponseValidator, loadOpenApiDocument } from '../../sim/shared/openapi-validator.ts';

const SPEC = new URL('../../../shared/specs/okta-management.yaml', import.meta.url).pathname;

let sim: OktaSimulator;
let client: SimClient;
let validator: OpenApiResponseValidator;

beforeAll(async () => {
  validator = new OpenApiResponseValidator(loadOpenApiDocument(SPEC), { amendments: OKTA_SPEC_AMENDMENTS });
  sim = await startOktaSimulator({ users: 150, apps: 9, seed: 11 });
  client = simClient(sim);
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
});

function expectConforms(template: string, response: SimResponse, expectedStatus = 200): unknown {
  expect(response.status, response.text).toBe(expectedStatus);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = response.json();
  const result = validator.validate('GET', template, response.status, body);
  expect(result.errors, `${template} ${response.status}`).toEqual([]);
  return body;
}

function expectRateLimitHeaders(response: SimResponse, limit: number): void {
  expect(response.headers.get('x-rate-limit-limit')).toBe(String(limit));
  expect(Number(response.headers.get('x-rate-limit-remaining'))).toBeLessThan(limit);
  const reset = Number(response.headers.get('x-rate-limit-reset'));
  expect(reset % 60).toBe(0); // minute windows aligned to the epoch
  expect(reset * 1000).toBeGreaterThan(Date.now());
  expect(reset * 1000).toBeLessThanOrEqual(Date.now() + 60_000);
}

/** Follows Link rel="next" from `path`, validating every page and its Link headers. */
async function walkAndValidate(path: string, template: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let next: string | undefined = path;
  while (next) {
    const response = await client.get(next);
    items.push(...(expectConforms(template, response) as unknown[]));
    expect(response.links.self).toBe(next.startsWith('https://') ? next : sim.url + next);
    if (response.links.next)
      expect(response.links.next.startsWith(`${sim.url}${new URL(sim.url + path).pathname}?`)).toBe(true);
    next = response.links.next;
  }
  return items;
}

describe('Okta simulator responses conform to the Okta management OpenAPI description', () => {
  it('serves the org metadata without auth', async () => {
    const response = await client.get('/.well-known/okta-organization', { token: null });
    const body = expectConforms('/.well-known/okta-organization', response) as {
      id: string;
      pipeline: string;
    };
    expect(body).toMatchObject({
      id: sim.org.orgId,
      pipeline: 'idx',
      _links: { organization: { href: sim.url } },
    });
    expect(response.headers.get('x-okta-request-id')).toBeTruthy();
  });

  it('lists users page by page, with Link and rate-limit headers', async () => {
    const first = await client.get('/api/v1/users?limit=40');
    expectRateLimitHeaders(first, 600);
    expect(first.headers.get('x-okta-request-id')).toMatch(/^[\w-]{20,}$/);
    expect(first.links.next).toMatch(/[?&]after=00u[0-9A-Za-z]{17}/);
    const users = await walkAndValidate('/api/v1/users?limit=40', '/api/v1/users');
    expect(users.length).toBeGreaterThan(100);
    const deprovisioned = await walkAndValidate(
      '/api/v1/users?search=status+eq+%22DEPROVISIONED%22',
      '/api/v1/users',
    );
    expect(deprovisioned.length).toBeGreaterThan(0);
  });

  it('reads single users (by id, login and me) with their lifecycle links', async () => {
    for (const user of sim.org.users.filter((_, i) => i % 15 === 0)) {
      expectConforms('/api/v1/users/{id}', await client.get(`/api/v1/users/${user.id}`));
    }
    const me = expectConforms('/api/v1/users/{id}', await client.get('/api/v1/users/me')) as { id: string };
    expect(me.id).toBe(sim.org.tokenOwnerId);
    const login = sim.org.users[3]!.profile.login;
    const byLogin = expectConforms(
      '/api/v1/users/{id}',
      await client.get(`/api/v1/users/${encodeURIComponent(login)}`),
    );
    expect(byLogin).toMatchObject({ profile: { login } });
    expectConforms(
      '/api/v1/users/{id}/groups',
      await client.get(`/api/v1/users/${sim.org.users[0]!.id}/groups`),
    );
  });

  it('lists groups with stats, a group, its members and its roles', async () => {
    const groups = (await walkAndValidate('/api/v1/groups?expand=stats&limit=2', '/api/v1/groups')) as Array<{
      id: string;
      _embedded: { stats: { usersCount: number } };
    }>;
    expect(groups).toHaveLength(sim.org.groups.length);
    for (const group of groups) {
      expect(group._embedded.stats.usersCount).toBe(sim.org.memberships.get(group.id)!.length);
    }
    const group = sim.org.groups[1]!;
    expectConforms('/api/v1/groups/{groupId}', await client.get(`/api/v1/groups/${group.id}`));
    await walkAndValidate(
      `/api/v1/groups/${sim.org.everyoneGroupId}/users?limit=60`,
      '/api/v1/groups/{groupId}/users',
    );
    const admins = sim.org.roleAssignments.find((r) => r.assignmentType === 'GROUP')!;
    const roles = expectConforms(
      '/api/v1/groups/{groupId}/roles',
      await client.get(`/api/v1/groups/${admins.assigneeId}/roles`),
    );
    expect(roles).toHaveLength(1);
  });

  it('lists apps of every sign-on mode, their users and their group assignments', async () => {
    const apps = (await walkAndValidate('/api/v1/apps?limit=4', '/api/v1/apps')) as Array<{
      id: string;
      signOnMode: string;
    }>;
    expect(new Set(apps.map((a) => a.signOnMode))).toEqual(
      new Set(['SAML_2_0', 'OPENID_CONNECT', 'BOOKMARK']),
    );
    for (const app of apps) {
      expectConforms('/api/v1/apps/{appId}', await client.get(`/api/v1/apps/${app.id}`));
      await walkAndValidate(
        `/api/v1/apps/${app.id}/users?expand=user&limit=25`,
        '/api/v1/apps/{appId}/users',
      );
      await walkAndValidate(`/api/v1/apps/${app.id}/groups?expand=group`, '/api/v1/apps/{appId}/groups');
    }
  });

  it('lists role assignments of users and the users holding roles', async () => {
    const roles = expectConforms(
      '/api/v1/users/{userId}/roles',
      await client.get(`/api/v1/users/${sim.org.tokenOwnerId}/roles`),
    );
    expect(roles).toContainEqual(expect.objectContaining({ type: 'SUPER_ADMIN', assignmentType: 'USER' }));
    let next: string | undefined = '/api/v1/iam/assignees/users?limit=1';
    let pages = 0;
    while (next) {
      const body = expectConforms('/api/v1/iam/assignees/users', await client.get(next)) as {
        _links: { next?: { href: string } };
      };
      next = body._links.next?.href;
      pages++;
    }
    expect(pages).toBe(sim.orgIndex.adminUserIds().length);
  });

  it('answers errors with Okta error bodies: 400, 401, 403, 404, 429', async () => {
    const invalidSearch = await client.get('/api/v1/users?search=status+equals+%22ACTIVE%22');
    expect(expectConforms('/api/v1/users', invalidSearch, 400)).toMatchObject({ errorCode: 'E0000031' });
    const badToken = await client.get('/api/v1/users', { token: 'not-the-token' });
    expect(expectConforms('/api/v1/users', badToken, 401)).toMatchObject({
      errorCode: 'E0000011',
      errorSummary: 'Invalid token provided',
    });
    const noToken = await client.get('/api/v1/users', { token: null });
    expect(expectConforms('/api/v1/users', noToken, 403)).toMatchObject({ errorCode: 'E0000005' });
    const missing = await client.get('/api/v1/users/00uDoesNotExist00000');
    expect(expectConforms('/api/v1/users/{id}', missing, 404)).toMatchObject({ errorCode: 'E0000007' });
    expectConforms('/api/v1/apps/{appId}/users', await client.get('/api/v1/apps/0oaNope/users'), 404);
    expectConforms('/api/v1/groups/{groupId}/users', await client.get('/api/v1/groups/00gNope/users'), 404);

    sim.setFaults({ forbiddenPaths: ['/api/v1/iam'] });
    const forbidden = await client.get('/api/v1/iam/assignees/users');
    expect(expectConforms('/api/v1/iam/assignees/users', forbidden, 403)).toMatchObject({
      errorCode: 'E0000006',
    });
    sim.setFaults({ rateLimitStorm: true });
    const limited = await client.get('/api/v1/groups');
    expect(expectConforms('/api/v1/groups', limited, 429)).toMatchObject({ errorCode: 'E0000047' });
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    sim.setFaults({});
  });

  it('fails the check when a body drifts from the description', async () => {
    const users = (await client.get('/api/v1/users?limit=2')).json<Array<Record<string, unknown>>>();
    users[1]!.status = 123;
    expect(validator.validate('GET', '/api/v1/users', 200, users).valid).toBe(false);

    const renamed = (await client.get('/api/v1/users?limit=1')).json<Array<Record<string, unknown>>>();
    renamed[0]!.lastSignIn = renamed[0]!.lastLogin; // an invented property
    expect(validator.validate('GET', '/api/v1/users', 200, renamed).valid).toBe(false);

    const saml = sim.org.apps.find((a) => a.signOnMode === 'SAML_2_0')!;
    const app = (await client.get(`/api/v1/apps/${saml.id}`)).json<{
      settings: { signOn: Record<string, unknown> };
    }>();
    delete app.settings.signOn.assertionSigned; // required for SAML 2.0 apps only
    expect(validator.validate('GET', '/api/v1/apps/{appId}', 200, app).valid).toBe(false);
  });
});
