// What GitHub does that a connector must cope with, as the simulator models it: page-number pagination
// with Link headers on id-based URLs, token headers, what owners, members and under-scoped tokens each
// see, nested teams, effective repository roles, and SAML identities linked to people.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubSimulator } from '../../sim/github/index.ts';
import type { GitHubSimulator } from '../../sim/github/index.ts';
import { simClient } from '../../sim/github/test-client.ts';
import type { SimClient } from '../../sim/github/test-client.ts';

let sim: GitHubSimulator;
let client: SimClient;
let org: string;

const EXPIRY = Date.UTC(2030, 0, 15, 8, 30, 0);

beforeAll(async () => {
  sim = await startGitHubSimulator({
    members: 95,
    teams: 20,
    seed: 21,
    tokens: {
      member: { owner: 'member', scopes: ['read:org', 'repo'] },
      ownerReadOrg: { scopes: ['read:org', 'repo', 'repo:status'], expiresAt: EXPIRY },
      repoOnly: { scopes: ['repo'] },
      fineGrained: { kind: 'fine-grained', owner: 'owner', expiresAt: EXPIRY },
      fineGrainedNoMembers: { kind: 'fine-grained', permissions: { members: 'none' } },
    },
  });
  org = sim.orgLogin;
  client = simClient(sim);
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
});

const logins = (items: unknown) => (items as Array<{ login: string }>).map((u) => u.login);

describe('GitHub simulator pagination', () => {
  it('pages 30 by default, at most 100, with GitHub’s Link relations on id-based URLs', async () => {
    const orgId = sim.org.org.id;
    const first = await client.get(`/orgs/${org}/members?role=all`);
    expect(first.json<unknown[]>()).toHaveLength(30);
    expect(Object.keys(first.links)).toEqual(['next', 'last']);
    expect(first.links.next).toBe(`${sim.url}/organizations/${orgId}/members?role=all&page=2`);
    expect(first.links.last).toBe(`${sim.url}/organizations/${orgId}/members?role=all&page=4`);
    expect(first.headers.get('link')).toBe(
      `<${sim.url}/organizations/${orgId}/members?role=all&page=2>; rel="next", <${sim.url}/organizations/${orgId}/members?role=all&page=4>; rel="last"`,
    );
    const middle = await client.get(first.links.next!);
    expect(Object.keys(middle.links)).toEqual(['prev', 'next', 'last', 'first']);
    const last = await client.get(first.links.last!);
    expect(last.json<unknown[]>()).toHaveLength(5);
    expect(Object.keys(last.links)).toEqual(['prev', 'first']);

    const clamped = await client.get(`/orgs/${org}/members?per_page=500`);
    expect(clamped.json<unknown[]>()).toHaveLength(95);
    expect(clamped.headers.get('link')).toBeNull();
    const hundred = await client.get(`/repos/${org}/${sim.org.repos[0]!.name}/collaborators?per_page=500`);
    expect(hundred.json<unknown[]>().length).toBeLessThanOrEqual(100);
    expect((await client.get(`/orgs/${org}/members?per_page=0`)).json<unknown[]>()).toHaveLength(30);
    const beyond = await client.get(`/orgs/${org}/members?per_page=50&page=9`);
    expect(beyond.json<unknown[]>()).toEqual([]);
    expect(beyond.links.first).toContain('per_page=50&page=1');
    const single = await client.get(`/orgs/${org}/outside_collaborators`);
    expect(single.headers.get('link')).toBeNull();
  });

  it('keeps the /api/v3 prefix in links, and the id-based routes serve the same pages', async () => {
    const viaGhes = await client.get(`/api/v3/orgs/${org}/members?per_page=40`);
    expect(viaGhes.links.next).toBe(
      `${sim.baseUrl}/organizations/${sim.org.org.id}/members?per_page=40&page=2`,
    );
    const all: string[] = [];
    let next: string | undefined = `${sim.baseUrl}/orgs/${org}/members?per_page=40`;
    while (next) {
      const page = await client.get(next);
      all.push(...logins(page.json()));
      next = page.links.next;
    }
    expect(all).toEqual(sim.org.members.map((m) => sim.orgIndex.user(m.userId)!.login));
    const repo = sim.org.repos[0]!;
    const byId = await client.get(`/repositories/${repo.id}/collaborators?per_page=5&page=2`);
    expect(byId.json()).toEqual(
      (await client.get(`/repos/${org}/${repo.name}/collaborators?per_page=5&page=2`)).json(),
    );
  });

  it('orders organization repositories newest first unless asked otherwise', async () => {
    const created = (await client.get(`/orgs/${org}/repos?per_page=100`)).json<
      Array<{ created_at: string }>
    >();
    expect(created.map((r) => r.created_at)).toEqual(
      created
        .map((r) => r.created_at)
        .sort()
        .reverse(),
    );
    const byName = (await client.get(`/orgs/${org}/repos?sort=full_name&per_page=100`)).json<
      Array<{ name: string }>
    >();
    expect(byName.map((r) => r.name)).toEqual(byName.map((r) => r.name).sort((a, b) => a.localeCompare(b)));
    const privateOnly = (await client.get(`/orgs/${org}/repos?type=private&per_page=100`)).json<
      Array<{ private: boolean }>
    >();
    expect(privateOnly.every((r) => r.private)).toBe(true);
  });
});

describe('GitHub simulator tokens and headers', () => {
  it('reports rate limits and a classic token’s scopes on every response', async () => {
    const first = await client.get(`/orgs/${org}`);
    const second = await client.get(`/orgs/${org}`);
    expect(first.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(first.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(second.headers.get('x-ratelimit-used'))).toBe(
      Number(first.headers.get('x-ratelimit-used')) + 1,
    );
    expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(
      5000 - Number(second.headers.get('x-ratelimit-used')),
    );
    expect(Number(first.headers.get('x-ratelimit-reset')) * 1000).toBeGreaterThan(Date.now());
    expect(first.headers.get('x-oauth-scopes')).toBe('admin:org, read:user, repo');
    expect(first.headers.get('x-accepted-oauth-scopes')).toBe('admin:org, read:org, repo, user, write:org');
    expect(first.headers.get('x-github-request-id')).toMatch(/^[0-9A-F]+(:[0-9A-F]+){4}$/);
    expect(first.headers.get('github-authentication-token-expiration')).toBeNull();
    // Implied scopes are dropped, as GitHub normalizes them; the expiry is reported when there is one.
    const readOrg = await client.get(`/orgs/${org}`, { token: sim.tokens.ownerReadOrg });
    expect(readOrg.headers.get('x-oauth-scopes')).toBe('read:org, repo');
    expect(readOrg.headers.get('github-authentication-token-expiration')).toBe('2030-01-15 08:30:00 UTC');
  });

  it('fine-grained tokens send no X-OAuth-Scopes but their expiry and the accepted permissions', async () => {
    const response = await client.get(`/orgs/${org}/members`, { token: sim.tokens.fineGrained });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-oauth-scopes')).toBeNull();
    expect(response.headers.get('x-accepted-github-permissions')).toBe('members=read');
    expect(response.headers.get('github-authentication-token-expiration')).toBe('2030-01-15 08:30:00 UTC');
    expect(sim.tokens.fineGrained).toMatch(/^github_pat_11\w{20}_\w{59}$/);
    expect(sim.token).toMatch(/^ghp_\w{36}$/);
  });

  it('accepts `token`, `Bearer` and Basic credentials, and refuses unknown ones with 401', async () => {
    for (const authorization of [
      `token ${sim.token}`,
      `Bearer ${sim.token}`,
      `Basic ${Buffer.from(`x:${sim.token}`).toString('base64')}`,
    ]) {
      expect((await client.get('/user', { authorization })).status).toBe(200);
    }
    const bad = await client.get(`/orgs/${org}`, {
      authorization: 'token ghp_000000000000000000000000000000000000',
    });
    expect(bad.status).toBe(401);
    expect(bad.json()).toEqual({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
  });
});

describe('GitHub simulator: what each token sees', () => {
  it('2FA filters are for owners only; everyone else gets 422', async () => {
    const no2fa = logins((await client.get(`/orgs/${org}/members?filter=2fa_disabled&per_page=100`)).json());
    const expected = sim.org.members
      .map((m) => sim.orgIndex.user(m.userId)!)
      .filter((u) => u.twoFactor === 'none')
      .map((u) => u.login);
    expect(no2fa).toEqual(expected);
    expect(no2fa.length).toBeGreaterThan(0);
    const insecure = logins(
      (await client.get(`/orgs/${org}/members?filter=2fa_insecure&per_page=100`)).json(),
    );
    expect(insecure.every((login) => sim.orgIndex.userByLogin(login)!.twoFactor === 'sms')).toBe(true);
    for (const token of [sim.tokens.member, sim.tokens.repoOnly, sim.tokens.fineGrainedNoMembers]) {
      for (const path of [
        `/orgs/${org}/members?filter=2fa_disabled`,
        `/orgs/${org}/outside_collaborators?filter=2fa_disabled`,
      ]) {
        const response = await client.get(path, { token });
        if (path.includes('outside') && token !== sim.tokens.member) continue; // those tokens cannot list at all
        expect(response.status, path).toBe(422);
        expect(response.json()).toMatchObject({ message: 'Only owners can use this filter.', status: '422' });
      }
    }
  });

  it('tokens without org read access silently get public members only', async () => {
    const publicLogins = sim.org.members
      .filter((m) => m.publicMembership)
      .map((m) => sim.orgIndex.user(m.userId)!.login);
    for (const token of [sim.tokens.repoOnly, sim.tokens.fineGrainedNoMembers, null]) {
      const response = await client.get(`/orgs/${org}/members?per_page=100`, { token });
      expect(response.status).toBe(200);
      expect(logins(response.json())).toEqual(publicLogins);
    }
    expect(
      logins((await client.get(`/orgs/${org}/members?per_page=100`, { token: sim.tokens.member })).json()),
    ).toHaveLength(95);
  });

  it('full org settings need an owner with admin:org (or Administration read)', async () => {
    const settings = [
      'two_factor_requirement_enabled',
      'default_repository_permission',
      'members_can_create_repositories',
      'billing_email',
    ];
    const full = (await client.get(`/orgs/${org}`)).json<Record<string, unknown>>();
    const fineGrained = (await client.get(`/orgs/${org}`, { token: sim.tokens.fineGrained })).json<
      Record<string, unknown>
    >();
    for (const key of settings) {
      expect(full).toHaveProperty(key);
      expect(fineGrained).toHaveProperty(key);
    }
    for (const token of [sim.tokens.ownerReadOrg, sim.tokens.member]) {
      const view = (await client.get(`/orgs/${org}`, { token })).json<Record<string, unknown>>();
      for (const key of settings) expect(view).not.toHaveProperty(key);
    }
  });

  it('secret teams are invisible to members who are not on them', async () => {
    const secret = sim.org.teams.find(
      (t) => t.privacy === 'secret' && !sim.orgIndex.teamMembers(t.id).has(sim.org.memberUserId),
    )!;
    expect(secret).toBeDefined();
    const memberView = (
      await client.get(`/orgs/${org}/teams?per_page=100`, { token: sim.tokens.member })
    ).json<Array<{ slug: string }>>();
    expect(memberView.map((t) => t.slug)).not.toContain(secret.slug);
    expect((await client.get(`/orgs/${org}/teams/${secret.slug}`, { token: sim.tokens.member })).status).toBe(
      404,
    );
    expect((await client.get(`/orgs/${org}/teams/${secret.slug}`)).status).toBe(200);
  });
});

describe('GitHub simulator teams and repository roles', () => {
  it('lists a parent team’s members including its child teams’ members', async () => {
    const parent = sim.org.teams.find((t) => sim.orgIndex.childTeams(t.id).length > 0)!;
    const child = sim.orgIndex.childTeams(parent.id)[0]!;
    const children = (await client.get(`/orgs/${org}/teams/${parent.slug}/teams`)).json<
      Array<{ slug: string; parent: { slug: string } }>
    >();
    expect(children.map((t) => t.slug)).toContain(child.slug);
    expect(children[0]!.parent.slug).toBe(parent.slug);
    const members = logins(
      (await client.get(`/orgs/${org}/teams/${parent.slug}/members?per_page=100`)).json(),
    );
    for (const m of sim.org.teamMembers.get(child.id)!)
      expect(members).toContain(sim.orgIndex.user(m.userId)!.login);
    const maintainers = logins(
      (await client.get(`/orgs/${org}/teams/${parent.slug}/members?role=maintainer&per_page=100`)).json(),
    );
    const direct = sim.org.teamMembers.get(parent.id)!.filter((m) => m.role === 'maintainer');
    expect(maintainers).toEqual(direct.map((m) => sim.orgIndex.user(m.userId)!.login));
  });

  it('collaborators carry their highest role from every source; affiliation and permission filter them', async () => {
    const repo = sim.org.repos.find((r) =>
      (sim.org.repoCollaborators.get(r.id) ?? []).some((g) => !sim.orgIndex.member(g.id)),
    )!;
    type Collaborator = { login: string; role_name: string; permissions: Record<string, boolean> };
    const all = (await client.get(`/repos/${org}/${repo.name}/collaborators?per_page=100`)).json<
      Collaborator[]
    >();
    const ownerLogins = sim.org.members
      .filter((m) => m.role === 'admin')
      .map((m) => sim.orgIndex.user(m.userId)!.login);
    for (const login of ownerLogins) {
      expect(all.find((c) => c.login === login)).toMatchObject({
        role_name: 'admin',
        permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
      });
    }
    // The base permission is read: every member is a collaborator, plus the outside collaborators.
    const outside = (await client.get(`/repos/${org}/${repo.name}/collaborators?affiliation=outside`)).json<
      Collaborator[]
    >();
    expect(all.length).toBe(95 + outside.length);
    expect(outside.length).toBeGreaterThan(0);
    for (const c of outside)
      expect(sim.orgIndex.member(sim.orgIndex.userByLogin(c.login)!.id)).toBeUndefined();
    const direct = (await client.get(`/repos/${org}/${repo.name}/collaborators?affiliation=direct`)).json<
      Collaborator[]
    >();
    expect(direct.map((c) => c.login).sort()).toEqual(
      sim.org.repoCollaborators
        .get(repo.id)!
        .map((g) => sim.orgIndex.user(g.id)!.login)
        .sort(),
    );
    const admins = (
      await client.get(`/repos/${org}/${repo.name}/collaborators?permission=admin&per_page=100`)
    ).json<Collaborator[]>();
    expect(admins.every((c) => c.role_name === 'admin')).toBe(true);
    const readers = all.filter((c) => c.role_name === 'read');
    expect(readers.every((c) => !c.permissions.push && c.permissions.pull)).toBe(true);
  });

  it('lists the teams granted a repository with their role on it', async () => {
    const repo = sim.org.repos[1]!;
    const teams = (await client.get(`/repos/${org}/${repo.name}/teams`)).json<
      Array<{ id: number; permission: string; access_source: string }>
    >();
    expect(teams.map((t) => [t.id, t.permission])).toEqual(
      sim.orgIndex.repoTeams(repo).map(({ team, permission }) => [team.id, permission]),
    );
    expect(teams.every((t) => t.access_source === 'direct')).toBe(true);
  });
});

describe('GitHub simulator users and identities', () => {
  it('users mostly have no public email, and anonymous callers never see one', async () => {
    const withEmail = sim.org.users.find((u) => u.email !== null)!;
    const without = sim.org.users.find((u) => u.email === null)!;
    expect((await client.get(`/users/${withEmail.login.toUpperCase()}`)).json()).toMatchObject({
      email: withEmail.email,
    });
    expect((await client.get(`/users/${without.login}`)).json()).toMatchObject({ email: null });
    expect((await client.get(`/users/${withEmail.login}`, { token: null })).json()).toMatchObject({
      email: null,
    });
    expect(sim.org.users.filter((u) => u.email === null).length).toBeGreaterThan(sim.org.users.length / 2);
  });

  it('links SAML identities to members through GraphQL, also at /api/graphql', async () => {
    const member = sim.orgIndex.user(sim.org.samlIdentities[0]!.userId!)!;
    const response = await client.graphql(
      `query($org: String!, $login: String) { organization(login: $org) { samlIdentityProvider {
        externalIdentities(first: 10, login: $login) { totalCount edges { node { samlIdentity { nameId } user { login } } } } } } }`,
      { org, login: member.login },
      { path: '/api/graphql' },
    );
    expect(response.json()).toEqual({
      data: {
        organization: {
          samlIdentityProvider: {
            externalIdentities: {
              totalCount: 1,
              edges: [
                { node: { samlIdentity: { nameId: member.person!.email }, user: { login: member.login } } },
              ],
            },
          },
        },
      },
    });
    const roles = await client.graphql(
      `{ organization(login: "${org}") { membersWithRole(first: 100) { totalCount edges { role hasTwoFactorEnabled node { login } } } } }`,
    );
    type Edge = { role: string; hasTwoFactorEnabled: boolean | null; node: { login: string } };
    const edges = roles.json<{ data: { organization: { membersWithRole: { edges: Edge[] } } } }>().data
      .organization.membersWithRole.edges;
    expect(edges).toHaveLength(95);
    for (const edge of edges) {
      const user = sim.orgIndex.userByLogin(edge.node.login)!;
      expect(edge.role).toBe(sim.orgIndex.member(user.id)!.role === 'admin' ? 'ADMIN' : 'MEMBER');
      expect(edge.hasTwoFactorEnabled).toBe(user.twoFactor !== 'none');
    }
    const memberView = await client.graphql(
      `{ organization(login: "${org}") { membersWithRole(first: 1) { edges { hasTwoFactorEnabled } } } }`,
      {},
      { token: sim.tokens.member },
    );
    expect(memberView.json()).toMatchObject({
      data: { organization: { membersWithRole: { edges: [{ hasTwoFactorEnabled: null }] } } },
    });
  });

  it('GraphQL User.email needs user:email or read:user, and is "" rather than null', async () => {
    const response = await client.graphql('{ viewer { login email } }', {}, { token: sim.tokens.member });
    expect(response.json()).toMatchObject({
      errors: [
        {
          type: 'INSUFFICIENT_SCOPES',
          message: expect.stringContaining(
            "The 'email' field requires one of the following scopes: ['user:email', 'read:user']",
          ),
        },
      ],
    });
    const owner = await client.graphql('{ viewer { email } }');
    expect(typeof owner.json<{ data: { viewer: { email: string } } }>().data.viewer.email).toBe('string');
  });

  it('does not serve writes', async () => {
    expect((await client.get(`/orgs/${org}/members/someone`, { method: 'DELETE' })).status).toBe(404);
    expect((await client.get(`/orgs/${org}/teams`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
