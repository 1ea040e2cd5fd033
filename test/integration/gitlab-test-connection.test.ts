// Test Connection against the GitLab simulator: every failure class from a real (simulated) GitLab
// answer, the missing scope named, administrator versus group owner, the token's expiry and scopes as
// `personal_access_tokens/self` reports them, and CA/proxy handling of the thin undici client.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitLabSimulator, type GitLabSimulator } from '../../sim/gitlab/index.ts';
import { gitlabConnector } from '../../src-main/engine/connectors/gitlab/gitlab-connector.ts';
import type { ConnectorContext } from '../../src-main/engine/connectors/types.ts';

let sim: GitLabSimulator;

beforeAll(async () => {
  sim = await startGitLabSimulator({
    users: 40,
    seed: 21,
    timeScale: 60,
    tokens: {
      owner: { owner: 'owner' },
      readUser: { scopes: ['read_user'] },
      soon: { expiresInDays: 3 },
      revoked: { revoked: true },
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
    config: { group: sim.groupPath, baseUrl: sim.url, ...config },
    secrets: { token },
    caPem: sim.caPem,
    proxyUrl: null,
    signal: AbortSignal.timeout(30_000),
    ...overrides,
  };
}

async function testWith(faults: Parameters<GitLabSimulator['setFaults']>[0], ctx = context()) {
  sim.setFaults(faults);
  try {
    return await gitlabConnector.test(ctx);
  } finally {
    sim.setFaults({});
  }
}

describe('GitLab test connection', () => {
  it("connects with an administrator's token, says so, and gives the token's expiry", async () => {
    const status = await gitlabConnector.test(context());
    expect(status).toMatchObject({ status: 'connected', errorClass: null, nextStep: null });
    expect(status.message).toContain(`group ${sim.groupPath} is readable`);
    expect(status.message).toContain('is an instance administrator');
    const expiry = new Date(sim.tokenGrants.default?.expiresAt as number).toISOString().slice(0, 10);
    expect(status.message).toContain(`expires on ${expiry}`);
  });

  it("connects with a group owner's token and says the users dataset will be partial", async () => {
    const status = await gitlabConnector.test(context(sim.tokens.owner));
    expect(status.status).toBe('connected');
    expect(status.message).toContain('is not an instance administrator');
    expect(status.message).toContain('marked partial');
  });

  it('warns when the token expires within days', async () => {
    const status = await gitlabConnector.test(context(sim.tokens.soon));
    expect(status.status).toBe('connected');
    expect(status.message).toMatch(/in [0-3] days?: rotate it soon/);
  });

  it('classifies an unknown, expired or revoked token as failed_authentication, never echoing it', async () => {
    const unknown = await gitlabConnector.test(context('glpat-not-a-real-token-000'));
    expect(unknown.errorClass).toBe('failed_authentication');
    const expired = await testWith({ expiredToken: true });
    expect(expired.errorClass).toBe('failed_authentication');
    expect(expired.message).toContain('Token is expired');
    const revoked = await gitlabConnector.test(context(sim.tokens.revoked));
    expect(revoked.errorClass).toBe('failed_authentication');
    expect(revoked.message).toContain('Token was revoked');
    expect(revoked.nextStep).toContain('read_api');
    for (const status of [unknown, expired, revoked]) {
      expect(JSON.stringify(status)).not.toContain(sim.token);
      expect(JSON.stringify(status)).not.toContain('glpat-not-a-real');
    }
  });

  it('names read_api when the token lacks it, from its scopes or from an insufficient_scope answer', async () => {
    const readUser = await gitlabConnector.test(context(sim.tokens.readUser));
    expect(readUser.errorClass).toBe('missing_permissions');
    expect(readUser.message).toContain('read_user');
    expect(readUser.message).toContain('read_api');
    const forbidden = await testWith({ forbiddenPaths: ['/groups'] });
    expect(forbidden.errorClass).toBe('missing_permissions');
    expect(forbidden.message).toContain('read_api');
  });

  it('says missing_configuration for a group that is not there, a malformed URL, or another web server', async () => {
    const missing = await gitlabConnector.test(context(sim.token, { group: 'no-such-group' }));
    expect(missing.errorClass).toBe('missing_configuration');
    expect(missing.message).toContain('no-such-group');
    const renamed = await testWith({ groupNotFound: true });
    expect(renamed.errorClass).toBe('missing_configuration');
    expect(gitlabConnector.checkConfig({ group: 'acme', baseUrl: 'http://gitlab.example.com' })).toContain(
      'https://',
    );
    expect(gitlabConnector.checkConfig({ baseUrl: 'https://gitlab.com' })).toContain('group is required');
    const other = await testWith({ wrongDomain: true });
    expect(other.errorClass).toBe('missing_configuration');
    expect(other.message).toContain('web page');
  });

  it('says unreachable when TLS cannot be verified or nothing listens', async () => {
    const untrusted = await gitlabConnector.test(context(sim.token, {}, { caPem: null }));
    expect(untrusted.errorClass).toBe('unreachable');
    expect(untrusted.nextStep).toContain('certificate authority');
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const closed = await gitlabConnector.test(context(sim.token, { baseUrl: `https://127.0.0.1:${port}` }));
    expect(closed.errorClass).toBe('unreachable');
    expect(closed.message).toContain('ECONNREFUSED');
  });

  it('says rate_limited during a 429 storm, with or without rate-limit headers', async () => {
    const storm = await testWith({ rateLimitStorm: true });
    expect(storm.errorClass).toBe('rate_limited');
    expect(storm.message).toContain('throttle_authenticated_api');
    const bare = await testWith({ rateLimitStorm: true, rateLimitHeadersMissing: true });
    expect(bare.errorClass).toBe('rate_limited');
  });

  it('accepts the API address and a trailing slash as the base URL', async () => {
    const status = await gitlabConnector.test(context(sim.token, { baseUrl: `${sim.apiUrl}/` }));
    expect(status.status).toBe('connected');
  });

  it('reports credential health: expiry, granted scopes and what is missing', async () => {
    const health = await gitlabConnector.credentialHealth?.(context());
    expect(health?.granted).toEqual(['read_api']);
    expect(health?.missing).toEqual([]);
    expect(health?.expiresAt?.slice(0, 10)).toBe(
      new Date(sim.tokenGrants.default?.expiresAt as number).toISOString().slice(0, 10),
    );
    const weak = await gitlabConnector.credentialHealth?.(context(sim.tokens.readUser));
    expect(weak?.missing).toEqual(['read_api']);
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
      const status = await gitlabConnector.test(context(sim.token, {}, { proxyUrl }));
      expect(status.status).toBe('connected');
      expect(tunnels).toContain(new URL(sim.url).host);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
