// Test Connection against the Jira simulator: /myself's 401 for a bad token (which elsewhere Jira would
// answer as an anonymous visitor), the missing global permission named, a site that is not Jira, TLS
// and rate limits.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSimulator, type JiraSimulator } from '../../sim/jira/index.ts';
import { jiraConnector } from '../../src-main/engine/connectors/jira/jira-connector.ts';
import type { ConnectorContext } from '../../src-main/engine/connectors/types.ts';

let sim: JiraSimulator;
beforeAll(async () => {
  sim = await startJiraSimulator({ users: 40, seed: 4 });
});
afterAll(() => sim.close());

function context(
  token = sim.token,
  config: Record<string, string> = {},
  overrides: Partial<ConnectorContext> = {},
): ConnectorContext {
  return {
    config: { site: sim.url, email: sim.email, ...config },
    secrets: { token },
    caPem: sim.caPem,
    proxyUrl: null,
    signal: AbortSignal.timeout(30_000),
    ...overrides,
  };
}

async function testWith(faults: Parameters<JiraSimulator['setFaults']>[0], ctx = context()) {
  sim.setFaults(faults);
  try {
    return await jiraConnector.test(ctx);
  } finally {
    sim.setFaults({});
  }
}

describe('Jira test connection', () => {
  it("connects with an administrator's token and says the expiry cannot be read", async () => {
    const status = await jiraConnector.test(context());
    expect(status).toMatchObject({ status: 'connected', errorClass: null });
    expect(status.message).toContain('project role actors are collected');
    expect(status.message).toContain("does not report an API token's expiry");
  });

  it('says failed_authentication for a bad token, never echoing it', async () => {
    const status = await jiraConnector.test(context('not-the-token'));
    expect(status.errorClass).toBe('failed_authentication');
    expect(JSON.stringify(status)).not.toContain('not-the-token');
    const expired = await testWith({ expiredToken: true });
    expect(expired.errorClass).toBe('failed_authentication');
  });

  it('names Browse users and groups for an account without it, and a 403 on group listing', async () => {
    const plain = await jiraConnector.test(context(sim.userToken, { email: sim.userEmail }));
    expect(plain.errorClass).toBe('missing_permissions');
    expect(plain.message).toContain('Browse users and groups');
    const forbidden = await testWith({ forbiddenPaths: ['/rest/api/3/group'] });
    expect(forbidden.errorClass).toBe('missing_permissions');
    expect(forbidden.message).toContain('Browse users and groups');
  });

  it('says missing_configuration for a site that is not Jira, or a malformed one', async () => {
    const other = await testWith({ wrongDomain: true });
    expect(other.errorClass).toBe('missing_configuration');
    expect(jiraConnector.checkConfig({ site: 'http://acme.atlassian.net', email: 'a@b.c' })).toContain(
      'https://',
    );
    expect(jiraConnector.checkConfig({ site: 'https://acme.atlassian.net' })).toContain('email');
  });

  it('says unreachable when TLS cannot be verified or nothing listens, rate_limited in a 429 storm', async () => {
    expect((await jiraConnector.test(context(sim.token, {}, { caPem: null }))).errorClass).toBe(
      'unreachable',
    );
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const closed = await jiraConnector.test(context(sim.token, { site: `https://127.0.0.1:${port}` }));
    expect(closed.errorClass).toBe('unreachable');
    expect(closed.message).toContain('ECONNREFUSED');
    expect((await testWith({ rateLimitStorm: true })).errorClass).toBe('rate_limited');
  });
});
