// The Jira simulator's responses against Jira Cloud's published description (shared/specs/
// jira-cloud-platform.json), strictly: undeclared fields fail. Plus the behaviours the connector depends
// on: capped maxResults read back, users/search without a total, a bad token treated as anonymous
// everywhere but /myself, and 429s with Retry-After.
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenApiDocument, OpenApiResponseValidator } from '../../sim/shared/openapi-validator.ts';
import { startJiraSimulator, type JiraSimulator } from '../../sim/jira/index.ts';

const validator = new OpenApiResponseValidator(
  loadOpenApiDocument('/work/shared/specs/jira-cloud-platform.json'),
  {
    fallbackErrorSchema: { $ref: '#/components/schemas/ErrorCollection' },
  },
);
let sim: JiraSimulator;
let dispatcher: Agent;

beforeAll(async () => {
  sim = await startJiraSimulator({ users: 120, seed: 6 });
  dispatcher = new Agent({ connect: { ca: sim.caPem } });
});
afterAll(async () => {
  await dispatcher.close();
  await sim.close();
});

async function get(path: string, email = sim.email, token = sim.token) {
  const response = await fetch(`${sim.url}${path}`, {
    headers: { authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}` },
    dispatcher,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text or HTML
  }
  return { status: response.status, headers: response.headers, body };
}

function expectValid(template: string, status: number, body: unknown) {
  expect(validator.validate('GET', template, status, body).errors, `${template} ${status}`).toEqual([]);
}

describe('Jira simulator against the Jira Cloud description', () => {
  it('sends users, groups, members, projects and role actors as the description declares', async () => {
    const project = sim.site.projects[0];
    const group = sim.site.groups[0];
    const cases: Array<[string, string]> = [
      ['/rest/api/3/myself', '/rest/api/3/myself'],
      ['/rest/api/3/mypermissions?permissions=ADMINISTER,USER_PICKER', '/rest/api/3/mypermissions'],
      ['/rest/api/3/users/search?maxResults=100', '/rest/api/3/users/search'],
      ['/rest/api/3/group/bulk?maxResults=5', '/rest/api/3/group/bulk'],
      [
        `/rest/api/3/group/member?groupId=${group?.groupId}&includeInactiveUsers=true`,
        '/rest/api/3/group/member',
      ],
      ['/rest/api/3/project/search', '/rest/api/3/project/search'],
      [`/rest/api/3/project/${project?.key}/role`, '/rest/api/3/project/{projectIdOrKey}/role'],
    ];
    for (const [path, template] of cases) {
      const { status, body } = await get(path);
      expect(status, path).toBe(200);
      expectValid(template, status, body);
    }
    for (const p of sim.site.projects) {
      for (const role of sim.site.roles) {
        const { status, body } = await get(`/rest/api/3/project/${p.key}/role/${role.id}`);
        expect(status).toBe(200);
        expectValid('/rest/api/3/project/{projectIdOrKey}/role/{id}', status, body);
      }
    }
  });

  it('caps maxResults, pages PageBeans to isLast, and reports totals (but none for users/search)', async () => {
    const first = await get('/rest/api/3/group/bulk?maxResults=500');
    const bean = first.body as { maxResults: number; total: number; isLast: boolean; values: unknown[] };
    expect(bean.maxResults).toBe(50);
    expect(bean.total).toBe(sim.site.groups.length);
    const users = await get('/rest/api/3/users/search?maxResults=1000');
    expect(Array.isArray(users.body)).toBe(true);
    expect((users.body as unknown[]).length).toBe(100);
  });

  it('answers a bad token with 401 on /myself only, and as an anonymous caller elsewhere', async () => {
    const me = await get('/rest/api/3/myself', sim.email, 'wrong');
    expect(me.status).toBe(401);
    expect(me.body).toBe('Client must be authenticated to access this resource.');
    const users = await get('/rest/api/3/users/search', sim.email, 'wrong');
    expect(users).toMatchObject({ status: 200, body: [] });
    const projects = await get('/rest/api/3/project/search', sim.email, 'wrong');
    expect((projects.body as { total: number }).total).toBe(0);
    const groups = await get('/rest/api/3/group/bulk', sim.email, 'wrong');
    expect(groups.status).toBe(401);
    expectValid('/rest/api/3/group/bulk', 401, groups.body);
  });

  it('refuses group listing to an account without Browse users and groups (403)', async () => {
    const groups = await get('/rest/api/3/group/bulk', sim.userEmail, sim.userToken);
    expect(groups.status).toBe(403);
    expect(groups.body).toMatchObject({
      errorMessages: [expect.stringContaining('Browse users and groups')],
    });
    const project = await get(
      `/rest/api/3/project/${sim.site.projects[0]?.key}/role`,
      sim.userEmail,
      sim.userToken,
    );
    expect(project.status).toBe(404);
  });

  it('sends 429 with Retry-After and X-RateLimit-Reset in a storm', async () => {
    sim.setFaults({ rateLimitStorm: true });
    const limited = await get('/rest/api/3/myself');
    sim.setFaults({});
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
