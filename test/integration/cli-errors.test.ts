// What a user sees when they get something wrong: a clear message, what to do, the right exit code.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCertificates } from '../../sim/shared/test-ca.ts';
import { runVouch } from '../helpers/cli.ts';

let dir: string;
const env = () => ({ VOUCH_DATA_DIR: path.join(dir, 'data') });

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-cli-'));
  writeFileSync(path.join(dir, 'token'), 'token-value-1\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vouch CLI errors', () => {
  it('refuses a source without a token and never takes one from argv', async () => {
    const result = await runVouch(['source', 'add', 'okta', '--name', 'a', '--domain', 'acme.okta.com'], {
      env: env(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No token given');
    expect(result.stderr).toContain('--token-file');
  });

  it('reads the token from stdin and rejects a malformed domain before saving anything', async () => {
    const bad = await runVouch(
      [
        'source',
        'add',
        'okta',
        '--name',
        'a',
        '--domain',
        'acme-admin.okta.com',
        '--token-stdin',
        '--no-test',
      ],
      { env: env(), stdin: 'token-value-2' },
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Admin Console');
    const good = await runVouch(
      ['source', 'add', 'okta', '--name', 'a', '--domain', 'acme.okta.com', '--token-stdin', '--no-test'],
      { env: env(), stdin: 'token-value-2' },
    );
    expect(good.code).toBe(0);
    const list = await runVouch(['source', 'list', '--json'], { env: env() });
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({
        name: 'a',
        kind: 'okta',
        status: 'untested',
        config: { domain: 'acme.okta.com' },
      }),
    ]);
    expect(list.stdout).not.toContain('token-value-2');
    // The store holds sealed credentials: only this user may read it.
    expect(statSync(path.join(dir, 'data', 'vouch.db')).mode & 0o077).toBe(0);
  });

  it('refuses a duplicate name and an unknown source with what to do', async () => {
    const dup = await runVouch(
      [
        'source',
        'add',
        'okta',
        '--name',
        'a',
        '--domain',
        'acme.okta.com',
        '--token-file',
        path.join(dir, 'token'),
        '--no-test',
      ],
      { env: env() },
    );
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('already exists');
    const missing = await runVouch(['source', 'test', 'nope'], { env: env() });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No source named "nope"');
    expect(missing.stderr).toContain('vouch source list');
  });

  it('explains unknown artifacts and formats', async () => {
    const unknown = await runVouch(
      ['export', 'art_nope', '--format', 'csv', '--out', path.join(dir, 'x.csv')],
      {
        env: env(),
      },
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No artifact with id art_nope');
    const format = await runVouch(['export', 'art_nope', '--format', 'docx', '--out', path.join(dir, 'x')], {
      env: env(),
    });
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('Unknown export format');
  });

  it('refuses a --ca-file that also holds a private key and stores nothing of it', async () => {
    const { caPem, keyPem } = testCertificates();
    const combined = path.join(dir, 'ca-with-key.pem');
    writeFileSync(combined, `${caPem}\n${keyPem}`);
    const keyBody = keyPem.split('\n')[1] as string;
    const args = ['source', 'add', 'okta', '--name', 'with-ca', '--domain', 'acme.okta.com'];
    const tokenArgs = ['--token-file', path.join(dir, 'token'), '--no-test'];
    const refused = await runVouch([...args, ...tokenArgs, '--ca-file', combined], { env: env() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('holds a private key');
    expect(refused.stderr).toContain('only certificates');
    expect(refused.stderr).not.toContain(keyBody);
    const list = await runVouch(['source', 'list', '--json'], { env: env() });
    expect(JSON.parse(list.stdout).map((s: { name: string }) => s.name)).not.toContain('with-ca');
    expect(readFileSync(path.join(dir, 'data', 'vouch.db')).includes(keyBody)).toBe(false);
    // The certificate alone is accepted.
    const caOnly = path.join(dir, 'ca-only.pem');
    writeFileSync(caOnly, caPem);
    const accepted = await runVouch([...args, ...tokenArgs, '--ca-file', caOnly], { env: env() });
    expect(accepted.code).toBe(0);
    expect((await runVouch(['source', 'remove', 'with-ca'], { env: env() })).code).toBe(0);
  });

  it('removes a source', async () => {
    expect((await runVouch(['source', 'remove', 'a'], { env: env() })).code).toBe(0);
    const list = await runVouch(['source', 'list', '--json'], { env: env() });
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});
