// Each injected fault produces what a connector meets in the field, switchable at start and at runtime.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubSimulator } from '../../sim/github/index.ts';
import type { GitHubSimulator } from '../../sim/github/index.ts';
import { simClient } from '../../sim/github/test-client.ts';
import type { SimClient } from '../../sim/github/test-client.ts';

let sim: GitHubSimulator;
let client: SimClient;
let org: string;
let now = Date.UTC(2030, 0, 1);

beforeAll(async () => {
  sim = await startGitHubSimulator({
    members: 30,
    clock: () => now,
    tokens: {
      member: { owner: 'member', scopes: ['read:org', 'repo'] },
      shortLived: { scopes: ['read:org'], expiresAt: Date.UTC(2030, 0, 2) },
      fineGrained: { kind: 'fine-grained' },
    },
  });
  org = sim.orgLogin;
  client = simClient(sim);
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
});

beforeEach(() => {
  sim.setFaults({});
  sim.resetStats();
});

const SAML_QUERY = `{ organization(login: "ORG") { samlIdentityProvider { ssoUrl } } }`;

describe('GitHub simulator faults', () => {
  it('starts with the faults it was given', async () => {
    const expired = await startGitHubSimulator({ members: 5, faults: { expiredToken: true } });
    const expiredClient = simClient(expired);
    try {
      expect((await expiredClient.get('/user')).status).toBe(401);
    } finally {
      await expiredClient.close();
      await expired.close();
    }
  });

  it('expiredToken: 401 "Bad credentials" for REST and GraphQL, with the IP’s rate-limit headers', async () => {
    sim.setFaults({ expiredToken: true });
    const response = await client.get(`/orgs/${org}/members`);
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
    expect(response.headers.get('x-ratelimit-limit')).toBe('60');
    const graphql = await client.graphql('{ viewer { login } }');
    expect(graphql.status).toBe(401);
    expect(graphql.json()).toMatchObject({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/graphql',
    });
    expect(sim.stats().unauthorized).toBe(2);
  });

  it('tokens expire on their date and revoked tokens stop working alone', async () => {
    expect((await client.get('/user', { token: sim.tokens.shortLived })).status).toBe(200);
    now = Date.UTC(2030, 0, 2);
    expect((await client.get('/user', { token: sim.tokens.shortLived })).status).toBe(401);
    now = Date.UTC(2030, 0, 1);
    sim.setFaults({ revokedTokens: ['member'] });
    expect((await client.get('/user', { token: sim.tokens.member })).status).toBe(401);
    expect((await client.get('/user')).status).toBe(200);
  });

  it('missingScopes: the scope (and the scopes including it) disappear from classic tokens', async () => {
    sim.setFaults({ missingScopes: ['read:org'] });
    const members = await client.get(`/orgs/${org}/members?per_page=100`);
    expect(members.headers.get('x-oauth-scopes')).toBe('read:user, repo');
    expect(members.json<unknown[]>()).toHaveLength(sim.org.members.filter((m) => m.publicMembership).length);
    const teams = await client.get(`/orgs/${org}/teams`);
    expect(teams.status).toBe(403);
    expect(teams.json()).toMatchObject({ message: 'Must have admin rights to Repository.' });
    const saml = await client.graphql(SAML_QUERY.replace('ORG', org));
    expect(saml.json()).toMatchObject({ errors: [{ type: 'INSUFFICIENT_SCOPES' }] });
    // Fine-grained tokens have no scopes to lose.
    expect((await client.get(`/orgs/${org}/teams`, { token: sim.tokens.fineGrained })).status).toBe(200);
  });

  it('orgNotFound: every org path is 404 and GraphQL cannot resolve the org; /user still works', async () => {
    sim.setFaults({ orgNotFound: true });
    for (const path of [
      `/orgs/${org}`,
      `/orgs/${org}/members`,
      `/repos/${org}/${sim.org.repos[0]!.name}/collaborators`,
    ]) {
      const response = await client.get(path);
      expect(response.status, path).toBe(404);
      expect(response.json()).toMatchObject({ message: 'Not Found', status: '404' });
    }
    expect((await client.get('/user')).status).toBe(200);
    expect((await client.graphql(SAML_QUERY.replace('ORG', org))).json()).toMatchObject({
      data: { organization: null },
      errors: [
        { type: 'NOT_FOUND', message: `Could not resolve to an Organization with the login of '${org}'.` },
      ],
    });
  });

  it('samlNotAuthorized: classic tokens meet SAML enforcement (403 with X-GitHub-SSO); fine-grained ones do not', async () => {
    sim.setFaults({ samlNotAuthorized: true });
    const response = await client.get(`/orgs/${org}/members`);
    expect(response.status).toBe(403);
    expect(response.json<{ message: string }>().message).toMatch(
      /^Resource protected by organization SAML enforcement/,
    );
    expect(response.headers.get('x-github-sso')).toMatch(
      new RegExp(`^required; url=${sim.url}/orgs/${org}/sso`),
    );
    expect((await client.get(`/orgs/${org}/members`, { token: sim.tokens.fineGrained })).status).toBe(200);
    expect((await client.get('/user')).status).toBe(200);
  });

  it('serverErrors: the next N requests fail, JSON for 500/502/504 and the unicorn page for 503', async () => {
    sim.setFaults({ serverErrors: { count: 2 } });
    const first = await client.get(`/orgs/${org}/members`);
    expect(first.status).toBe(500);
    expect(first.json()).toEqual({ message: 'Server Error' });
    expect((await client.get(`/orgs/${org}/teams`)).status).toBe(500);
    expect((await client.get(`/orgs/${org}/teams`)).status).toBe(200);
    sim.setFaults({ serverErrors: { count: 1, status: 503 } });
    const unavailable = await client.get(`/orgs/${org}/members`);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('content-type')).toMatch(/text\/html/);
    expect(unavailable.headers.get('x-ratelimit-limit')).toBeNull();
    sim.setFaults({ serverErrors: { count: 1, status: 502 } });
    expect((await client.get(`/orgs/${org}`)).status).toBe(502);
    // GraphQL's internal errors arrive as 200 with the text @octokit/plugin-retry looks for.
    sim.setFaults({ serverErrors: { count: 1 } });
    const graphql = await client.graphql('{ viewer { login } }');
    expect(graphql.status).toBe(200);
    expect(graphql.json()).toMatchObject({
      data: null,
      errors: [{ message: expect.stringMatching(/^Something went wrong while executing your query/) }],
    });
    expect(sim.stats().serverErrorsSent).toBe(5);
  });

  it('resetEvery: every Nth request loses its connection without a response', async () => {
    sim.setFaults({ resetEvery: 3 });
    expect((await client.get('/user')).status).toBe(200);
    expect((await client.get('/user')).status).toBe(200);
    await expect(client.get('/user')).rejects.toThrow();
    expect((await client.get('/user')).status).toBe(200);
    expect(sim.stats().connectionsReset).toBe(1);
  });

  it('slowPagesMs and slowPaths delay responses', async () => {
    sim.setFaults({ slowPagesMs: 150 });
    let started = performance.now();
    expect((await client.get('/user')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    sim.setFaults({ slowPaths: { '/orgs/*/members': 400 } });
    started = performance.now();
    await client.get(`/orgs/${org}/teams`);
    expect(performance.now() - started).toBeLessThan(300);
    started = performance.now();
    await client.get(`/api/v3/orgs/${org}/members`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
  });

  it('secondaryRateLimitStorm: 403 with retry-after and the secondary message, for REST and GraphQL', async () => {
    sim.setFaults({ secondaryRateLimitStorm: true });
    const response = await client.get(`/orgs/${org}/repos`);
    expect(response.status).toBe(403);
    expect(response.headers.get('retry-after')).toBe('60');
    expect(response.headers.get('x-ratelimit-remaining')).toBeNull();
    expect(response.json<{ message: string }>().message).toMatch(
      /^You have exceeded a secondary rate limit\. Please wait a few minutes before you try again\. If you reach out to GitHub Support for help, please include the request ID [0-9A-F:]+\.$/,
    );
    const graphql = await client.graphql('{ viewer { login } }');
    expect(graphql.status).toBe(403);
    expect(graphql.json<{ documentation_url: string }>().documentation_url).toContain('/graphql/');
    expect(sim.stats().secondaryRateLimited).toBe(2);
  });

  it('primaryRateLimitExhausted: 403 with x-ratelimit-remaining 0; GraphQL says RATE_LIMITED with 200', async () => {
    sim.setFaults({ primaryRateLimitExhausted: true });
    const response = await client.get(`/orgs/${org}/members`);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(response.json<{ message: string; documentation_url: string }>()).toMatchObject({
      message: expect.stringMatching(
        /^API rate limit exceeded for user ID \d+\. If you reach out to GitHub Support/,
      ),
      documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
    });
    const graphql = await client.graphql('{ viewer { login } }');
    expect(graphql.status).toBe(200);
    expect(graphql.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(graphql.json()).toMatchObject({ errors: [{ type: 'RATE_LIMITED' }] });
    // GET /rate_limit does not count and still answers.
    expect((await client.get('/rate_limit')).status).toBe(200);
  });

  it('rejects nonsensical fault settings', () => {
    expect(() => sim.setFaults({ resetEvery: 0 })).toThrow(/resetEvery/);
    expect(() => sim.setFaults({ slowPagesMs: -1 })).toThrow(/slowPagesMs/);
    expect(() => sim.setFaults({ serverErrors: { count: 1, status: 404 as 500 } })).toThrow(/status/);
  });
  it('forbiddenPaths: 403 on the matched endpoints only, worded for the token kind', async () => {
    sim.setFaults({ forbiddenPaths: [`/orgs/${org}/outside_collaborators`] });
    const classic = await client.get(`/orgs/${org}/outside_collaborators`);
    expect(classic.status).toBe(403);
    expect(classic.json<{ message: string }>().message).toBe('Must have admin rights to Repository.');
    const fine = await client.get(`/orgs/${org}/outside_collaborators`, { token: sim.tokens.fineGrained });
    expect(fine.status).toBe(403);
    expect(fine.json<{ message: string }>().message).toBe('Resource not accessible by personal access token');
    expect(fine.headers.get('x-accepted-github-permissions')).toBeTruthy();
    expect((await client.get(`/orgs/${org}/members`)).status).toBe(200);
    // Under /api/v3 too: the pattern is matched without the GHES prefix.
    expect((await client.get(`/api/v3/orgs/${org}/outside_collaborators`)).status).toBe(403);
  });

  it('wrongDomain: some other web server answers 404 HTML on every path', async () => {
    sim.setFaults({ wrongDomain: true });
    for (const path of [`/orgs/${org}/members`, '/api/v3/user', '/']) {
      const response = await client.get(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('x-ratelimit-limit')).toBeNull();
    }
  });

  it('rateLimitStorm: the kit’s storm switch is GitHub’s secondary rate limit', async () => {
    sim.setFaults({ rateLimitStorm: true });
    const response = await client.get(`/orgs/${org}/members`);
    expect(response.status).toBe(403);
    expect(response.headers.get('retry-after')).toBeTruthy();
    expect(response.json<{ message: string }>().message).toMatch(/secondary rate limit/);
    expect(sim.stats().secondaryRateLimited).toBe(1);
  });
});
