// The clients the connector will use, unchanged, against the simulator: @octokit/rest with the throttling
// and retry plugins (Link-header paging, secondary and primary limit handling, 5xx retries, GHES base URL)
// and @octokit/graphql (SAML identities, GitHub's error shapes).
import { graphql } from '@octokit/graphql';
import { GraphqlResponseError } from '@octokit/graphql';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubSimulator } from '../../sim/github/index.ts';
import type { GitHubSimOptions, GitHubSimulator } from '../../sim/github/index.ts';

const ThrottledOctokit = Octokit.plugin(throttling, retry);
/** Octokit logs every failed request; the failures here are the point of the tests. */
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let sim: GitHubSimulator | undefined;
let agent: Agent | undefined;

afterEach(async () => {
  await agent?.close();
  await sim?.close();
  sim = agent = undefined;
});

interface Events {
  secondary: number;
  primary: number;
}

/** Octokit trusting the simulator's CA through its `request.fetch` hook (a connector feature too). */
async function octokitAgainstSimulator(
  options: GitHubSimOptions,
  ghes = true,
  throttleBaseMs = 20,
): Promise<{
  sim: GitHubSimulator;
  octokit: InstanceType<typeof ThrottledOctokit>;
  events: Events;
  fetch: typeof fetch;
}> {
  sim = await startGitHubSimulator(options);
  agent = new Agent({ connect: { ca: sim.caPem } });
  const dispatcher = agent;
  const trustingFetch = ((url: string, init?: RequestInit) =>
    undiciFetch(url, { ...(init as object), dispatcher } as Parameters<
      typeof undiciFetch
    >[1])) as unknown as typeof fetch;
  const events: Events = { secondary: 0, primary: 0 };
  const octokit = new ThrottledOctokit({
    auth: sim.token,
    log: quiet,
    baseUrl: ghes ? sim.baseUrl : sim.url,
    request: { fetch: trustingFetch },
    retry: { retryAfterBaseValue: 5 },
    throttle: {
      // Milliseconds per retry-after second, so tests do not wait whole minutes.
      retryAfterBaseValue: throttleBaseMs,
      onSecondaryRateLimit: () => {
        events.secondary++;
        return events.secondary < 5;
      },
      onRateLimit: () => {
        events.primary++;
        return events.primary < 5;
      },
    },
  });
  return { sim, octokit, events, fetch: trustingFetch };
}

describe('@octokit/rest with throttling and retry against the simulator', () => {
  it('walks members by role, teams, repositories and collaborators through Link headers (GHES base URL)', async () => {
    const { sim, octokit } = await octokitAgainstSimulator({ members: 230, seed: 4 });
    const org = sim.orgLogin;
    const members = await octokit.paginate(octokit.rest.orgs.listMembers, { org, per_page: 100 });
    expect(members.map((m) => m.id)).toEqual(sim.org.members.map((m) => m.userId));
    const admins = await octokit.paginate(octokit.rest.orgs.listMembers, {
      org,
      role: 'admin',
      per_page: 100,
    });
    expect(admins).toHaveLength(sim.org.members.filter((m) => m.role === 'admin').length);
    const no2fa = await octokit.paginate(octokit.rest.orgs.listMembers, { org, filter: '2fa_disabled' });
    expect(no2fa.length).toBeGreaterThan(0);
    const teams = await octokit.paginate(octokit.rest.teams.list, { org, per_page: 1 });
    expect(teams).toHaveLength(sim.org.teams.length);
    const repos = await octokit.paginate(octokit.rest.repos.listForOrg, { org, type: 'all', per_page: 7 });
    expect(repos).toHaveLength(sim.org.repos.length);
    const repo = repos[0]!;
    const collaborators = await octokit.paginate(octokit.rest.repos.listCollaborators, {
      owner: org,
      repo: repo.name,
      affiliation: 'all',
      per_page: 100,
    });
    expect(collaborators.length).toBeGreaterThanOrEqual(230);
    expect(collaborators.every((c) => typeof c.role_name === 'string')).toBe(true);
    const me = await octokit.rest.users.getAuthenticated();
    expect(me.headers['x-oauth-scopes']).toBe('admin:org, read:user, repo');
  });

  it('waits out a secondary rate limit using retry-after, then completes', async () => {
    const { sim, octokit, events } = await octokitAgainstSimulator({ members: 10, timeScale: 60 });
    sim.setFaults({ secondaryRateLimitStorm: true });
    // The storm ends once it has refused a request, however long the first request takes to arrive.
    const running = sim;
    const clearing = setInterval(() => {
      if (running.stats().secondaryRateLimited > 0) {
        running.setFaults({});
        clearInterval(clearing);
      }
    }, 5);
    const members = await octokit.paginate(octokit.rest.orgs.listMembers, { org: sim.orgLogin });
    clearInterval(clearing);
    expect(members).toHaveLength(10);
    expect(events.secondary).toBeGreaterThanOrEqual(1);
    expect(sim.stats().secondaryRateLimited).toBeGreaterThanOrEqual(1);
  });

  it('waits for x-ratelimit-reset when the primary budget is spent', async () => {
    // One-second windows; the plugin waits (reset - now + 1) real seconds.
    const { sim, octokit, events } = await octokitAgainstSimulator(
      { members: 250, timeScale: 3600, rateLimits: { core: 2 } },
      true,
      1000,
    );
    const members = await octokit.paginate(octokit.rest.orgs.listMembers, {
      org: sim.orgLogin,
      per_page: 100,
    });
    expect(members).toHaveLength(250);
    expect(events.primary).toBeGreaterThanOrEqual(1);
    expect(sim.stats().primaryRateLimited).toBeGreaterThanOrEqual(1);
  });

  it('retries 5xx bursts, and surfaces 401, 404 and 422 as RequestErrors with GitHub’s messages', async () => {
    const { sim, octokit } = await octokitAgainstSimulator(
      { members: 10, tokens: { member: { owner: 'member', scopes: ['read:org', 'repo'] } } },
      false,
    );
    sim.setFaults({ serverErrors: { count: 2, status: 502 } });
    expect((await octokit.rest.orgs.get({ org: sim.orgLogin })).status).toBe(200);
    expect(sim.stats().serverErrorsSent).toBe(2);
    await expect(octokit.rest.orgs.get({ org: 'no-such-org' })).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('Not Found'),
    });
    const member = new ThrottledOctokit({
      auth: sim.tokens.member,
      log: quiet,
      baseUrl: sim.url,
      request: { fetch: (octokit.request.endpoint.DEFAULTS.request as { fetch: typeof fetch }).fetch },
      throttle: { onRateLimit: () => false, onSecondaryRateLimit: () => false },
    });
    await expect(
      member.rest.orgs.listMembers({ org: sim.orgLogin, filter: '2fa_disabled' }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('Only owners can use this filter.'),
    });
    sim.setFaults({ expiredToken: true });
    await expect(octokit.rest.users.getAuthenticated()).rejects.toMatchObject({ status: 401 });
  });
});

describe('@octokit/graphql against the simulator', () => {
  const QUERY = `query($org: String!, $after: String) {
    organization(login: $org) {
      samlIdentityProvider {
        ssoUrl
        externalIdentities(first: 100, after: $after) {
          pageInfo { hasNextPage endCursor }
          edges { node { guid samlIdentity { nameId username } user { login } } }
        }
      }
    }
  }`;
  type Page = {
    organization: {
      samlIdentityProvider: null | {
        externalIdentities: {
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: Array<{ node: { samlIdentity: { nameId: string }; user: { login: string } | null } }>;
        };
      };
    };
  };

  it('pages SAML identities at the GHES GraphQL URL, and gets null for a member’s token', async () => {
    const { sim, fetch } = await octokitAgainstSimulator({
      members: 260,
      tokens: { member: { owner: 'member', scopes: ['read:org', 'repo'] } },
    });
    const client = graphql.defaults({
      baseUrl: sim.baseUrl,
      headers: { authorization: `token ${sim.token}` },
      request: { fetch },
    });
    const nameIds: string[] = [];
    let after: string | null = null;
    do {
      const page: Page = await client<Page>(QUERY, { org: sim.orgLogin, after });
      const connection = page.organization.samlIdentityProvider!.externalIdentities;
      nameIds.push(...connection.edges.map((e) => e.node.samlIdentity.nameId));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    expect(nameIds).toEqual(sim.org.samlIdentities.map((i) => i.nameId));
    expect(sim.stats().requestsByOperation.graphql).toBe(3);
    const member = graphql.defaults({
      baseUrl: sim.baseUrl,
      headers: { authorization: `token ${sim.tokens.member}` },
      request: { fetch },
    });
    expect(await member<Page>(QUERY, { org: sim.orgLogin })).toEqual({
      organization: { samlIdentityProvider: null },
    });
  });

  it('throws GraphqlResponseError with GitHub’s error types', async () => {
    const { sim, fetch } = await octokitAgainstSimulator({
      members: 10,
      tokens: {
        noMembers: { kind: 'fine-grained', permissions: { members: 'none' } },
        repoOnly: { scopes: ['repo'] },
      },
    });
    const as = (token: string) =>
      graphql.defaults({
        baseUrl: sim.url,
        headers: { authorization: `token ${token}` },
        request: { fetch },
      });
    const forbidden = await as(sim.tokens.noMembers!)(QUERY, { org: sim.orgLogin }).catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(GraphqlResponseError);
    expect((forbidden as GraphqlResponseError<Page>).errors?.[0]).toMatchObject({
      type: 'FORBIDDEN',
      path: ['organization', 'samlIdentityProvider'],
    });
    expect((forbidden as GraphqlResponseError<Page>).data).toEqual({
      organization: { samlIdentityProvider: null },
    });
    const scopes = await as(sim.tokens.repoOnly!)(QUERY, { org: sim.orgLogin }).catch((e: unknown) => e);
    expect((scopes as GraphqlResponseError<Page>).errors?.[0]).toMatchObject({ type: 'INSUFFICIENT_SCOPES' });
  });
});
