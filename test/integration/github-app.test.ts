// The GitHub connector with GitHub App credentials against the simulator: the app's RS256 JWT, the
// installation (configured or looked up from the org), its token and permissions; a wrong key, an app not
// installed on the org; a sync through the CLI, with neither the private key nor an installation token in
// anything Vouch writes or prints.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator } from '../../sim/github/index.ts';
import { githubConnector } from '../../src-main/engine/connectors/github/github-connector.ts';
import type { ConnectorContext } from '../../src-main/engine/connectors/types.ts';
import type { SyncOutcome } from '../../src-main/engine/sync/sync-progress.ts';
import { runVouch, type CliResult } from '../helpers/cli.ts';

const keyPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const app = keyPair();
const limitedApp = keyPair();
const strangerKey = keyPair().privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const privateKeyPem = app.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const publicPem = (k: ReturnType<typeof keyPair>) =>
  k.publicKey.export({ type: 'spki', format: 'pem' }) as string;

let sim: GitHubSimulator;
let dir: string;
const outputs: CliResult[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-github-app-'));
  sim = await startGitHubSimulator({
    members: 60,
    seed: 9,
    timeScale: 60,
    apps: [
      {
        appId: 4242,
        publicKeyPem: publicPem(app),
        installationId: 777,
        permissions: { members: 'read', organization_administration: 'read', metadata: 'read' },
      },
      {
        appId: 5151,
        publicKeyPem: publicPem(limitedApp),
        installationId: 888,
        permissions: { metadata: 'read' },
      },
    ],
  });
  writeFileSync(path.join(dir, 'app.pem'), privateKeyPem);
  writeFileSync(path.join(dir, 'ca.pem'), sim.caPem);
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function context(config: Record<string, string>, privateKey = privateKeyPem, org?: string): ConnectorContext {
  return {
    config: { org: org ?? sim.orgLogin, baseUrl: sim.baseUrl, ...config },
    secrets: { privateKey },
    caPem: sim.caPem,
    proxyUrl: null,
    signal: AbortSignal.timeout(30_000),
  };
}

describe('GitHub App credentials', () => {
  it('connects with the installation looked up from the organization', async () => {
    const status = await githubConnector.test(context({ appId: '4242' }));
    expect(status.status, status.message).toBe('connected');
    expect(status.message).toContain('GitHub App 4242 (installation 777), found from the organization');
    expect(status.message).toContain('members: read');
    expect(status.message).toContain('Two-factor status is readable');
    expect(status.message).not.toContain('ghs_');
  });

  it('connects with a configured installation ID', async () => {
    const status = await githubConnector.test(context({ appId: '4242', installationId: '777' }));
    expect(status.status, status.message).toBe('connected');
    expect(status.message).toContain('GitHub App 4242 (installation 777)');
    expect(status.message).not.toContain('found from the organization');
  });

  it('reports a wrong key or app ID as failed authentication', async () => {
    const wrongKey = await githubConnector.test(context({ appId: '4242' }, strangerKey));
    expect(wrongKey).toMatchObject({ status: 'failed', errorClass: 'failed_authentication' });
    expect(wrongKey.message).toContain('GitHub App 4242');
    const wrongApp = await githubConnector.test(context({ appId: '9999' }));
    expect(wrongApp).toMatchObject({ status: 'failed', errorClass: 'failed_authentication' });
  });

  it('reports an app not installed on the organization as missing configuration', async () => {
    const status = await githubConnector.test(context({ appId: '4242' }, privateKeyPem, 'other-org'));
    expect(status).toMatchObject({ status: 'failed', errorClass: 'missing_configuration' });
    expect(status.message).toContain('not installed on organization other-org');
    const wrongInstallation = await githubConnector.test(context({ appId: '4242', installationId: '1' }));
    expect(wrongInstallation).toMatchObject({ status: 'failed', errorClass: 'missing_configuration' });
  });

  it('names the app permissions that are missing', async () => {
    const limitedPem = limitedApp.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    const status = await githubConnector.test(context({ appId: '5151' }, limitedPem));
    expect(status).toMatchObject({ status: 'failed', errorClass: 'missing_permissions' });
    expect(status.message).toContain('Members (organization, read)');
    expect(status.message).toContain('GitHub App 5151');
  });

  it('asks for exactly one kind of credential', () => {
    const check = githubConnector.checkCredentials;
    expect(check?.({ org: 'a' }, {})).toMatch(/No credential/);
    expect(check?.({ org: 'a', appId: '1' }, { token: 't', privateKey: privateKeyPem })).toMatch(/both/);
    expect(check?.({ org: 'a' }, { privateKey: privateKeyPem })).toMatch(/no App ID/);
    expect(check?.({ org: 'a', appId: '1' }, { privateKey: 'nonsense' })).toMatch(/not a PEM private key/);
    expect(check?.({ org: 'a' }, { token: 't' })).toBeNull();
    expect(check?.({ org: 'a', appId: '1' }, { privateKey: privateKeyPem })).toBeNull();
    // Pasted into a one-line field: the line breaks are gone.
    expect(check?.({ org: 'a', appId: '1' }, { privateKey: privateKeyPem.replace(/\n/g, ' ') })).toBeNull();
  });

  it('syncs through the CLI; the private key and installation tokens appear nowhere', async () => {
    const env = { env: { VOUCH_DATA_DIR: path.join(dir, 'data'), VOUCH_LEASE_MS: '3000' } };
    const vouch = async (...args: string[]) => {
      const result = await runVouch(args, env);
      outputs.push(result);
      return result;
    };
    const add = await vouch(
      'source',
      'add',
      'github',
      '--name',
      'gh-app',
      '--org',
      sim.orgLogin,
      '--base-url',
      sim.baseUrl,
      '--app-id',
      '4242',
      '--private-key-file',
      path.join(dir, 'app.pem'),
      '--ca-file',
      path.join(dir, 'ca.pem'),
    );
    expect(add.code, add.stderr + add.stdout).toBe(0);
    expect(add.stdout).toContain('gh-app: connected');
    const synced = await vouch('sync', 'gh-app', '--json');
    const [outcome] = JSON.parse(synced.stdout) as SyncOutcome[];
    expect(outcome?.status, synced.stdout).toBe('complete');
    expect(synced.code).toBe(0);
    const rotate = await vouch(
      'source',
      'update-credentials',
      'gh-app',
      '--private-key-file',
      path.join(dir, 'app.pem'),
    );
    expect(rotate.code, rotate.stderr + rotate.stdout).toBe(0);

    const secrets = [
      ...sim.installationTokens(),
      privateKeyPem.split('\n')[1] as string,
      privateKeyPem.replace(/-----[A-Z ]+-----|\s/g, '').slice(0, 64),
    ];
    expect(sim.installationTokens().length).toBeGreaterThan(0);
    const leaks: string[] = [];
    const walk = (p: string) => {
      for (const name of readdirSync(p)) {
        const file = path.join(p, name);
        if (statSync(file).isDirectory()) walk(file);
        else {
          let bytes = readFileSync(file);
          if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
          for (const secret of secrets) if (bytes.includes(secret)) leaks.push(file);
        }
      }
    };
    walk(path.join(dir, 'data'));
    for (const output of outputs) {
      for (const secret of secrets)
        if (output.stdout.includes(secret) || output.stderr.includes(secret)) leaks.push('CLI output');
    }
    expect(leaks).toEqual([]);
  });
});
