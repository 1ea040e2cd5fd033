// Test Connection and credential health for Entra ID against the simulator: each failure class from a real
// (simulated) authority or Graph answer, the token's roles claim naming every missing permission, and the
// credential's own expiry read from its app registration.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEntraSimulator, type EntraSimulator } from '../../sim/entra/index.ts';
import { entraConnector } from '../../src-main/engine/connectors/entra/entra-connector.ts';
import type { ConnectorContext } from '../../src-main/engine/connectors/types.ts';

let sim: EntraSimulator;
const secretExpiresAt = Date.parse('2027-03-01T12:00:00Z');

beforeAll(async () => {
  sim = await startEntraSimulator({
    users: 40,
    seed: 11,
    clientCertificate: true,
    clientSecretExpiresAt: secretExpiresAt,
  });
});
afterAll(() => sim.close());

function context(
  secrets: Record<string, string> = { clientSecret: sim.clientSecret },
  config: Record<string, string> = {},
  overrides: Partial<ConnectorContext> = {},
): ConnectorContext {
  return {
    config: {
      tenantId: sim.tenantId,
      clientId: sim.clientId,
      authorityUrl: sim.authorityUrl,
      graphUrl: sim.graphUrl,
      ...config,
    },
    secrets,
    caPem: sim.caPem,
    proxyUrl: null,
    signal: AbortSignal.timeout(30_000),
    ...overrides,
  };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const certificateSecrets = () => ({
  certificate: sim.clientCertificate!.certificatePem,
  privateKey: sim.clientCertificate!.privateKeyPem,
});

describe('Entra ID test connection', () => {
  it('connects with a client secret and with a certificate, naming the tenant', async () => {
    sim.setFaults({});
    const bySecret = await entraConnector.test(context());
    expect(bySecret).toMatchObject({ status: 'connected', errorClass: null });
    expect(bySecret.message).toContain(sim.tenantId);
    const byCertificate = await entraConnector.test(context(certificateSecrets()));
    expect(byCertificate).toMatchObject({ status: 'connected', errorClass: null });
  });

  it("says a secret's ID was pasted instead of its value (AADSTS7000215)", async () => {
    const status = await entraConnector.test(context({ clientSecret: sim.clientSecretId }));
    expect(status).toMatchObject({ status: 'failed', errorClass: 'failed_authentication' });
    expect(status.message).toContain('AADSTS7000215');
    expect(status.message).toContain("secret's ID");
    expect(status.nextStep).toContain('Value');
    expect(JSON.stringify(status)).not.toContain(sim.clientSecretId);
  });

  it('says the secret has expired (AADSTS7000222)', async () => {
    const status = await entraConnector.test(context({ clientSecret: sim.expiredClientSecret }));
    expect(status).toMatchObject({ status: 'failed', errorClass: 'failed_authentication' });
    expect(status.message).toContain('expired');
    expect(status.message).toContain('AADSTS7000222');
    expect(JSON.stringify(status)).not.toContain(sim.expiredClientSecret);
  });

  it('says missing_configuration for an unknown tenant (AADSTS90002) and a foreign app (AADSTS700016)', async () => {
    const tenant = await entraConnector.test(
      context(undefined, { tenantId: '0f0e0d0c-0b0a-4000-8000-000000000000' }),
    );
    expect(tenant).toMatchObject({ status: 'failed', errorClass: 'missing_configuration' });
    expect(tenant.message).toContain('AADSTS90002');
    const app = await entraConnector.test(
      context(undefined, { clientId: '0f0e0d0c-0b0a-4000-8000-0000000000aa' }),
    );
    expect(app).toMatchObject({ status: 'failed', errorClass: 'missing_configuration' });
    expect(app.message).toContain('AADSTS700016');
  });

  it('names every permission missing from the token roles claim', async () => {
    sim.setFaults({ revokedPermissions: ['RoleManagement.Read.Directory', 'AuditLog.Read.All'] });
    const status = await entraConnector.test(context());
    sim.setFaults({});
    expect(status).toMatchObject({ status: 'failed', errorClass: 'missing_permissions' });
    expect(status.message).toContain('RoleManagement.Read.Directory');
    expect(status.message).toContain('AuditLog.Read.All');
    expect(status.message).not.toContain('lacks User.Read.All');
    expect(status.nextStep).toContain('Grant admin consent');
  });

  it('names the data Graph refuses even when the token claims the permission', async () => {
    sim.setFaults({ forbiddenPaths: ['/v1.0/applications'] });
    const status = await entraConnector.test(context());
    sim.setFaults({});
    expect(status).toMatchObject({ status: 'failed', errorClass: 'missing_permissions' });
    expect(status.message).toContain('app registrations');
    expect(status.nextStep).toContain('Application.Read.All');
  });

  it('stays connected without a P1/P2 licence, naming what it withholds', async () => {
    sim.setFaults({ noPremiumLicense: true });
    const status = await entraConnector.test(context());
    sim.setFaults({});
    expect(status).toMatchObject({ status: 'connected' });
    expect(status.message).toContain('no Entra ID P1/P2 licence');
    expect(status.message).toContain('MFA registration');
  });

  it('says missing_configuration for a host that is not an Entra authority, and for a bad tenant id', async () => {
    sim.setFaults({ wrongDomain: true });
    const wrong = await entraConnector.test(context());
    sim.setFaults({});
    expect(wrong.errorClass).toBe('missing_configuration');
    const malformed = await entraConnector.test(context(undefined, { tenantId: 'common' }));
    expect(malformed.errorClass).toBe('missing_configuration');
  });

  it('says unreachable when TLS cannot be verified or nothing listens', async () => {
    const untrusted = await entraConnector.test(context(undefined, {}, { caPem: null }));
    expect(untrusted.errorClass).toBe('unreachable');
    expect(untrusted.nextStep).toContain('certificate authority');
    const port = await closedPort();
    const closed = await entraConnector.test(
      context(undefined, {
        authorityUrl: `https://127.0.0.1:${port}`,
        graphUrl: `https://127.0.0.1:${port}`,
      }),
    );
    expect(closed.errorClass).toBe('unreachable');
    expect(closed.message).toContain('ECONNREFUSED');
  });

  it('says rate_limited when Graph keeps answering 429', async () => {
    sim.setFaults({ rateLimitStorm: true });
    const status = await entraConnector.test(context());
    sim.setFaults({});
    expect(status.errorClass).toBe('rate_limited');
  });

  it('says failed_authentication when Graph rejects every token', async () => {
    sim.setFaults({ expiredToken: true });
    const status = await entraConnector.test(context());
    sim.setFaults({});
    expect(status.errorClass).toBe('failed_authentication');
  });
});

describe('Entra ID credential health', () => {
  it("reads the secret's own expiry from the app registration (by its hint), not the expired one's", async () => {
    const health = await entraConnector.credentialHealth!(context());
    expect(Date.parse(health.expiresAt!)).toBe(Math.floor(secretExpiresAt / 1000) * 1000);
    expect(health.missing).toEqual([]);
    expect(health.granted).toContain('User.Read.All');
  });

  it("reads the certificate's expiry by its thumbprint, and names revoked permissions", async () => {
    sim.setFaults({ revokedPermissions: ['AuditLog.Read.All'] });
    const health = await entraConnector.credentialHealth!(context(certificateSecrets()));
    sim.setFaults({});
    const registered = sim.tenant.applications
      .find((a) => a.appId === sim.clientId)!
      .keyCredentials.map((k) => k.endDateTime);
    expect(registered).toContain(health.expiresAt);
    expect(health.missing).toEqual(['AuditLog.Read.All']);
  });
});

describe('Entra ID credentials given', () => {
  it('refuses a secret and a certificate at once, and a certificate without its key', () => {
    expect(entraConnector.checkCredentials!({}, { clientSecret: 'x', ...certificateSecrets() })).toContain(
      'not both',
    );
    expect(
      entraConnector.checkCredentials!({}, { certificate: sim.clientCertificate!.certificatePem }),
    ).toContain('private key is missing');
  });
});
