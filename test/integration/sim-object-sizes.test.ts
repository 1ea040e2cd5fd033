// Simulated objects have the size and shape the provider really sends: each list item (or single object)
// the simulators serve is compared with the examples in the provider's own API description. A simulator
// that serves skeleton objects (an Okta group member reduced to id and login, a GitHub repository without
// its URLs) would make connectors and benchmarks look better than they will be in the field.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubSimulator } from '../../sim/github/index.ts';
import type { GitHubSimulator } from '../../sim/github/index.ts';
import { simClient as githubClient } from '../../sim/github/test-client.ts';
import { startOktaSimulator } from '../../sim/okta/index.ts';
import type { OktaSimulator } from '../../sim/okta/index.ts';
import { simClient as oktaClient } from '../../sim/okta/test-client.ts';
import { loadOpenApiDocument } from '../../sim/shared/openapi-validator.ts';

/** A simulated object may be this many times smaller or larger than the provider's examples. */
const FACTOR = 2;

type Json = Record<string, unknown>;
interface Document {
  paths: Record<string, Record<string, { responses?: Record<string, Json> }>>;
  components?: { examples?: Record<string, { value?: unknown }> };
}

/** Every example item of `GET path` 200 (arrays flattened), `$ref`s resolved. */
function exampleItems(doc: Document, path: string): Json[] {
  const response = doc.paths[path]?.get?.responses?.['200'] as Json | undefined;
  const content = (response?.content as Json | undefined)?.['application/json'] as Json | undefined;
  const examples = (content?.examples ?? {}) as Record<string, { value?: unknown; $ref?: string }>;
  const items: Json[] = [];
  for (const example of Object.values(examples)) {
    const value = example.value ?? doc.components?.examples?.[example.$ref?.split('/').pop() ?? '']?.value;
    for (const item of Array.isArray(value) ? value : [value]) if (item) items.push(item as Json);
  }
  if (items.length === 0) throw new Error(`the description has no example for GET ${path}`);
  return items;
}

/** Examples show `_embedded` output of `expand=`; without the expansion the provider sends none. */
function withoutEmbedded(item: Json): Json {
  const { _embedded: _, ...rest } = item;
  return rest;
}

const size = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Comparison {
  simulated: number;
  low: number;
  high: number;
}

function compare(items: unknown[], examples: Json[]): Comparison {
  expect(items.length).toBeGreaterThan(0);
  const sizes = examples.map(size);
  return { simulated: median(items.map(size)), low: Math.min(...sizes), high: Math.max(...sizes) };
}

function expectWithinFactor(label: string, { simulated, low, high }: Comparison): void {
  expect(simulated, `${label}: ${simulated} bytes vs examples ${low}..${high}`).toBeGreaterThanOrEqual(
    low / FACTOR,
  );
  expect(simulated, `${label}: ${simulated} bytes vs examples ${low}..${high}`).toBeLessThanOrEqual(
    high * FACTOR,
  );
}

/** Keys every example item has must be on every simulated item too (recursively into `profile`). */
function expectKeysOfExamples(
  label: string,
  items: unknown[],
  examples: Json[],
  nested: string[] = [],
): void {
  const common = (objects: Json[]) =>
    Object.keys(objects[0] ?? {}).filter((key) => objects.every((o) => Object.hasOwn(o, key)));
  const required = common(examples);
  for (const item of items as Json[]) {
    expect(Object.keys(item), label).toEqual(expect.arrayContaining(required));
    for (const key of nested) {
      const wanted = common(examples.map((e) => e[key] as Json));
      expect(Object.keys(item[key] as Json), `${label} ${key}`).toEqual(expect.arrayContaining(wanted));
    }
  }
}

describe('Okta simulator objects match the size and shape of Okta’s examples', () => {
  const okta = loadOpenApiDocument(
    new URL('../../../shared/specs/okta-management.yaml', import.meta.url).pathname,
  ) as unknown as Document;
  let sim: OktaSimulator;
  let client: ReturnType<typeof oktaClient>;

  beforeAll(async () => {
    sim = await startOktaSimulator({ users: 120, apps: 9, seed: 11 });
    client = oktaClient(sim);
  });
  afterAll(async () => {
    await client?.close();
    await sim?.close();
  });

  const get = async (path: string): Promise<unknown[]> => {
    const response = await client.get(path);
    expect(response.status, response.text).toBe(200);
    const body = response.json<unknown>();
    return Array.isArray(body) ? body : [body];
  };

  it('a group member is a full user object: profile, credentials and _links, as large as Okta’s', async () => {
    const group = sim.org.groups.find((g) => g.type === 'OKTA_GROUP')!;
    const members = await get(`/api/v1/groups/${group.id}/users`);
    const examples = exampleItems(okta, '/api/v1/groups/{groupId}/users');
    expectKeysOfExamples('group member', members, examples, ['profile', 'credentials', '_links']);
    expectWithinFactor('group member', compare(members, examples));
    // Not a skeleton: Okta's own example member is about 600 bytes.
    expect(compare(members, examples).simulated).toBeGreaterThan(500);
  });

  it('users, a single user, groups and role assignments', async () => {
    const users = await get('/api/v1/users?limit=50');
    const listExamples = exampleItems(okta, '/api/v1/users').filter(
      (u) => 'profile' in u && 'credentials' in u,
    );
    expectKeysOfExamples('user', users, listExamples, ['profile', 'credentials']);
    expectWithinFactor('user', compare(users, listExamples));

    const user = await get(`/api/v1/users/${sim.org.users[5]!.id}`);
    expectWithinFactor('single user', compare(user, exampleItems(okta, '/api/v1/users/{id}')));

    const groups = await get('/api/v1/groups');
    const groupExamples = exampleItems(okta, '/api/v1/groups');
    expectKeysOfExamples('group', groups, groupExamples, ['profile', '_links']);
    expectWithinFactor('group', compare(groups, groupExamples));
    for (const group of groups as Json[]) expect(group.objectClass).toEqual(['okta:user_group']);

    const roles = await get(`/api/v1/users/${sim.org.tokenOwnerId}/roles`);
    expectWithinFactor('role assignment', compare(roles, exampleItems(okta, '/api/v1/users/{userId}/roles')));
  });

  it('apps, app users (with and without expand=user) and app group assignments', async () => {
    const apps = await get('/api/v1/apps?limit=200');
    const appExamples = exampleItems(okta, '/api/v1/apps');
    expectKeysOfExamples('app', apps, appExamples, ['_links']);
    expectWithinFactor('app', compare(apps, appExamples));

    // Okta's example is a provisioned (SCIM-pushed) assignment, which carries externalId and lastSync.
    const app = sim.org.apps.find(
      (a) => a.features.includes('PUSH_NEW_USERS') && sim.orgIndex.appUsers(a.id).length > 0,
    )!;
    const appUserExamples = exampleItems(okta, '/api/v1/apps/{appId}/users');
    const expanded = await get(`/api/v1/apps/${app.id}/users?expand=user`);
    expectKeysOfExamples('app user', expanded, appUserExamples, ['_links']);
    expectWithinFactor('app user, expand=user', compare(expanded, appUserExamples));
    const plain = await get(`/api/v1/apps/${app.id}/users`);
    expectWithinFactor('app user', compare(plain, appUserExamples.map(withoutEmbedded)));

    const assigned = sim.org.apps.find((a) => (sim.org.appGroupAssignments.get(a.id) ?? []).length > 0)!;
    const appGroups = await get(`/api/v1/apps/${assigned.id}/groups`);
    const appGroupExamples = exampleItems(okta, '/api/v1/apps/{appId}/groups').map(withoutEmbedded);
    expectKeysOfExamples('app group', appGroups, appGroupExamples, ['_links']);
    expectWithinFactor('app group', compare(appGroups, appGroupExamples));
  });
});

/** What the GitHub simulator knowingly leaves out (its README, "Not modelled"). */
const GITHUB_OMISSIONS: Record<string, string[]> = {
  // Sent only to admins of orgs with GitHub Advanced Security.
  '/orgs/{org}/repos': ['security_and_analysis'],
  // The description types `company` as a plain string; an org without one gets null, which it forbids.
  '/orgs/{org}': ['company'],
};

function withoutOmissions(template: string): (item: Json) => Json {
  const omitted = GITHUB_OMISSIONS[template] ?? [];
  return (item) => Object.fromEntries(Object.entries(item).filter(([key]) => !omitted.includes(key)));
}

describe('GitHub simulator objects match the size and shape of @octokit/openapi’s examples', () => {
  const path = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
  const github = JSON.parse(readFileSync(path, 'utf8')) as Document;
  let sim: GitHubSimulator;
  let client: ReturnType<typeof githubClient>;

  beforeAll(async () => {
    sim = await startGitHubSimulator({ members: 120, seed: 11, teamMemberRoleFields: true });
    client = githubClient(sim);
  });
  afterAll(async () => {
    await client?.close();
    await sim?.close();
  });

  const get = async (url: string): Promise<unknown[]> => {
    const response = await client.get(url);
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    const body = response.json<unknown>();
    return Array.isArray(body) ? body : [body];
  };

  it('every object the connector reads, compared with the operation’s example', async () => {
    const org = sim.orgLogin;
    const team = sim.org.teams.find((t) => (sim.org.teamMembers.get(t.id) ?? []).length > 0)!;
    const repo = sim.org.repos[0]!;
    const member = sim.orgIndex.user(sim.org.memberUserId)!;
    const cases: Array<[template: string, url: string]> = [
      ['/orgs/{org}', `/orgs/${org}`],
      ['/orgs/{org}/members', `/orgs/${org}/members?per_page=100`],
      ['/orgs/{org}/outside_collaborators', `/orgs/${org}/outside_collaborators`],
      ['/orgs/{org}/memberships/{username}', `/orgs/${org}/memberships/${member.login}`],
      ['/orgs/{org}/teams', `/orgs/${org}/teams`],
      ['/orgs/{org}/teams/{team_slug}', `/orgs/${org}/teams/${team.slug}`],
      ['/orgs/{org}/teams/{team_slug}/members', `/orgs/${org}/teams/${team.slug}/members`],
      ['/orgs/{org}/repos', `/orgs/${org}/repos?per_page=100`],
      ['/repos/{owner}/{repo}/collaborators', `/repos/${org}/${repo.name}/collaborators?per_page=100`],
      ['/users/{username}', `/users/${member.login}`],
      ['/user', '/user'],
    ];
    const failures: string[] = [];
    for (const [template, url] of cases) {
      let items = await get(url);
      // The teams example has no parent; a nested team embeds its parent, so compare like with like.
      if (template === '/orgs/{org}/teams') items = (items as Json[]).filter((team) => team.parent === null);
      const examples = exampleItems(github, template);
      const { simulated, low, high } = compare(items, examples);
      if (simulated < low / FACTOR || simulated > high * FACTOR)
        failures.push(`${template}: ${simulated} bytes vs examples ${low}..${high}`);
      expectKeysOfExamples(
        template,
        (items as Json[]).map(withoutOmissions(template)),
        examples.map(withoutOmissions(template)),
      );
    }
    expect(failures).toEqual([]);
  });
});
