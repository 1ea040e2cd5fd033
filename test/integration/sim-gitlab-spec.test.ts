// The GitLab simulator's responses against GitLab's v4 description (sim/gitlab/spec.ts, written from
// the current docs because shared/specs/gitlab-v4.json holds v3 paths with every field typed as a
// string). Strict: a field the description does not declare fails. And the local description is not
// ignored: every property it declares for members, users, groups and projects must be declared in v4
// too, or listed as gone with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, fetch } from 'undici';
import { loadOpenApiDocument, OpenApiResponseValidator } from '../../sim/shared/openapi-validator.ts';
import { startGitLabSimulator, type GitLabSimulator } from '../../sim/gitlab/index.ts';
import { GITLAB_V4_DESCRIPTION, V3_PROPERTIES_GONE } from '../../sim/gitlab/spec.ts';

const LOCAL_SPEC = '/work/shared/specs/gitlab-v4.json';
let sim: GitLabSimulator;
let dispatcher: Agent;
const validator = new OpenApiResponseValidator(GITLAB_V4_DESCRIPTION);

beforeAll(async () => {
  sim = await startGitLabSimulator({
    users: 80,
    seed: 3,
    tokens: { owner: { owner: 'owner' }, bare: { scopes: ['read_user'] } },
  });
  dispatcher = new Agent({ connect: { ca: sim.caPem } });
});
afterAll(async () => {
  await dispatcher.close();
  await sim.close();
});

async function get(path: string, token = sim.token): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sim.apiUrl}${path}`, { headers: { 'private-token': token }, dispatcher });
  return { status: response.status, body: await response.json() };
}

function expectValid(method: string, template: string, status: number, body: unknown): void {
  const result = validator.validate(method, template, status, body);
  expect(result.errors, `${template} ${status}`).toEqual([]);
}

describe('GitLab simulator against the v4 description', () => {
  it('sends users as an administrator and as a non-administrator sees them', async () => {
    const group = sim.instance.groups[0];
    const project = sim.instance.projects[0];
    const cases: Array<[string, string, string?]> = [
      ['/user', '/user'],
      ['/user', '/user', sim.tokens.owner],
      ['/version', '/version'],
      ['/personal_access_tokens/self', '/personal_access_tokens/self'],
      ['/users?per_page=100', '/users'],
      ['/users?per_page=100', '/users', sim.tokens.owner],
      ['/users?pagination=keyset&order_by=id&per_page=50', '/users'],
      ['/users/3', '/users/{id}'],
      [`/groups/${group?.id}`, '/groups/{id}'],
      [`/groups/${group?.id}/descendant_groups`, '/groups/{id}/descendant_groups'],
      [`/groups/${group?.id}/subgroups`, '/groups/{id}/subgroups'],
      [`/groups/${group?.id}/projects?include_subgroups=true&per_page=100`, '/groups/{id}/projects'],
      [`/groups/${group?.id}/members`, '/groups/{id}/members'],
      [`/groups/${group?.id}/members/all?per_page=100`, '/groups/{id}/members/all'],
      [`/groups/${group?.id}/members/all?per_page=100`, '/groups/{id}/members/all', sim.tokens.owner],
      [`/projects/${project?.id}`, '/projects/{id}'],
      [`/projects/${project?.id}/members`, '/projects/{id}/members'],
      [`/projects/${project?.id}/members/all`, '/projects/{id}/members/all'],
    ];
    for (const [path, template, token] of cases) {
      const { status, body } = await get(path, token);
      expect(status, path).toBe(200);
      expectValid('GET', template, status, body);
    }
    // Every subgroup and project, not just the first.
    for (const g of sim.instance.groups)
      expectValid(
        'GET',
        '/groups/{id}/members/all',
        200,
        (await get(`/groups/${g.id}/members/all?per_page=100`)).body,
      );
  });

  it('sends GitLab error bodies: 401 invalid_token, 403 insufficient_scope, 404 not found, 400 bad parameter', async () => {
    const unknown = await get('/user', 'glpat-unknown');
    expect(unknown).toEqual({ status: 401, body: { message: '401 Unauthorized' } });
    sim.setFaults({ expiredToken: true });
    const expired = await get('/user');
    sim.setFaults({});
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error: 'invalid_token' });
    const scope = await get('/groups/1000', sim.tokens.bare);
    expect(scope).toMatchObject({
      status: 403,
      body: { error: 'insufficient_scope', scope: 'api read_api' },
    });
    const missing = await get('/groups/nope');
    expect(missing).toEqual({ status: 404, body: { message: '404 Group Not Found' } });
    const bad = await get('/users?per_page=abc');
    expect(bad.status).toBe(400);
    for (const answer of [unknown, expired, scope, missing, bad])
      expectValid('GET', '/user', answer.status, answer.body);
  });

  it('declares every property of the local v3 description, or says why v4 no longer sends it', () => {
    const local = loadOpenApiDocument(LOCAL_SPEC).components?.schemas ?? {};
    const ours = GITLAB_V4_DESCRIPTION.components?.schemas ?? {};
    const pairs: Record<string, string> = {
      Member: 'Member',
      UserBasic: 'UserBasic',
      User: 'UserAdmin',
      Group: 'Group',
      Project: 'Project',
    };
    for (const [v3, v4] of Object.entries(pairs)) {
      const localProps = Object.keys((local[v3]?.properties ?? {}) as object);
      expect(localProps.length, v3).toBeGreaterThan(0);
      const declared = Object.keys((ours[v4] as { properties: object }).properties);
      const gone = V3_PROPERTIES_GONE[v3] ?? {};
      const unexplained = localProps.filter((p) => !declared.includes(p) && !(p in gone));
      expect(unexplained, v3).toEqual([]);
      // A "gone" entry must name a property the local description really has.
      for (const p of Object.keys(gone)) expect(localProps, `${v3}.${p}`).toContain(p);
    }
  });
});
