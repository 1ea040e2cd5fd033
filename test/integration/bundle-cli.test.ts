// `vouch bundle`, `vouch verify`, `vouch keys show` and `vouch audit-log` as a user runs them.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getArtifact } from '../../src-main/engine/evidence/artifact-reader.ts';
import { publicKeyFingerprint } from '../../src-main/engine/signing/ed25519.ts';
import { runVouch } from '../helpers/cli.ts';
import { masterKey, openCore, tamper, writeUsersArtifact } from './bundle-fixtures.ts';

let dir: string;
let dataDir: string;
let ids: string[];
const env = () => ({ VOUCH_DATA_DIR: dataDir, VOUCH_MASTER_KEY: masterKey.toString('base64') });
const out = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-bundle-cli-'));
  dataDir = path.join(dir, 'data');
  const core = openCore(dataDir);
  try {
    ids = [
      (await writeUsersArtifact(core, { rows: 12 })).id,
      (await writeUsersArtifact(core, { rows: 3, complete: false, dataset: 'okta.groups' })).id,
    ];
  } finally {
    core.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vouch bundle and vouch verify', () => {
  let fingerprint: string;

  it('shows the installation key', async () => {
    const shown = await runVouch(['keys', 'show', '--json'], { env: env() });
    expect(shown.code).toBe(0);
    const key = JSON.parse(shown.stdout) as { fingerprint: string; publicKeyPem: string };
    expect(key.fingerprint).toMatch(/^ed25519:[0-9a-f]{32}$/);
    expect(key.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    fingerprint = key.fingerprint;
    const text = await runVouch(['keys', 'show'], { env: env() });
    expect(text.stdout).toContain(fingerprint);
  });

  it('bundles every artifact and verifies the bundle offline, without a data directory', async () => {
    const bundled = await runVouch(['bundle', '--all', '--out', out('all.zip'), '--format', 'csv,json'], {
      env: env(),
    });
    expect(bundled.stderr).toBe('');
    expect(bundled.code).toBe(0);
    expect(bundled.stdout).toContain(fingerprint);
    expect(bundled.stdout).toContain('vouch verify');

    const elsewhere = path.join(dir, 'auditor-machine');
    const verified = await runVouch(['verify', out('all.zip'), '--signer', fingerprint], {
      env: { VOUCH_DATA_DIR: elsewhere, VOUCH_MASTER_KEY: undefined },
    });
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('Bundle verified');
    expect(verified.stdout).toContain(`Signer ${fingerprint} (the expected signer)`);
    expect(verified.stdout).toContain('2 artifacts, 15 rows');
    for (const id of ids) expect(verified.stdout).toContain(id);
    expect(verified.stdout).toContain('PARTIAL: rate limited on page 2');
    expect(existsSync(elsewhere)).toBe(false);

    const json = await runVouch(['verify', out('all.zip'), '--json', '--signer', fingerprint], {
      env: { VOUCH_DATA_DIR: elsewhere },
    });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      verdict: 'verified',
      totalRows: 15,
      problems: [],
    });
  });

  it('exits 6 when the signature holds but nobody trusts the signer', { timeout: 300_000 }, async () => {
    const auditor = { VOUCH_DATA_DIR: path.join(dir, 'auditor'), VOUCH_MASTER_KEY: undefined };
    const unknown = await runVouch(['verify', out('all.zip')], { env: auditor });
    expect(unknown.code).toBe(6);
    expect(unknown.stdout).toContain('signature valid, signer not trusted');
    expect(unknown.stdout).not.toContain('Bundle verified');
    expect(unknown.stdout).toContain(`vouch keys trust FINGERPRINT`);
    const json = await runVouch(['verify', out('all.zip'), '--json'], { env: auditor });
    expect(json.code).toBe(6);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      verdict: 'signer_not_trusted',
      signer: { fingerprint, signatureValid: true, trusted: false },
      problems: [],
    });
  });

  it('trusts a signer once with vouch keys trust; verify then exits 0', { timeout: 300_000 }, async () => {
    const auditor = { VOUCH_DATA_DIR: path.join(dir, 'auditor'), VOUCH_MASTER_KEY: undefined };
    const bad = await runVouch(['keys', 'trust', 'not-a-key'], { env: auditor });
    expect(bad.code).toBe(2);
    const trust = await runVouch(['keys', 'trust', fingerprint.toUpperCase(), '--label', 'Acme'], {
      env: auditor,
    });
    expect(trust.code).toBe(0);
    expect(trust.stdout).toContain(`Trusted signer ${fingerprint}`);
    const file = path.join(auditor.VOUCH_DATA_DIR, 'trusted-signers.json');
    expect(statSync(file).mode & 0o077).toBe(0);
    const listed = await runVouch(['keys', 'trusted', '--json'], { env: auditor });
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ fingerprint, label: 'Acme' })]);

    const trusted = await runVouch(['verify', out('all.zip')], { env: auditor });
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toContain('Bundle verified');
    expect(trusted.stdout).toContain(`Signer ${fingerprint} (a trusted signer)`);
  });

  it(
    'exits 6 for rows altered and re-signed with a new key, and prints no control characters',
    { timeout: 300_000 },
    async () => {
      const key = generateKeyPairSync('ed25519');
      const pub = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const fake = '\u001b[2J\u001b[HBundle verified\r\n\u009b2J\u202eevil';
      const file = await tamper(out('all.zip'), out('forged.zip'), (files) => {
        const manifest = JSON.parse((files.get('manifest.json') as Buffer).toString()) as {
          signer: { fingerprint: string; publicKeyFile: string };
          files: { path: string; sha256: string; size: number }[];
          artifacts: { partialReason: string | null; complete: boolean }[];
        };
        for (const artifact of manifest.artifacts) artifact.partialReason = fake;
        const keyFile = manifest.files.find((f) => f.path === manifest.signer.publicKeyFile)!;
        files.set(keyFile.path, Buffer.from(pub));
        keyFile.sha256 = createHash('sha256').update(pub).digest('hex');
        keyFile.size = Buffer.byteLength(pub);
        manifest.signer.fingerprint = publicKeyFingerprint(pub);
        const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
        files.set('manifest.json', bytes);
        files.set('manifest.sig', Buffer.from(sign(null, bytes, key.privateKey).toString('base64')));
      });
      const auditor = { VOUCH_DATA_DIR: path.join(dir, 'auditor'), VOUCH_MASTER_KEY: undefined };
      for (const args of [[file], [file, '--json']]) {
        const result = await runVouch(['verify', ...args], { env: auditor });
        expect(result.code).toBe(6);
        // eslint-disable-next-line no-control-regex
        expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
      }
      const text = await runVouch(['verify', file], { env: auditor });
      expect(text.stdout).toContain('\\u001b[2J\\u001b[HBundle verified\\u000d\\u000a\\u009b2J\\u202eevil');
      expect(text.stdout.split('\n')[0]).toContain('signature valid, signer not trusted');
      const json = JSON.parse((await runVouch(['verify', file, '--json'], { env: auditor })).stdout);
      expect(json.artifacts[0].partialReason).toBe(fake);
    },
  );

  it('exits 5 and lists each problem of a tampered bundle', { timeout: 300_000 }, async () => {
    await runVouch(['bundle', ids[0] as string, '--out', out('one.zip')], { env: env() });
    const file = await tamper(out('one.zip'), out('one-tampered.zip'), (files) => {
      const rows = [...files.keys()].find((name) => name.endsWith('rows.jsonl')) as string;
      files.set(rows, Buffer.from('{"id":"nobody"}\n'));
      files.set('notes.txt', Buffer.from('added later'));
    });
    const verified = await runVouch(['verify', file], { env: env() });
    expect(verified.code).toBe(5);
    expect(verified.stdout).toContain('FAILED');
    expect(verified.stdout).toContain('[file_altered]');
    expect(verified.stdout).toContain('[rows_mismatch]');
    expect(verified.stdout).toContain('[file_added] notes.txt');

    const json = await runVouch(['verify', file, '--json'], { env: env() });
    expect(json.code).toBe(5);
    const result = JSON.parse(json.stdout) as { ok: boolean; problems: { kind: string }[] };
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.kind).sort()).toEqual([
      'file_added',
      'file_altered',
      'rows_mismatch',
    ]);
  });

  it('exits 5 when the bundle is not signed by the expected key', async () => {
    const verified = await runVouch(['verify', out('one.zip'), '--signer', `ed25519:${'0'.repeat(32)}`], {
      env: env(),
    });
    expect(verified.code).toBe(5);
    expect(verified.stdout).toContain('[unexpected_signer]');
  });

  it('refuses a corrupted artifact, and bad arguments', async () => {
    const core = openCore(dataDir);
    const victim = await writeUsersArtifact(core, { rows: 2, dataset: 'okta.apps' });
    writeFileSync(getArtifact(core.store, victim.id).contentPath, gzipSync('{"id":"forged"}\n'));
    core.close();
    const refused = await runVouch(['bundle', victim.id, '--out', out('bad.zip')], { env: env() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Refusing to bundle artifact ${victim.id}`);
    expect(existsSync(out('bad.zip'))).toBe(false);

    const none = await runVouch(['bundle', '--out', out('none.zip')], { env: env() });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--all');
    const format = await runVouch(['bundle', '--all', '--out', out('f.zip'), '--format', 'csv,docx'], {
      env: env(),
    });
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('docx');
  });
});

describe('vouch audit-log', () => {
  it('lists the entries and verifies the chain; exits 5 once it is edited', async () => {
    const list = await runVouch(['audit-log', 'list', '--json'], { env: env() });
    expect(list.code).toBe(0);
    const entries = JSON.parse(list.stdout) as { seq: number; action: string }[];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries[0]?.action).toBe('bundle_created');
    const limited = await runVouch(['audit-log', 'list', '--limit', '1'], { env: env() });
    expect(limited.stdout.trim().split('\n')).toHaveLength(2);

    const intact = await runVouch(['audit-log', 'verify'], { env: env() });
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('Audit log intact');

    const core = openCore(dataDir);
    core.store.sqlite.prepare(`UPDATE audit_log SET actor = 'cli:mallory' WHERE seq = 1`).run();
    core.close();
    const broken = await runVouch(['audit-log', 'verify', '--json'], { env: env() });
    expect(broken.code).toBe(5);
    expect(JSON.parse(broken.stdout)).toMatchObject({
      ok: false,
      problems: [{ kind: 'entry_altered', seq: 1 }],
    });
  });
});
