// The source commands' flags are derived from the connectors' declared fields: --field for what is not
// secret, --field-file and --field-stdin for secrets, and the kept flags (--token-file, --private-key-file)
// mapped onto the fields that declare them. A secret is never accepted from argv.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVouch } from '../helpers/cli.ts';

let dir: string;
const env = () => ({ VOUCH_DATA_DIR: path.join(dir, 'data') });
const secret = 'field-secret-value-7f3a';

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-fields-'));
  writeFileSync(path.join(dir, 'token'), `${secret}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('source fields on the command line', () => {
  it('adds a source from --field and --field-file, and stores the secret sealed', async () => {
    const added = await runVouch(
      [
        'source',
        'add',
        'okta',
        '--name',
        'by-field',
        '--field',
        'domain=acme.okta.com',
        '--field-file',
        `apiToken=${path.join(dir, 'token')}`,
        '--no-test',
      ],
      { env: env() },
    );
    expect(added.code, added.stderr).toBe(0);
    const list = await runVouch(['source', 'list', '--json'], { env: env() });
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ name: 'by-field', config: { domain: 'acme.okta.com' } }),
    ]);
    expect(list.stdout + added.stdout + added.stderr).not.toContain(secret);
  });

  it('reads one secret field from stdin and rotates it with --field-stdin', async () => {
    const rotated = await runVouch(
      ['source', 'update-credentials', 'by-field', '--field-stdin', 'apiToken'],
      { env: env(), stdin: 'another-secret-value' },
    );
    // The rotation is saved; the test against acme.okta.com cannot connect here, so the exit is 3.
    expect(rotated.stdout).toContain('Rotated the credential of "by-field"');
    expect(rotated.stdout + rotated.stderr).not.toContain('another-secret-value');
  });

  it('refuses a secret given as --field, without echoing it', async () => {
    const refused = await runVouch(
      [
        'source',
        'add',
        'okta',
        '--name',
        'argv',
        '--domain',
        'acme.okta.com',
        '--field',
        `apiToken=${secret}`,
        '--no-test',
      ],
      { env: env() },
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('never accepted on the command line');
    expect(refused.stderr).toContain('--field-file apiToken=FILE');
    expect(refused.stdout + refused.stderr).not.toContain(secret);
  });

  it("refuses another connector's kept flag and an unknown field", async () => {
    const foreign = await runVouch(
      [
        'source',
        'add',
        'okta',
        '--name',
        'x',
        '--domain',
        'acme.okta.com',
        '--private-key-file',
        path.join(dir, 'token'),
        '--no-test',
      ],
      { env: env() },
    );
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('--private-key-file does not apply to okta sources');
    const unknown = await runVouch(
      [
        'source',
        'add',
        'okta',
        '--name',
        'y',
        '--domain',
        'acme.okta.com',
        '--field',
        'colour=blue',
        '--token-file',
        path.join(dir, 'token'),
        '--no-test',
      ],
      { env: env() },
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no field "colour"');
  });
});
