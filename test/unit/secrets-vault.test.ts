import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvKeyWrapper } from '../../src-main/engine/secrets/env-key-wrapper.ts';
import { FileKeyWrapper } from '../../src-main/engine/secrets/file-key-wrapper.ts';
import {
  KeyProtectionChangedError,
  MasterKeyMismatchError,
  MasterKeyMissingError,
  SecretTamperedError,
} from '../../src-main/engine/secrets/key-wrapper.ts';
import {
  KEY_BACKEND_SETTING,
  SecretVault,
  sealedFieldsSchema,
  WRAPPED_DATA_KEY_SETTING,
  type SealedSecret,
} from '../../src-main/engine/secrets/vault.ts';
import { openStore, type Store } from '../../src-main/engine/store/db.ts';

const envWrapper = (key = randomBytes(32)) => new EnvKeyWrapper(key);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('SecretVault', () => {
  let dataDir: string;
  let store: Store;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'vouch-vault-'));
    store = openStore(dataDir);
  });

  afterEach(() => {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const settings = () =>
    Object.fromEntries(
      (store.sqlite.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]).map(
        (row) => [row.key, row.value],
      ),
    );

  it('seals and opens, with a fresh IV every time', () => {
    const vault = new SecretVault(store.sqlite, envWrapper());
    const sealed = vault.seal('src-1', 'apiToken', '00abcDEF-tøken');
    expect(vault.open('src-1', 'apiToken', sealed)).toBe('00abcDEF-tøken');
    expect(vault.seal('src-1', 'apiToken', '00abcDEF-tøken').iv).not.toBe(sealed.iv);
    expect(vault.open('src-1', 'empty', vault.seal('src-1', 'empty', ''))).toBe('');

    const fields = vault.sealFields('src-1', { apiToken: 't1', clientSecret: 's2' });
    expect(sealedFieldsSchema.parse(JSON.parse(JSON.stringify(fields)))).toEqual(fields);
    expect(vault.openFields('src-1', fields)).toEqual({ apiToken: 't1', clientSecret: 's2' });
  });

  it('stores the data key only wrapped, with its backend, and reuses it across instances', () => {
    const wrapper = envWrapper();
    const sealed = new SecretVault(store.sqlite, wrapper).seal('src-1', 'apiToken', 'secret');
    expect(settings()).toEqual({
      [KEY_BACKEND_SETTING]: 'env',
      [WRAPPED_DATA_KEY_SETTING]: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
    });
    expect(new SecretVault(store.sqlite, wrapper).open('src-1', 'apiToken', sealed)).toBe('secret');
  });

  it('binds a secret to its source and field', () => {
    const vault = new SecretVault(store.sqlite, envWrapper());
    const sealed = vault.seal('src-1', 'apiToken', 'secret');
    expect(() => vault.open('src-2', 'apiToken', sealed)).toThrow(SecretTamperedError);
    expect(() => vault.open('src-1', 'clientSecret', sealed)).toThrow(SecretTamperedError);
    // Without the separator, ('src-1a', 'piToken') would have the same associated data as ('src-1', 'apiToken').
    expect(() => vault.open('src-1a', 'piToken', sealed)).toThrow(SecretTamperedError);
    const moved = vault.sealFields('src-1', { apiToken: 'a', clientSecret: 'b' });
    expect(() => vault.openFields('src-1', { apiToken: moved.clientSecret as SealedSecret })).toThrow(
      SecretTamperedError,
    );
  });

  it('detects a tampered ciphertext, tag or iv', () => {
    const vault = new SecretVault(store.sqlite, envWrapper());
    const sealed = vault.seal('src-1', 'apiToken', 'a rather long secret value');
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 0x01;
      return bytes.toString('base64');
    };
    for (const part of ['ciphertext', 'tag', 'iv'] as const) {
      const error = thrown(() => vault.open('src-1', 'apiToken', { ...sealed, [part]: flip(sealed[part]) }));
      expect(error).toBeInstanceOf(SecretTamperedError);
      expect(error).toMatchObject({
        code: 'secret_tampered',
        nextStep: expect.stringContaining('Update Credentials'),
      });
    }
    expect(() => vault.open('src-1', 'apiToken', { ...sealed, iv: '' })).toThrow(SecretTamperedError);
  });

  it('refuses a different key backend instead of creating a new data key', () => {
    new SecretVault(store.sqlite, envWrapper()).seal('src-1', 'apiToken', 'secret');
    const before = settings();
    const error = thrown(() =>
      new SecretVault(store.sqlite, new FileKeyWrapper(dataDir)).seal('s', 'f', 'x'),
    );
    expect(error).toBeInstanceOf(KeyProtectionChangedError);
    expect(error).toMatchObject({
      code: 'key_protection_changed',
      recordedBackend: 'env',
      currentBackend: 'keyfile',
    });
    expect((error as Error).message).toMatch(/"env".*"keyfile"/);
    expect((error as KeyProtectionChangedError).nextStep).toMatch(/VOUCH_MASTER_KEY/);
    expect(settings()).toEqual(before);
    expect(existsSync(path.join(dataDir, 'master.key'))).toBe(false);
  });

  it('refuses a wrong master key instead of creating a new data key', () => {
    const sealed = new SecretVault(store.sqlite, envWrapper()).seal('src-1', 'apiToken', 'secret');
    const before = settings();
    const error = thrown(() => new SecretVault(store.sqlite, envWrapper()).open('src-1', 'apiToken', sealed));
    expect(error).toBeInstanceOf(MasterKeyMismatchError);
    expect(error).toMatchObject({
      code: 'master_key_mismatch',
      nextStep: expect.stringMatching(/VOUCH_MASTER_KEY/),
    });
    expect(settings()).toEqual(before);
  });

  it('with a key file: reuses it, and reports a missing or replaced one', () => {
    const sealed = new SecretVault(store.sqlite, new FileKeyWrapper(dataDir)).seal(
      'src-1',
      'apiToken',
      'secret',
    );
    expect(new SecretVault(store.sqlite, new FileKeyWrapper(dataDir)).open('src-1', 'apiToken', sealed)).toBe(
      'secret',
    );

    const keyPath = path.join(dataDir, 'master.key');
    const original = readFileSync(keyPath);
    rmSync(keyPath);
    expect(() =>
      new SecretVault(store.sqlite, new FileKeyWrapper(dataDir)).open('src-1', 'apiToken', sealed),
    ).toThrow(MasterKeyMissingError);
    expect(existsSync(keyPath)).toBe(false);

    new FileKeyWrapper(dataDir).wrap(randomBytes(32)); // a new, different key file appears
    expect(readFileSync(keyPath)).not.toEqual(original);
    expect(() =>
      new SecretVault(store.sqlite, new FileKeyWrapper(dataDir)).open('src-1', 'apiToken', sealed),
    ).toThrow(MasterKeyMismatchError);
  });

  it('never writes the plaintext (or its base64) to the database files', () => {
    const vault = new SecretVault(store.sqlite, envWrapper());
    const plaintext = `okta-token-${randomBytes(16).toString('hex')}`;
    const sealed = vault.sealFields('src-1', { apiToken: plaintext });
    store.sqlite
      .prepare(
        `INSERT INTO sources (id, name, kind, config, sealed_credentials, credential_fingerprint, credentials_rotated_at)
         VALUES ('src-1', 'Okta', 'okta', '{}', ?, 'sha256:0', '2025-01-01T00:00:00Z')`,
      )
      .run(JSON.stringify(sealed));
    const read = store.sqlite.prepare('SELECT sealed_credentials FROM sources').get() as {
      sealed_credentials: string;
    };
    expect(vault.openFields('src-1', sealedFieldsSchema.parse(JSON.parse(read.sealed_credentials)))).toEqual({
      apiToken: plaintext,
    });

    const files = () =>
      ['vouch.db', 'vouch.db-wal', 'vouch.db-shm']
        .map((name) => path.join(dataDir, name))
        .filter((file) => existsSync(file))
        .map((file) => readFileSync(file));
    const leaks = (bytes: Buffer[]) =>
      bytes.filter(
        (b) =>
          b.includes(plaintext) ||
          b.includes(Buffer.from(plaintext).toString('base64')) ||
          b.includes(Buffer.from(plaintext, 'utf16le')),
      );
    expect(leaks(files())).toEqual([]); // while the WAL holds the writes
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(leaks(files())).toEqual([]); // and once they are in the main file
  });
});
