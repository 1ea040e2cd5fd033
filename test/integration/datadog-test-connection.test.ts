// Test Connection against the Datadog simulator: Datadog answers every refusal with the same bare 403, so
// these check that the connector still tells a wrong API key, a wrong application key, another site and a
// missing permission apart, and names each; plus a wrong host, a TLS failure, a 429 storm, and the rotation
// of both keys through the real CLI.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatadogSimulator, type DatadogSimulator } from '../../sim/datadog/index.ts';
import { datadogConnector } from '../../src-main/engine/connectors/datadog/datadog-connector.ts';
import type { ConnectorContext } from '../../src-main/engine/connectors/types.ts';
import { runVouch } from '../helpers/cli.ts';

let sim: DatadogSimulator;

beforeAll(async () => {
  sim = await startDatadogSimulator({ users: 20, seed: 7, timeScale: 60 });
});
afterAll(() => sim.close());

function context(
  secrets: Partial<{ apiKey: string; appKey: string }> = {},
  config: Record<string, string> = {},
  caPem: string | null = sim.caPem,
): ConnectorContext {
  return {
    config: { site: 'us5.datadoghq.com', baseUrl: sim.url, ...config },
    secrets: { apiKey: sim.apiKey, appKey: sim.appKey, ...secrets },
    caPem,
    proxyUrl: null,
    signal: AbortSignal.timeout(30_000),
  };
}

describe('Datadog test connection', () => {
  it('reports connected, naming the permission it checked', async () => {
    sim.setFaults({});
    const status = await datadogConnector.test(context());
    expect(status).toMatchObject({ status: 'connected', errorClass: null });
    expect(status.message).toContain('user_access_read');
  });

  it('names a wrong API key, says to check the site, and never echoes the key', async () => {
    const status = await datadogConnector.test(context({ apiKey: 'a'.repeat(32) }));
    expect(status).toMatchObject({ status: 'failed', errorClass: 'failed_authentication' });
    expect(status.message).toContain('refused the API key');
    expect(status.nextStep).toContain('Check the site');
    expect(status.nextStep).toContain('us5.datadoghq.com');
    expect(JSON.stringify(status)).not.toContain('a'.repeat(32));
  });

  it('names a wrong application key apart from the API key', async () => {
    const status = await datadogConnector.test(context({ appKey: 'b'.repeat(40) }));
    expect(status).toMatchObject({ status: 'failed', errorClass: 'failed_authentication' });
    expect(status.message).toContain('accepted the API key but refused the application key');
    expect(JSON.stringify(status)).not.toContain('b'.repeat(40));
  });

  it('keys of another site: check the site', async () => {
    sim.setFaults({ otherSite: true });
    const status = await datadogConnector.test(context());
    sim.setFaults({});
    expect(status.errorClass).toBe('failed_authentication');
    expect(status.nextStep).toMatch(/Check the site.*datadoghq\.eu/);
  });

  it('a key without user_access_read is missing_permissions naming it and what it cannot read', async () => {
    sim.setAppKeyScopes(['dashboards_read', 'monitors_read']);
    const status = await datadogConnector.test(context());
    sim.setAppKeyScopes(null);
    expect(status).toMatchObject({ status: 'failed', errorClass: 'missing_permissions' });
    expect(status.message).toContain('users, roles, permissions');
    expect(status.message).toContain('user_access_read');
    sim.setFaults({ forbiddenPaths: ['/api/v2/roles'] });
    const roles = await datadogConnector.test(context());
    sim.setFaults({});
    expect(roles.message).toMatch(/may not read roles \(/);
  });

  it('a host that is not the Datadog API is missing_configuration; an unknown site is refused before any request', async () => {
    sim.setFaults({ wrongDomain: true });
    const status = await datadogConnector.test(context());
    sim.setFaults({});
    expect(status).toMatchObject({ status: 'failed', errorClass: 'missing_configuration' });
    expect(datadogConnector.checkConfig({ site: 'datadoghq.org' })).toContain('Unknown Datadog site');
    expect(datadogConnector.checkConfig({ baseUrl: 'http://x' })).toContain('https');
  });

  it('an untrusted certificate is unreachable and points at the CA bundle', async () => {
    const status = await datadogConnector.test(context({}, {}, null));
    expect(status).toMatchObject({ status: 'failed', errorClass: 'unreachable' });
    expect(status.nextStep).toContain('certificate authority');
  });

  it('a 429 storm is rate_limited', async () => {
    sim.setFaults({ rateLimitStorm: true });
    const status = await datadogConnector.test(context());
    sim.setFaults({});
    expect(status.errorClass).toBe('rate_limited');
  });

  it('Update Credentials through the CLI takes both keys from files and tests them', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-datadog-test-'));
    try {
      const env = { VOUCH_DATA_DIR: path.join(dir, 'data') };
      const file = (name: string, text: string) => {
        writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
      };
      const ca = file('ca.pem', sim.caPem);
      const add = await runVouch(
        [
          'source',
          'add',
          'datadog',
          '--name',
          'dd',
          '--base-url',
          sim.url,
          '--ca-file',
          ca,
          '--api-key-file',
          file('api', `${sim.apiKey}\n`),
          '--app-key-file',
          file('app-bad', 'c'.repeat(40)),
        ],
        { env },
      );
      expect(add.stdout + add.stderr).toContain('refused the application key');
      const update = await runVouch(
        [
          'source',
          'update-credentials',
          'dd',
          '--api-key-file',
          path.join(dir, 'api'),
          '--app-key-file',
          file('app', sim.appKey),
        ],
        { env },
      );
      expect(update.code, update.stdout + update.stderr).toBe(0);
      expect(update.stdout).toContain('dd: connected');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
