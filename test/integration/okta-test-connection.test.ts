// Test Connection against the Okta simulator: each failure class from a real (simulated) Okta response.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import { oktaConnector } from '../../src-main/engine/connectors/okta/okta-connector.ts';
import type { ConnectorContext } from '../../src-main/engine/connectors/types.ts';

let sim: OktaSimulator;

beforeAll(async () => {
  sim = await startOktaSimulator({ users: 30, seed: 7, timeScale: 60 });
});
afterAll(() => sim.close());

function context(
  overrides: Partial<ConnectorContext> = {},
  domain = sim.host,
  token = sim.token,
): ConnectorContext {
  return {
    config: { domain },
    secrets: { apiToken: token },
    caPem: sim.caPem,
    proxyUrl: null,
    signal: AbortSignal.timeout(30_000),
    ...overrides,
  };
}

describe('Okta test connection', () => {
  it('reports connected with the org it reached', async () => {
    sim.setFaults({});
    const status = await oktaConnector.test(context());
    expect(status).toMatchObject({ status: 'connected', errorClass: null });
    expect(status.message).toContain(sim.org.orgId);
  });

  it('classifies a rejected token as failed_authentication with the fix', async () => {
    sim.setFaults({});
    const status = await oktaConnector.test(context({}, sim.host, 'not-the-token'));
    expect(status).toMatchObject({ status: 'failed', errorClass: 'failed_authentication' });
    expect(status.message).toContain('E0000011');
    expect(status.nextStep).toContain('Update Credentials');
    expect(JSON.stringify(status)).not.toContain('not-the-token');
  });

  it('classifies an expired token the same way', async () => {
    sim.setFaults({ expiredToken: true });
    const status = await oktaConnector.test(context());
    sim.setFaults({});
    expect(status.errorClass).toBe('failed_authentication');
  });

  it('names the dataset the token may not read', async () => {
    sim.setFaults({ forbiddenPaths: ['/api/v1/iam'] });
    const status = await oktaConnector.test(context());
    sim.setFaults({});
    expect(status).toMatchObject({ status: 'failed', errorClass: 'missing_permissions' });
    expect(status.message).toContain('admin role assignments');
    expect(status.message).not.toContain('users,');
  });

  it('says missing_configuration for a host that is not an Okta org, and for a malformed domain', async () => {
    sim.setFaults({ notOktaOrg: true });
    const notOkta = await oktaConnector.test(context());
    sim.setFaults({});
    expect(notOkta.errorClass).toBe('missing_configuration');
    const malformed = await oktaConnector.test(context({}, 'acme.okta.com/admin'));
    expect(malformed.errorClass).toBe('missing_configuration');
  });

  it('says unreachable when TLS cannot be verified or nothing listens', async () => {
    const untrusted = await oktaConnector.test(context({ caPem: null }));
    expect(untrusted.errorClass).toBe('unreachable');
    expect(untrusted.nextStep).toContain('certificate authority');
    const closed = await oktaConnector.test(context({}, '127.0.0.1:1'));
    expect(closed.errorClass).toBe('unreachable');
    expect(closed.message).toContain('ECONNREFUSED');
  });

  it('says rate_limited when Okta keeps answering 429', async () => {
    sim.setFaults({ rateLimitStorm: true });
    const status = await oktaConnector.test(context());
    sim.setFaults({});
    expect(status.errorClass).toBe('rate_limited');
  });
});
