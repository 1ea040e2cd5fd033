// Credential health through the CLI, against the simulators: `vouch source test` reads what the provider says
// about the credential (expiry, granted vs required permissions) and `vouch source show` shows it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckedCredentialHealth } from '../../src-shared/credential-health.ts';
import { startGitHubSimulator, type GitHubSimulator } from '../../sim/github/index.ts';
import { startOktaSimulator, type OktaSimulator } from '../../sim/okta/index.ts';
import { runVouch, type CliResult } from '../helpers/cli.ts';

let dir: string;
let okta: OktaSimulator;
let github: GitHubSimulator;
const outputs: CliResult[] = [];
const day = 86_400_000;
const githubExpiry = Date.UTC(2030, 0, 15, 8, 30);

async function vouch(...args: string[]): Promise<CliResult> {
  const result = await runVouch(args, { env: { VOUCH_DATA_DIR: path.join(dir, 'data') } });
  outputs.push(result);
  return result;
}

async function show(name: string): Promise<CheckedCredentialHealth | null> {
  const shown = await vouch('source', 'show', name, '--json');
  expect(shown.code, shown.stderr).toBe(0);
  return (JSON.parse(shown.stdout) as { credentialHealth: CheckedCredentialHealth | null }).credentialHealth;
}

function secretFile(name: string, value: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, value);
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-credential-health-'));
  okta = await startOktaSimulator({ users: 20, seed: 3 });
  github = await startGitHubSimulator({
    members: 20,
    seed: 3,
    tokens: {
      expiring: { scopes: ['read:org', 'repo'], expiresAt: githubExpiry },
      noRepo: { scopes: ['read:org'] },
    },
  });
  writeFileSync(path.join(dir, 'okta-ca.pem'), okta.caPem);
  writeFileSync(path.join(dir, 'github-ca.pem'), github.caPem);
});
afterAll(async () => {
  await okta.close();
  await github.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Okta API token', () => {
  it("shows the token's owner, its expiry 30 days after this use, and the admin's roles", async () => {
    const before = Date.now();
    const add = await vouch(
      'source',
      'add',
      'okta',
      '--name',
      'okta',
      '--domain',
      okta.host,
      '--token-file',
      secretFile('okta-token', okta.token),
      '--ca-file',
      path.join(dir, 'okta-ca.pem'),
    );
    expect(add.code, add.stderr).toBe(0);
    const health = await show('okta');
    const owner = okta.org.users.find((u) => u.id === okta.org.tokenOwnerId)!;
    expect(health).not.toBeNull();
    expect(health!.credential).toContain(owner.profile.login);
    const expires = Date.parse(health!.expiresAt!);
    expect(expires).toBeGreaterThanOrEqual(before + 30 * day - 2_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 30 * day + 2_000);
    expect(health!.granted).toContain('SUPER_ADMIN');
    expect(health!.missing).toEqual([]);
    expect(health!.notes.join(' ')).toContain('30 days after their last use');

    const human = await vouch('source', 'show', 'okta');
    expect(human.stdout).toMatch(/expires: .* \(in (29|30) days\)/);
    expect(human.stdout).toContain('missing: none');
  });

  it('says why the expiry is unknown when the admin may not list API tokens', async () => {
    okta.setFaults({ forbiddenPaths: ['/api/v1/api-tokens'] });
    try {
      const tested = await vouch('source', 'test', 'okta');
      expect(tested.code, tested.stdout).toBe(0);
    } finally {
      okta.setFaults({});
    }
    const health = await show('okta');
    expect(health!.expiresAt).toBeNull();
    expect(health!.notes.join(' ')).toContain('needs a Super Administrator');
  });

  it('drops the reading when the token stops authenticating', async () => {
    okta.setFaults({ expiredToken: true });
    try {
      expect((await vouch('source', 'test', 'okta')).code).toBe(3);
    } finally {
      okta.setFaults({});
    }
    expect(await show('okta')).toBeNull();
    expect((await vouch('source', 'show', 'okta')).stdout).toContain('credential health: not read yet');
  });
});

describe('GitHub token', () => {
  it("shows a classic token's expiry as GitHub reports it, and its scopes against the required ones", async () => {
    const add = await vouch(
      'source',
      'add',
      'github',
      '--name',
      'gh',
      '--org',
      github.orgLogin,
      '--base-url',
      github.baseUrl,
      '--token-file',
      secretFile('gh-token', github.tokens.expiring!),
      '--ca-file',
      path.join(dir, 'github-ca.pem'),
    );
    expect(add.code, add.stderr).toBe(0);
    const health = await show('gh');
    expect(health!.expiresAt).toBe(new Date(githubExpiry).toISOString());
    expect(health!.granted).toEqual(['read:org', 'repo']);
    expect(health!.required).toEqual(['read:org', 'repo']);
    expect(health!.missing).toEqual([]);
  });

  it('names the scope a token lacks, and test names the permission its datasets declare', async () => {
    const add = await vouch(
      'source',
      'add',
      'github',
      '--name',
      'gh-no-repo',
      '--org',
      github.orgLogin,
      '--base-url',
      github.baseUrl,
      '--token-file',
      secretFile('gh-no-repo', github.tokens.noRepo!),
      '--ca-file',
      path.join(dir, 'github-ca.pem'),
    );
    expect(add.stdout).toContain('missing_permissions');
    expect(add.stdout).toContain('repo (classic) or repository Metadata: read');
    const health = await show('gh-no-repo');
    expect(health!.missing).toEqual(['repo']);
    expect(health!.expiresAt).toBeNull();
    expect(health!.notes.join(' ')).toContain('no expiry');
  });

  it('never shows a token', () => {
    const secrets = [okta.token, github.tokens.expiring!, github.tokens.noRepo!];
    for (const output of outputs)
      for (const secret of secrets) expect(output.stdout + output.stderr).not.toContain(secret);
  });
});
