// Fidelity of the GitHub simulator: every REST response the connector relies on, fetched over HTTPS with
// owner, member and fine-grained tokens, validated against GitHub's OpenAPI description from
// @octokit/openapi (strict: undeclared properties fail, except the reviewed amendments), and GraphQL
// responses parsed with the documented shape of the subset.
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubGraphqlResponse } from '../../sim/github/graphql-shapes.ts';
import { startGitHubSimulator } from '../../sim/github/index.ts';
import type { GitHubSimulator } from '../../sim/github/index.ts';
import { ROUTES } from '../../sim/github/routes/index.ts';
import {
  GITHUB_DESCRIPTION_PATH,
  GITHUB_SPEC_AMENDMENTS,
  githubResponseValidator,
} from '../../sim/github/spec.ts';
import { simClient } from '../../sim/github/test-client.ts';
import type { SimClient, SimResponse } from '../../sim/github/test-client.ts';
import { loadOpenApiDocument } from '../../sim/shared/openapi-validator.ts';
import type { OpenApiResponseValidator } from '../../sim/shared/openapi-validator.ts';

let sim: GitHubSimulator;
let client: SimClient;
let validator: OpenApiResponseValidator;
let org: string;

beforeAll(async () => {
  validator = githubResponseValidator();
  sim = await startGitHubSimulator({
    members: 150,
    seed: 11,
    teamMemberRoleFields: true,
    token: { scopes: ['admin:org', 'repo', 'user'] },
    tokens: {
      member: { owner: 'member', scopes: ['read:org', 'repo'] },
      fineGrained: { kind: 'fine-grained', owner: 'member' },
      repoOnly: { scopes: ['repo'] },
      noMembers: { kind: 'fine-grained', permissions: { members: 'none' } },
      outside: { owner: 'outside-collaborator', scopes: ['read:org', 'repo'] },
    },
  });
  org = sim.orgLogin;
  client = simClient(sim);
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
});

function expectConforms(template: string, response: SimResponse, expectedStatus = 200): unknown {
  expect(response.status, response.text.slice(0, 300)).toBe(expectedStatus);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const body = response.json();
  const result = validator.validate('GET', template, response.status, body);
  expect(result.errors, `${template} ${response.status}`).toEqual([]);
  return body;
}

/** Follows Link rel="next", validating every page; returns all items. */
async function walk(path: string, template: string, token?: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let next: string | undefined = path;
  while (next) {
    const response = await client.get(next, { token });
    items.push(...(expectConforms(template, response) as Array<Record<string, unknown>>));
    next = response.links.next;
  }
  return items;
}

describe('GitHub simulator REST responses conform to GitHub’s OpenAPI description', () => {
  it('serves the organization: full settings to owners with admin:org, the public view to everyone else', async () => {
    const full = expectConforms('/orgs/{org}', await client.get(`/orgs/${org}`)) as Record<string, unknown>;
    expect(full).toMatchObject({
      login: org,
      two_factor_requirement_enabled: false,
      default_repository_permission: 'read',
      members_can_create_repositories: false,
      members_can_create_internal_repositories: true,
      plan: { name: 'enterprise' },
    });
    const ghes = expectConforms('/orgs/{org}', await client.get(`/api/v3/orgs/${org}`)) as { url: string };
    expect(ghes.url).toBe(`${sim.baseUrl}/orgs/${org}`);
    for (const token of [sim.tokens.member, sim.tokens.fineGrained, sim.tokens.repoOnly, null]) {
      const view = expectConforms('/orgs/{org}', await client.get(`/orgs/${org}`, { token })) as Record<
        string,
        unknown
      >;
      expect(view).not.toHaveProperty('two_factor_requirement_enabled');
      expect(view).not.toHaveProperty('plan');
      expect(view).toHaveProperty('public_repos');
    }
  });

  it('lists members by role and 2FA, memberships (active and pending) and outside collaborators', async () => {
    const members = await walk(`/orgs/${org}/members?per_page=40`, '/orgs/{org}/members');
    expect(members).toHaveLength(150);
    const admins = await walk(`/orgs/${org}/members?role=admin`, '/orgs/{org}/members');
    expect(admins.length).toBe(sim.org.members.filter((m) => m.role === 'admin').length);
    const no2fa = await walk(`/orgs/${org}/members?filter=2fa_disabled`, '/orgs/{org}/members');
    expect(no2fa.length).toBeGreaterThan(0);
    await walk(`/orgs/${org}/members?filter=2fa_insecure`, '/orgs/{org}/members');
    await walk(`/orgs/${org}/members`, '/orgs/{org}/members', sim.tokens.member);
    await walk(`/orgs/${org}/members`, '/orgs/{org}/members', sim.tokens.repoOnly);
    const member = sim.orgIndex.user(sim.org.memberUserId)!;
    const membership = expectConforms(
      '/orgs/{org}/memberships/{username}',
      await client.get(`/orgs/${org}/memberships/${member.login}`),
    );
    expect(membership).toMatchObject({ state: 'active', role: 'member', user: { login: member.login } });
    const invitee = sim.orgIndex.user(sim.org.invitations[0]!.userId)!;
    const pending = expectConforms(
      '/orgs/{org}/memberships/{username}',
      await client.get(`/orgs/${org}/memberships/${invitee.login}`, { token: sim.tokens.member }),
    );
    expect(pending).toMatchObject({ state: 'pending' });
    const outside = await walk(
      `/orgs/${org}/outside_collaborators?per_page=2`,
      '/orgs/{org}/outside_collaborators',
    );
    expect(outside).toHaveLength(sim.org.outsideCollaboratorIds.length);
    await walk(`/orgs/${org}/outside_collaborators?filter=2fa_disabled`, '/orgs/{org}/outside_collaborators');
  });

  it('lists teams, a team in full, its members (child teams included) and its child teams', async () => {
    const teams = await walk(`/orgs/${org}/teams?per_page=3`, '/orgs/{org}/teams');
    expect(teams).toHaveLength(sim.org.teams.length);
    expect(teams.some((t) => t.parent !== null)).toBe(true);
    for (const team of sim.org.teams) {
      expectConforms('/orgs/{org}/teams/{team_slug}', await client.get(`/orgs/${org}/teams/${team.slug}`));
      await walk(`/orgs/${org}/teams/${team.slug}/members?role=all`, '/orgs/{org}/teams/{team_slug}/members');
      await walk(
        `/orgs/${org}/teams/${team.slug}/members?role=maintainer`,
        '/orgs/{org}/teams/{team_slug}/members',
      );
      await walk(`/orgs/${org}/teams/${team.slug}/teams`, '/orgs/{org}/teams/{team_slug}/teams');
    }
    await walk(`/orgs/${org}/teams`, '/orgs/{org}/teams', sim.tokens.member);
  });

  it('lists repositories and each one’s collaborators (all, direct, outside) and teams', async () => {
    const repos = await walk(`/orgs/${org}/repos?type=all&per_page=4`, '/orgs/{org}/repos');
    expect(repos).toHaveLength(sim.org.repos.length);
    expect(new Set(repos.map((r) => r.visibility))).toEqual(new Set(['public', 'private', 'internal']));
    await walk(`/orgs/${org}/repos?sort=full_name`, '/orgs/{org}/repos', sim.tokens.member);
    await walk(`/orgs/${org}/repos`, '/orgs/{org}/repos', null as unknown as string);
    for (const repo of sim.org.repos) {
      for (const affiliation of ['all', 'direct', 'outside']) {
        await walk(
          `/repos/${org}/${repo.name}/collaborators?affiliation=${affiliation}&per_page=100`,
          '/repos/{owner}/{repo}/collaborators',
        );
      }
      await walk(`/repos/${org}/${repo.name}/teams`, '/repos/{owner}/{repo}/teams');
    }
    // The member token's user can push to the first repository.
    await walk(
      `/repos/${org}/${sim.org.repos[0]!.name}/collaborators`,
      '/repos/{owner}/{repo}/collaborators',
      sim.tokens.member,
    );
  });

  it('serves users (public and private views) and the rate-limit status', async () => {
    for (const user of sim.org.users.slice(0, 40)) {
      expectConforms('/users/{username}', await client.get(`/users/${user.login}`));
    }
    expect(expectConforms('/user', await client.get('/user'))).toMatchObject({ user_view_type: 'private' });
    expect(expectConforms('/user', await client.get('/user', { token: sim.tokens.member }))).toMatchObject({
      user_view_type: 'public',
    });
    expectConforms('/user', await client.get('/user', { token: sim.tokens.fineGrained }));
    expectConforms('/rate_limit', await client.get('/rate_limit'));
  });

  it('answers errors with GitHub’s bodies: 401, 403, 404, 422, rate limits and 500', async () => {
    const cases: Array<[string, string, number, string | null | undefined, string]> = [
      [`/orgs/${org}/members`, '/orgs/{org}/members', 401, 'ghp_wrong', 'Bad credentials'],
      ['/user', '/user', 401, null, 'Requires authentication'],
      [
        `/orgs/${org}/teams`,
        '/orgs/{org}/teams',
        403,
        sim.tokens.repoOnly,
        'Must have admin rights to Repository.',
      ],
      [
        `/orgs/${org}/teams`,
        '/orgs/{org}/teams',
        403,
        sim.tokens.noMembers,
        'Resource not accessible by personal access token',
      ],
      [
        `/orgs/${org}/outside_collaborators`,
        '/orgs/{org}/outside_collaborators',
        403,
        sim.tokens.outside,
        'Must have admin rights to Repository.',
      ],
      [
        `/orgs/${org}/memberships/nobody-here`,
        '/orgs/{org}/memberships/{username}',
        404,
        undefined,
        'Not Found',
      ],
      ['/orgs/not-our-org', '/orgs/{org}', 404, undefined, 'Not Found'],
      [
        `/repos/${org}/no-such-repo/collaborators`,
        '/repos/{owner}/{repo}/collaborators',
        404,
        undefined,
        'Not Found',
      ],
      ['/users/no-such-user-xyz', '/users/{username}', 404, undefined, 'Not Found'],
      [
        `/orgs/${org}/members?filter=2fa_disabled`,
        '/orgs/{org}/members',
        422,
        sim.tokens.member,
        'Only owners can use this filter.',
      ],
      [`/orgs/${org}/members?role=boss`, '/orgs/{org}/members', 422, undefined, 'Validation Failed'],
    ];
    const readOnly = sim.org.repos.find(
      (r) => sim.orgIndex.permissionOf(r, sim.org.memberUserId) === 'pull',
    )!;
    cases.push([
      `/repos/${org}/${readOnly.name}/collaborators`,
      '/repos/{owner}/{repo}/collaborators',
      403,
      sim.tokens.member,
      'Must have push access to view repository collaborators.',
    ]);
    for (const [path, template, status, token, message] of cases) {
      const body = expectConforms(template, await client.get(path, { token }), status);
      expect(body, path).toMatchObject({ message, status: String(status) });
    }
    sim.setFaults({ primaryRateLimitExhausted: true });
    expect(
      expectConforms('/orgs/{org}/members', await client.get(`/orgs/${org}/members`), 403),
    ).toMatchObject({
      message: expect.stringMatching(/^API rate limit exceeded for user ID \d+\./),
    });
    sim.setFaults({ secondaryRateLimitStorm: true });
    expect(expectConforms('/orgs/{org}/repos', await client.get(`/orgs/${org}/repos`), 403)).toMatchObject({
      message: expect.stringMatching(/^You have exceeded a secondary rate limit/),
    });
    sim.setFaults({ serverErrors: { count: 1 } });
    expectConforms('/orgs/{org}/teams', await client.get(`/orgs/${org}/teams`), 500);
    sim.setFaults({});
  });

  it('points documentation_url at each operation’s documented page', () => {
    const document = loadOpenApiDocument(GITHUB_DESCRIPTION_PATH);
    for (const route of ROUTES) {
      const operation = document.paths[route.operation]?.get as
        { externalDocs?: { url: string } } | undefined;
      expect(operation?.externalDocs?.url, route.operation).toBe(route.docs);
    }
    expect(GITHUB_SPEC_AMENDMENTS.length).toBeLessThan(3);
  });

  it('fails the check when a body drifts from the description', async () => {
    const members = (await client.get(`/orgs/${org}/members?per_page=2`)).json<
      Array<Record<string, unknown>>
    >();
    expect(validator.validate('GET', '/orgs/{org}/members', 200, members).valid).toBe(true);
    members[1]!.id = String(members[1]!.id); // a type change
    expect(validator.validate('GET', '/orgs/{org}/members', 200, members).valid).toBe(false);

    const collaborators = (
      await client.get(`/repos/${org}/${sim.org.repos[0]!.name}/collaborators?per_page=1`)
    ).json<Array<Record<string, unknown>>>();
    delete collaborators[0]!.role_name; // required
    expect(validator.validate('GET', '/repos/{owner}/{repo}/collaborators', 200, collaborators).valid).toBe(
      false,
    );

    const orgBody = (await client.get(`/orgs/${org}`)).json<Record<string, unknown>>();
    orgBody.two_factor_required = true; // an invented property
    expect(validator.validate('GET', '/orgs/{org}', 200, orgBody).valid).toBe(false);

    const error = (await client.get(`/orgs/${org}/teams`, { token: sim.tokens.repoOnly })).json<
      Record<string, unknown>
    >();
    error.status = 403; // GitHub sends the status as a string
    expect(validator.validate('GET', '/orgs/{org}/teams', 403, error).valid).toBe(false);
  });
});

const SAML_QUERY = `
  query($org: String!, $after: String) {
    organization(login: $org) {
      samlIdentityProvider {
        ssoUrl
        externalIdentities(first: 100, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { cursor node { guid samlIdentity { nameId username givenName familyName emails { value primary } } user { login name } } }
        }
      }
    }
    rateLimit { cost limit remaining used resetAt nodeCount }
  }`;

describe('GitHub simulator GraphQL responses have the documented shape', () => {
  it('pages every SAML identity of the org', async () => {
    let after: string | null = null;
    let identities = 0;
    do {
      const response = await client.graphql(SAML_QUERY, { org, after });
      expect(response.status).toBe(200);
      const body = githubGraphqlResponse.parse(response.json());
      expect(body.errors).toBeUndefined();
      const connection = body.data!.organization!.samlIdentityProvider!.externalIdentities!;
      identities += connection.edges!.length;
      after = connection.pageInfo!.hasNextPage ? connection.pageInfo!.endCursor! : null;
      expect(body.data!.rateLimit).toMatchObject({ cost: 1, nodeCount: 100 });
    } while (after);
    expect(identities).toBe(sim.org.samlIdentities.length);
  });

  it('answers the ways GitHub does when the identities are not visible or the query is wrong', async () => {
    const query = `{ organization(login: "${org}") { viewerCanAdminister requiresTwoFactorAuthentication samlIdentityProvider { ssoUrl } } viewer { login } }`;
    const member = githubGraphqlResponse.parse(
      (await client.graphql(query, {}, { token: sim.tokens.member })).json(),
    );
    expect(member.data?.organization).toEqual({
      viewerCanAdminister: false,
      requiresTwoFactorAuthentication: null,
      samlIdentityProvider: null,
    });
    for (const token of [sim.tokens.repoOnly, sim.tokens.noMembers, undefined]) {
      githubGraphqlResponse.parse((await client.graphql(query, {}, { token })).json());
    }
    const wrongField = githubGraphqlResponse.parse(
      (
        await client.graphql(
          `{ organization(login: "${org}") { samlIdentityProvider { externalIdentities(first: 1) { edges { node { samlIdentity { emailAddress } } } } } } }`,
        )
      ).json(),
    );
    expect(wrongField.errors?.[0]).toMatchObject({ extensions: { code: 'undefinedField' } });
    const notFound = githubGraphqlResponse.parse(
      (await client.graphql('{ organization(login: "nope") { login } }')).json(),
    );
    expect(notFound).toMatchObject({ data: { organization: null }, errors: [{ type: 'NOT_FOUND' }] });
  });

  it('the shape check rejects undocumented fields and wrong nullability', () => {
    expect(
      githubGraphqlResponse.safeParse({ data: { organization: { login: 'x', ssoEnabled: true } } }).success,
    ).toBe(false);
    expect(githubGraphqlResponse.safeParse({ data: { viewer: { email: null } } }).success).toBe(false);
    expect(githubGraphqlResponse.safeParse({ data: { viewer: { email: '' } } }).success).toBe(true);
  });
});

describe('GitHub App endpoints conform to the OpenAPI description', () => {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let appSim: GitHubSimulator;
  let appClient: SimClient;

  const jwt = (iss: number, key = keys.privateKey) => {
    const now = Math.floor(Date.now() / 1000);
    const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iat: now - 60, exp: now + 540, iss })}`;
    return `Bearer ${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), key).toString('base64url')}`;
  };

  beforeAll(async () => {
    appSim = await startGitHubSimulator({
      members: 20,
      seed: 3,
      apps: [
        {
          appId: 31,
          publicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }) as string,
          installationId: 310,
          permissions: { members: 'read', metadata: 'read' },
        },
      ],
    });
    appClient = simClient(appSim);
  });
  afterAll(async () => {
    await appClient?.close();
    await appSim?.close();
  });

  it('GET /orgs/{org}/installation and POST /app/installations/{id}/access_tokens', async () => {
    const installation = await appClient.get(`/orgs/${appSim.orgLogin}/installation`, {
      authorization: jwt(31),
    });
    const body = expectConforms('/orgs/{org}/installation', installation) as { id: number };
    expect(body.id).toBe(310);
    const created = await appClient.get('/app/installations/310/access_tokens', {
      method: 'POST',
      authorization: jwt(31),
    });
    expect(created.status, created.text).toBe(201);
    const tokenBody = created.json() as { token: string; permissions: unknown };
    const result = validator.validate(
      'POST',
      '/app/installations/{installation_id}/access_tokens',
      201,
      tokenBody,
    );
    expect(result.errors).toEqual([]);
    expect(tokenBody.permissions).toEqual({ members: 'read', metadata: 'read' });
    // The installation token reads the org like a fine-grained token: no X-OAuth-Scopes, no user.
    const members = await appClient.get(`/orgs/${appSim.orgLogin}/members`, { token: tokenBody.token });
    expect(members.status).toBe(200);
    expect(members.headers.get('x-oauth-scopes')).toBeNull();
    expect((await appClient.get('/user', { token: tokenBody.token })).status).toBe(403);
    // Without organization_administration the 2FA filter is refused (the README's assumption).
    const filtered = await appClient.get(`/orgs/${appSim.orgLogin}/members?filter=2fa_disabled`, {
      token: tokenBody.token,
    });
    expect(filtered.status).toBe(422);
  });

  it('refuses a JWT signed by another key, and answers 404 where the app is not installed', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const bad = await appClient.get('/app/installations/310/access_tokens', {
      method: 'POST',
      authorization: jwt(31, other),
    });
    expect(bad.status).toBe(401);
    expect(
      validator.validate('POST', '/app/installations/{installation_id}/access_tokens', 401, bad.json())
        .errors,
    ).toEqual([]);
    const missing = await appClient.get('/orgs/someone-else/installation', { authorization: jwt(31) });
    expect(missing.status).toBe(404);
    expect(validator.validate('GET', '/orgs/{org}/installation', 404, missing.json()).errors).toEqual([]);
    const wrongInstallation = await appClient.get('/app/installations/1/access_tokens', {
      method: 'POST',
      authorization: jwt(31),
    });
    expect(wrongInstallation.status).toBe(404);
  });
});
