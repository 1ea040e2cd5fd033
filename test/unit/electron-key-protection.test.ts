import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  resolveDesktopKeyProtection,
  weakProtectionDialog,
} from '../../src-main/electron/desktop-key-protection.ts';
import { preferencesFileName } from '../../src-main/electron/desktop-preferences.ts';
import {
  KeyProtectionUnavailableError,
  WeakKeyProtectionRefusedError,
} from '../../src-main/electron/key-protection-errors.ts';
import {
  loadOrCreateMasterKey,
  masterKeyFileName,
  passwordStoreSwitch,
} from '../../src-main/electron/master-key-store.ts';
import { keyWrapperFromMaterial, MasterKeyWrapper } from '../../src-main/electron/master-key-wrapper.ts';
import {
  SafeStorageKeyWrapper,
  type SafeStorageApi,
} from '../../src-main/electron/safe-storage-key-wrapper.ts';
import { VouchError } from '../../src-main/engine/errors.ts';
import {
  KeyProtectionChangedError,
  KeyProtectionCorruptError,
  MasterKeyMismatchError,
} from '../../src-main/engine/secrets/key-wrapper.ts';
import { KEY_BACKEND_SETTING, SecretVault } from '../../src-main/engine/secrets/vault.ts';

const posixOnly = process.platform === 'win32' ? it.skip : it;
type Backend = ReturnType<SafeStorageApi['getSelectedStorageBackend']>;

/** safeStorage as Chromium's OSCrypt behaves: AES under a per-keyring secret; decrypt fails with another. */
class FakeSafeStorage implements SafeStorageApi {
  available = true;
  readonly #secret: Buffer;
  constructor(
    public backend: Backend = 'gnome_libsecret',
    secret: Buffer = randomBytes(32),
  ) {
    this.#secret = secret;
  }
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): Backend {
    return this.backend;
  }
  encryptString(plainText: string): Buffer {
    if (!this.available)
      throw new Error('Error while encrypting the text provided to safeStorage.encryptString.');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#secret, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body]);
  }
  decryptString(encrypted: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.#secret, encrypted.subarray(3, 15));
    decipher.setAuthTag(encrypted.subarray(15, 31));
    try {
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  }
}

function thrown(fn: () => unknown): VouchError {
  try {
    fn();
  } catch (error) {
    if (error instanceof VouchError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'vouch-desktop-keys-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('SafeStorageKeyWrapper', () => {
  it('round-trips a key through safeStorage as base64', () => {
    const safeStorage = new FakeSafeStorage();
    const encrypt = vi.spyOn(safeStorage, 'encryptString');
    const wrapper = SafeStorageKeyWrapper.open(safeStorage, { platform: 'linux', weakAccepted: false });
    const key = randomBytes(32);
    const wrapped = wrapper.wrap(key);
    expect(encrypt).toHaveBeenCalledWith(key.toString('base64'));
    expect(wrapped.includes(key)).toBe(false);
    expect(wrapper.unwrap(wrapped)).toEqual(key);
    expect(wrapper.backend).toBe('safeStorage:gnome_libsecret');
    expect(wrapper.weak).toBe(false);
  });

  it('names the backend the same way on every run and platform', () => {
    const name = (backend: Backend, platform: NodeJS.Platform) =>
      SafeStorageKeyWrapper.open(new FakeSafeStorage(backend), { platform, weakAccepted: true }).backend;
    expect(name('gnome_libsecret', 'linux')).toBe('safeStorage:gnome_libsecret');
    expect(name('gnome_libsecret', 'linux')).toBe(name('gnome_libsecret', 'linux'));
    // KDE migrates the wallet between generations: one name, so an upgrade is not a "backend change".
    expect(new Set([name('kwallet', 'linux'), name('kwallet5', 'linux'), name('kwallet6', 'linux')])).toEqual(
      new Set(['safeStorage:kwallet']),
    );
    expect(name('basic_text', 'linux')).toBe('safeStorage:basic_text');
    // getSelectedStorageBackend is Linux-only; elsewhere the OS mechanism is fixed.
    expect(name('unknown', 'darwin')).toBe('safeStorage:keychain');
    expect(name('unknown', 'win32')).toBe('safeStorage:dpapi');
  });

  it('refuses basic_text unless the user accepted weaker protection', () => {
    const safeStorage = new FakeSafeStorage('basic_text');
    const error = thrown(() =>
      SafeStorageKeyWrapper.open(safeStorage, { platform: 'linux', weakAccepted: false }),
    );
    expect(error).toBeInstanceOf(WeakKeyProtectionRefusedError);
    expect(error.code).toBe('key_protection_weak_refused');
    expect(error.nextStep).toMatch(/GNOME Keyring|KWallet/);
    const accepted = SafeStorageKeyWrapper.open(safeStorage, { platform: 'linux', weakAccepted: true });
    expect(accepted.weak).toBe(true);
    expect(accepted.backend).toBe('safeStorage:basic_text');
  });

  it('refuses with a typed error and a next step when encryption is unavailable', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const safeStorage = new FakeSafeStorage();
      safeStorage.available = false;
      const error = thrown(() => SafeStorageKeyWrapper.open(safeStorage, { platform, weakAccepted: true }));
      expect(error).toBeInstanceOf(KeyProtectionUnavailableError);
      expect(error.code).toBe('key_protection_unavailable');
      expect(error.nextStep).toBeTruthy();
    }
    // 'unknown' means safeStorage was asked before `ready`: never recorded as a backend.
    const early = new FakeSafeStorage('unknown');
    expect(() => SafeStorageKeyWrapper.open(early, { platform: 'linux', weakAccepted: true })).toThrow(
      KeyProtectionUnavailableError,
    );
  });

  it('turns a failed decryption into MasterKeyMismatchError', () => {
    const wrapped = SafeStorageKeyWrapper.open(new FakeSafeStorage(), {
      platform: 'linux',
      weakAccepted: false,
    }).wrap(randomBytes(32));
    const otherKeyring = SafeStorageKeyWrapper.open(new FakeSafeStorage(), {
      platform: 'linux',
      weakAccepted: false,
    });
    expect(() => otherKeyring.unwrap(wrapped)).toThrow(MasterKeyMismatchError);
  });
});

describe('the desktop master key file', () => {
  const wrapper = (safeStorage: FakeSafeStorage) =>
    SafeStorageKeyWrapper.open(safeStorage, { platform: 'linux', weakAccepted: true });

  it('is created once, private, and read back as the same key', () => {
    const safeStorage = new FakeSafeStorage();
    const key = loadOrCreateMasterKey(dataDir, wrapper(safeStorage));
    expect(key).toHaveLength(32);
    expect(loadOrCreateMasterKey(dataDir, wrapper(safeStorage))).toEqual(key);
    const file = path.join(dataDir, masterKeyFileName);
    const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ version: 1, backend: 'safeStorage:gnome_libsecret' });
    expect(readFileSync(file, 'utf8')).not.toContain(key.toString('base64'));
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('detects a change of backend instead of making a new key', () => {
    const secret = randomBytes(32);
    loadOrCreateMasterKey(dataDir, wrapper(new FakeSafeStorage('gnome_libsecret', secret)));
    const error = thrown(() =>
      loadOrCreateMasterKey(dataDir, wrapper(new FakeSafeStorage('basic_text', secret))),
    );
    expect(error).toBeInstanceOf(KeyProtectionChangedError);
    expect(error.message).toContain('safeStorage:gnome_libsecret');
    expect(error.message).toContain('safeStorage:basic_text');
  });

  it('reports a damaged file and a keyring that cannot decrypt it', () => {
    loadOrCreateMasterKey(dataDir, wrapper(new FakeSafeStorage()));
    expect(() => loadOrCreateMasterKey(dataDir, wrapper(new FakeSafeStorage()))).toThrow(
      MasterKeyMismatchError,
    );
    writeFileSync(path.join(dataDir, masterKeyFileName), '{"version":1}');
    expect(() => loadOrCreateMasterKey(dataDir, wrapper(new FakeSafeStorage()))).toThrow(
      KeyProtectionCorruptError,
    );
    writeFileSync(path.join(dataDir, masterKeyFileName), 'not json');
    expect(() => loadOrCreateMasterKey(dataDir, wrapper(new FakeSafeStorage()))).toThrow(
      KeyProtectionCorruptError,
    );
  });

  it('pins the Linux password store to the backend that protected the key', () => {
    expect(passwordStoreSwitch(dataDir)).toBeNull();
    loadOrCreateMasterKey(dataDir, wrapper(new FakeSafeStorage('gnome_libsecret')));
    expect(passwordStoreSwitch(dataDir)).toBe('gnome-libsecret');
    rmSync(path.join(dataDir, masterKeyFileName));
    loadOrCreateMasterKey(dataDir, wrapper(new FakeSafeStorage('basic_text')));
    expect(passwordStoreSwitch(dataDir)).toBe('basic');
    rmSync(path.join(dataDir, masterKeyFileName));
    loadOrCreateMasterKey(dataDir, wrapper(new FakeSafeStorage('kwallet6')));
    expect(passwordStoreSwitch(dataDir)).toBeNull();
    writeFileSync(path.join(dataDir, masterKeyFileName), 'damaged');
    expect(passwordStoreSwitch(dataDir)).toBeNull();
  });
});

describe('resolveDesktopKeyProtection', () => {
  const resolve = (safeStorage: FakeSafeStorage, answer: boolean) => {
    const ask = vi.fn(async () => answer);
    const run = () =>
      resolveDesktopKeyProtection({
        safeStorage,
        platform: 'linux',
        dataDir,
        askToAcceptWeakProtection: ask,
        now: () => new Date('2025-01-02T03:04:05Z'),
        log: () => {},
      });
    return { ask, run };
  };

  it('uses a real keyring without asking anything', async () => {
    const { ask, run } = resolve(new FakeSafeStorage('gnome_libsecret'), false);
    const protection = await run();
    expect(ask).not.toHaveBeenCalled();
    expect(protection.info).toMatchObject({ backend: 'safeStorage:gnome_libsecret', weak: false });
    expect(protection.material.masterKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(protection.material.refusal).toBeNull();
  });

  it('asks about basic_text, remembers a yes and never asks again', async () => {
    const safeStorage = new FakeSafeStorage('basic_text');
    const first = resolve(safeStorage, true);
    const protection = await first.run();
    expect(first.ask).toHaveBeenCalledTimes(1);
    expect(protection.info.weak).toBe(true);
    expect(protection.info.description).toMatch(/weaker/i);
    expect(JSON.parse(readFileSync(path.join(dataDir, preferencesFileName), 'utf8'))).toEqual({
      weakKeyProtectionAcceptedAt: '2025-01-02T03:04:05.000Z',
    });
    const second = resolve(safeStorage, false);
    const again = await second.run();
    expect(second.ask).not.toHaveBeenCalled();
    expect(again.material.masterKey).toBe(protection.material.masterKey);
  });

  it('on a no, starts without a key, with the refusal for the engine, and asks again next time', async () => {
    const safeStorage = new FakeSafeStorage('basic_text');
    const declined = resolve(safeStorage, false);
    const protection = await declined.run();
    expect(protection.material).toMatchObject({
      backend: 'safeStorage:basic_text',
      masterKey: null,
      refusal: { code: 'key_protection_weak_refused' },
    });
    expect(protection.info).toMatchObject({ backend: 'safeStorage:basic_text', weak: false });
    expect(protection.info.description).toMatch(/^Not available/);
    const next = resolve(safeStorage, false);
    await next.run();
    expect(next.ask).toHaveBeenCalledTimes(1);
  });

  it('explains the risk in the dialog and declines by default', () => {
    expect(weakProtectionDialog.detail).toMatch(/anyone who can read the files/i);
    expect(weakProtectionDialog.buttons?.[weakProtectionDialog.defaultId ?? -1]).toBe('Not Now');
    expect(weakProtectionDialog.cancelId).toBe(weakProtectionDialog.defaultId);
  });
});

describe('the engine-side wrapper', () => {
  it('records safeStorage:<backend> in the vault and detects a later change', () => {
    const masterKey = randomBytes(32);
    const sqlite = new Database(':memory:');
    sqlite.exec('CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const material = {
      backend: 'safeStorage:gnome_libsecret',
      masterKey: masterKey.toString('base64'),
      refusal: null,
    };
    const sealed = new SecretVault(sqlite, keyWrapperFromMaterial(material)).seal(
      'src_1',
      'apiToken',
      'token-value',
    );
    const recorded = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(KEY_BACKEND_SETTING) as {
      value: string;
    };
    expect(recorded.value).toBe('safeStorage:gnome_libsecret');
    // A lane gets the same material and opens what the engine sealed.
    expect(new SecretVault(sqlite, keyWrapperFromMaterial(material)).open('src_1', 'apiToken', sealed)).toBe(
      'token-value',
    );
    const otherBackend = new SecretVault(sqlite, new MasterKeyWrapper('safeStorage:kwallet', masterKey));
    expect(() => otherBackend.open('src_1', 'apiToken', sealed)).toThrow(KeyProtectionChangedError);
    const otherKey = new SecretVault(
      sqlite,
      new MasterKeyWrapper('safeStorage:gnome_libsecret', randomBytes(32)),
    );
    expect(() => otherKey.open('src_1', 'apiToken', sealed)).toThrow(MasterKeyMismatchError);
    sqlite.close();
  });

  it('fails every use with main’s typed refusal when there is no key', () => {
    const wrapper = keyWrapperFromMaterial({
      backend: 'safeStorage:basic_text',
      masterKey: null,
      refusal: { code: 'key_protection_weak_refused', message: 'No keyring.', nextStep: 'Install one.' },
    });
    const error = thrown(() => wrapper.wrap(randomBytes(32)));
    expect(error).toMatchObject({ code: 'key_protection_weak_refused', nextStep: 'Install one.' });
    expect(() => wrapper.unwrap(Buffer.alloc(60))).toThrow(VouchError);
  });

  posixOnly('keeps preferences private to the user', async () => {
    await resolveDesktopKeyProtection({
      safeStorage: new FakeSafeStorage('basic_text'),
      platform: 'linux',
      dataDir,
      askToAcceptWeakProtection: async () => true,
      log: () => {},
    });
    expect(statSync(path.join(dataDir, preferencesFileName)).mode & 0o777).toBe(0o600);
  });
});
