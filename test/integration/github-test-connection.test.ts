// Test Connection against the GitHub simulator: every failure class from a real (simulated) GitHub answer,
// the missing scope named, owner versus member, and the token's expiry as GitHub reports it.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator } from '../../sim/github/index.ts';
import { githubConnector } from '../../src-main/engine/connectors/github/github-connector.ts';
import type { ConnectorContext } from '../../src-main/engine/connectors/types.ts';

let sim: GitHubSimulator;
const expiresAt = Date.UTC(2030, 0, 15, 8, 30);

beforeAll(async () => {
  sim = await startGitHubSimulator({
    members: 40,
    seed: 21,
    tokens: {
      member: { owner: 'member', scopes: ['read:org', 'repo'] },
      repoOnly: { scopes: ['repo', 'read:user'] },
      orgOnly: { scopes: ['read:org'] },
      fineGrained: { kind: 'fine-grained', expiresAt },
      fineGrainedNoMembers: { kind: 'fine-grained', permissions: { members: 'none' } },
      soonExpiring: { scopes: ['read:org', 'repo'], expiresAt: Date.now() + 3.5 * 86_400_000 },
      expired: { scopes: ['read:org', 'repo'], expiresAt: Date.now() - 60_000 },
    },
  });
});
afterAll(() => sim.close());

function context(
  token = sim.token,
  config: Record<string, string> = {},
  overrides: Partial<ConnectorContext> = {},
): ConnectorContext {
  return {
    config: { org: sim.orgLogin, baseUrl: sim.baseUrl, ...config },
    secrets: { token },
    caPem: sim.caPem,
    proxyUrl: null,
    signal: AbortSignal.timeout(30_000),
    ...overrides,
  };
}

async function testWith(faults: Parameters<GitHubSimulator['setFaults']>[0], ctx = context()) {
  sim.setFaults(faults);
  try {
    return await githubConnector.test(ctx);
  } finally {
    sim.setFaults({});
  }
}

describe('GitHub test connection', () => {
  it("connects with an owner's classic token and says it is an owner's, with no expiry", async () => {
    const status = await githubConnector.test(context());
    expect(status).toMatchObject({ status: 'connected', errorClass: null, nextStep: null });
    expect(status.message).toContain(`organization ${sim.orgLogin}`);
    expect(status.message).toContain('an organization owner');
    expect(status.message).toContain('GitHub reports no expiry');
    expect(status.message).toContain('Two-factor status is readable');
    expect(status.message).toMatch(/SAML SSO is enabled \(\d+ identities\)/);
  });

  it("connects with a member's token and says what an owner's token would add", async () => {
    const status = await githubConnector.test(context(sim.tokens.member));
    expect(status.status).toBe('connected');
    expect(status.message).toContain('not an organization owner');
    expect(status.message).toContain('not evaluable');
  });

  it('reports when a fine-grained token expires, and warns when one expires soon', async () => {
    const fineGrained = await githubConnector.test(context(sim.tokens.fineGrained));
    expect(fineGrained.status).toBe('connected');
    expect(fineGrained.message).toContain('fine-grained personal access token');
    expect(fineGrained.message).toContain('expires on 2030-01-15 08:30 UTC');
    const soon = await githubConnector.test(context(sim.tokens.soonExpiring));
    expect(soon.status).toBe('connected');
    expect(soon.message).toMatch(/in 3 days: rotate it soon/);
  });

  it('classifies a wrong, expired or revoked token as failed_authentication, never echoing it', async () => {
    const wrong = await githubConnector.test(context('ghp_not-a-real-token-value-000000000000'));
    expect(wrong).toMatchObject({ status: 'failed', errorClass: 'failed_authentication' });
    expect(wrong.message).toContain('Bad credentials');
    expect(wrong.nextStep).toContain('Update Credentials');
    expect(JSON.stringify(wrong)).not.toContain('ghp_not-a-real-token');
    const expired = await githubConnector.test(context(sim.tokens.expired));
    expect(expired.errorClass).toBe('failed_authentication');
    const revoked = await testWith({ expiredToken: true });
    expect(revoked.errorClass).toBe('failed_authentication');
  });

  it('names the missing scopes: read:org, repo', async () => {
    const lostReadOrg = await testWith({ missingScopes: ['read:org'] });
    expect(lostReadOrg).toMatchObject({ status: 'failed', errorClass: 'missing_permissions' });
    expect(lostReadOrg.message).toContain('lacks the scope read:org');
    expect(lostReadOrg.nextStep).toContain('read:org');
    const noRepo = await githubConnector.test(context(sim.tokens.orgOnly));
    expect(noRepo.message).toContain('lacks the scope repo');
    const neither = await githubConnector.test(context(sim.tokens.repoOnly));
    expect(neither.message).toContain('read:org');
    expect(neither.message).not.toContain('scopes read:org, repo');
  });

  it('names the fine-grained permission a token lacks', async () => {
    const status = await githubConnector.test(context(sim.tokens.fineGrainedNoMembers));
    expect(status).toMatchObject({ status: 'failed', errorClass: 'missing_permissions' });
    expect(status.message).toContain('members=read');
  });

  it('says missing_configuration when the token cannot see the org, or the config is malformed', async () => {
    const gone = await testWith({ orgNotFound: true });
    expect(gone).toMatchObject({ status: 'failed', errorClass: 'missing_configuration' });
    expect(gone.message).toContain(`cannot see organization ${sim.orgLogin}, or it does not exist`);
    const typo = await githubConnector.test(context(sim.token, { org: 'acme-crop' }));
    expect(typo.message).toContain('cannot see organization acme-crop');
    const url = await githubConnector.test(context(sim.token, { org: 'https://github.com/acme-corp' }));
    expect(url.errorClass).toBe('missing_configuration');
    expect(url.message).toContain('acme-corp');
    const plainHttp = await githubConnector.test(
      context(sim.token, { baseUrl: 'http://ghe.example.com/api/v3' }),
    );
    expect(plainHttp.errorClass).toBe('missing_configuration');
  });

  it('explains SAML SSO authorization for a token the org has not authorized', async () => {
    const status = await testWith({ samlNotAuthorized: true });
    expect(status).toMatchObject({ status: 'failed', errorClass: 'missing_permissions' });
    expect(status.message).toContain('SAML single sign-on');
    expect(status.nextStep).toContain('Authorize');
    expect(status.nextStep).toContain(`/orgs/${sim.orgLogin}/sso`);
  });

  it('says unreachable when TLS cannot be verified or nothing listens', async () => {
    const untrusted = await githubConnector.test(context(sim.token, {}, { caPem: null }));
    expect(untrusted.errorClass).toBe('unreachable');
    expect(untrusted.nextStep).toContain('certificate authority');
    // A port that was just free (fetch refuses well-known ports like 1 before connecting).
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const closed = await githubConnector.test(
      context(sim.token, { baseUrl: `https://127.0.0.1:${port}/api/v3` }),
    );
    expect(closed.errorClass).toBe('unreachable');
    expect(closed.message).toContain('ECONNREFUSED');
  });

  it('says rate_limited on a spent primary budget and on a secondary-limit storm', async () => {
    const primary = await testWith({ primaryRateLimitExhausted: true });
    expect(primary.errorClass).toBe('rate_limited');
    expect(primary.message).toMatch(/resets at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    const secondary = await testWith({ secondaryRateLimitStorm: true });
    expect(secondary.errorClass).toBe('rate_limited');
    expect(secondary.message).toContain('secondary rate limit');
  });

  it('accepts a bare GitHub Enterprise Server address and completes it to /api/v3', async () => {
    expect(githubConnector.checkConfig({ org: sim.orgLogin, baseUrl: sim.url })).toBeNull();
    const status = await githubConnector.test(context(sim.token, { baseUrl: sim.url }));
    expect(status.status).toBe('connected');
  });

  it('tunnels through HTTPS_PROXY and still verifies the server against the custom CA', async () => {
    const tunnels: string[] = [];
    const proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req, client, head) => {
      tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const status = await githubConnector.test(context(sim.token, {}, { proxyUrl }));
      expect(status.status).toBe('connected');
      expect(tunnels).toContain(new URL(sim.url).host);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
