import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnvKeyWrapper } from '../../src-main/engine/secrets/env-key-wrapper.ts';
import { FileKeyWrapper } from '../../src-main/engine/secrets/file-key-wrapper.ts';
import { chooseHeadlessKeyWrapper } from '../../src-main/engine/secrets/headless-key-wrapper.ts';
import {
  KeyFileInsecureError,
  MasterKeyInvalidError,
  MasterKeyMismatchError,
} from '../../src-main/engine/secrets/key-wrapper.ts';
import { VouchError } from '../../src-main/engine/errors.ts';

const posixOnly = process.platform === 'win32' ? it.skip : it;

function thrown(fn: () => unknown): VouchError {
  try {
    fn();
  } catch (error) {
    if (error instanceof VouchError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('EnvKeyWrapper', () => {
  it('wraps as iv|tag|ciphertext and unwraps with the same key only', () => {
    const masterKey = randomBytes(32);
    const wrapper = EnvKeyWrapper.fromEnv({ VOUCH_MASTER_KEY: masterKey.toString('base64') });
    expect(wrapper.backend).toBe('env');
    const dataKey = randomBytes(32);
    const wrapped = wrapper.wrap(dataKey);
    expect(wrapped).toHaveLength(12 + 16 + 32);
    expect(wrapper.wrap(dataKey).subarray(0, 12)).not.toEqual(wrapped.subarray(0, 12));
    expect(new EnvKeyWrapper(masterKey).unwrap(wrapped)).toEqual(dataKey);
    expect(() => new EnvKeyWrapper(randomBytes(32)).unwrap(wrapped)).toThrow(MasterKeyMismatchError);
  });

  it.each([
    ['it is not set', {}],
    ['it is empty', { VOUCH_MASTER_KEY: '' }],
    ['it decodes to 16 bytes', { VOUCH_MASTER_KEY: randomBytes(16).toString('base64') }],
    ['it decodes to 33 bytes', { VOUCH_MASTER_KEY: randomBytes(33).toString('base64') }],
    ['it is not valid base64', { VOUCH_MASTER_KEY: 'correct horse battery staple' }],
  ])('refuses a master key when %s, saying how to make one', (problem, env) => {
    const error = thrown(() => EnvKeyWrapper.fromEnv(env));
    expect(error).toBeInstanceOf(MasterKeyInvalidError);
    expect(error.code).toBe('master_key_invalid');
    expect(error.message).toContain('VOUCH_MASTER_KEY must be exactly 32 bytes encoded as base64');
    expect(error.message).toContain(problem);
    expect(error.nextStep).toContain('openssl rand -base64 32');
  });

  it('accepts surrounding whitespace (a trailing newline from a file)', () => {
    expect(() =>
      EnvKeyWrapper.fromEnv({ VOUCH_MASTER_KEY: `${randomBytes(32).toString('base64')}\n` }),
    ).not.toThrow();
  });
});

describe('FileKeyWrapper', () => {
  let dataDir: string;
  let keyPath: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'vouch-keyfile-'));
    keyPath = path.join(dataDir, 'master.key');
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  posixOnly('creates master.key with mode 0600 on first wrap, and reuses it', () => {
    // Even with a permissive umask (not settable in worker threads; then the default one is used).
    let previousUmask: number | null = null;
    try {
      previousUmask = process.umask(0o000);
    } catch {
      previousUmask = null;
    }
    try {
      const dataKey = randomBytes(32);
      const wrapped = new FileKeyWrapper(dataDir).wrap(dataKey);
      expect(statSync(keyPath).mode & 0o777).toBe(0o600);
      expect(Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64')).toHaveLength(32);
      expect(new FileKeyWrapper(dataDir).unwrap(wrapped)).toEqual(dataKey);
    } finally {
      if (previousUmask !== null) process.umask(previousUmask);
    }
  });

  posixOnly('refuses a key file that group or others can read, naming the file and chmod 600', () => {
    writeFileSync(keyPath, randomBytes(32).toString('base64'), { mode: 0o600 });
    chmodSync(keyPath, 0o644);
    const error = thrown(() => new FileKeyWrapper(dataDir).wrap(randomBytes(32)));
    expect(error).toBeInstanceOf(KeyFileInsecureError);
    expect(error.message).toContain(keyPath);
    expect(error.message).toContain('644');
    expect(error.nextStep).toContain(`chmod 600 ${keyPath}`);
    chmodSync(keyPath, 0o640);
    expect(() => new FileKeyWrapper(dataDir).unwrap(Buffer.alloc(60))).toThrow(KeyFileInsecureError);
  });

  it('refuses a key file whose content is not a 32-byte key', () => {
    writeFileSync(keyPath, 'hello', { mode: 0o600 });
    const error = thrown(() => new FileKeyWrapper(dataDir).wrap(randomBytes(32)));
    expect(error).toBeInstanceOf(MasterKeyInvalidError);
    expect(error.message).toContain(keyPath);
  });
});

describe('chooseHeadlessKeyWrapper', () => {
  it('uses VOUCH_MASTER_KEY when set, else the key file', () => {
    const dir = tmpdir();
    expect(
      chooseHeadlessKeyWrapper(dir, { VOUCH_MASTER_KEY: randomBytes(32).toString('base64') }).backend,
    ).toBe('env');
    expect(chooseHeadlessKeyWrapper(dir, {}).backend).toBe('keyfile');
    // Set but broken is an error, not a silent fallback to the key file.
    expect(() => chooseHeadlessKeyWrapper(dir, { VOUCH_MASTER_KEY: 'short' })).toThrow(MasterKeyInvalidError);
  });
});
