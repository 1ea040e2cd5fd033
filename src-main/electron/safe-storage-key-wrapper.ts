// KeyWrapper over Electron's safeStorage (the OS keychain: Keychain on macOS, DPAPI on Windows, the Secret
// Service or KWallet on Linux). It can only run in the main process, so main uses it to protect the desktop
// master key (master-key-store.ts); the engine and lanes get that key and wrap the data key with it.
//
// The backend name is recorded next to what it wrapped and compared on every start, so it must not change
// between runs on the same machine: it never depends on timing ('unknown' before `ready` is refused, not
// recorded), and the KWallet generations are one name, because KDE migrates the wallet that holds Chromium's
// key from one generation to the next.
import type { SafeStorage } from 'electron';
import { MasterKeyMismatchError, type KeyWrapper } from '../engine/secrets/key-wrapper.ts';
import { KeyProtectionUnavailableError, WeakKeyProtectionRefusedError } from './key-protection-errors.ts';

export type SafeStorageApi = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

export const safeStorageBackendPrefix = 'safeStorage:';

/** The OS mechanism safeStorage uses here: keychain, dpapi, gnome_libsecret, kwallet, basic_text or unknown. */
export function safeStorageMechanism(safeStorage: SafeStorageApi, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'dpapi';
  const selected = safeStorage.getSelectedStorageBackend();
  return selected.startsWith('kwallet') ? 'kwallet' : selected;
}

export interface SafeStorageKeyWrapperOptions {
  platform: NodeJS.Platform;
  /** The user accepted Linux's basic_text backend (a key built into Chromium) in the dialog. */
  weakAccepted: boolean;
}

export class SafeStorageKeyWrapper implements KeyWrapper {
  readonly backend: string;
  /** True when the protection is basic_text, accepted by the user. */
  readonly weak: boolean;
  readonly #safeStorage: SafeStorageApi;
  readonly #platform: NodeJS.Platform;

  private constructor(safeStorage: SafeStorageApi, platform: NodeJS.Platform, mechanism: string) {
    this.#safeStorage = safeStorage;
    this.#platform = platform;
    this.backend = `${safeStorageBackendPrefix}${mechanism}`;
    this.weak = mechanism === 'basic_text';
  }

  /** Throws KeyProtectionUnavailableError or WeakKeyProtectionRefusedError when it cannot be used. */
  static open(safeStorage: SafeStorageApi, options: SafeStorageKeyWrapperOptions): SafeStorageKeyWrapper {
    const mechanism = safeStorageMechanism(safeStorage, options.platform);
    if (mechanism === 'unknown' || !safeStorage.isEncryptionAvailable()) {
      throw new KeyProtectionUnavailableError(options.platform);
    }
    if (mechanism === 'basic_text' && !options.weakAccepted) throw new WeakKeyProtectionRefusedError();
    return new SafeStorageKeyWrapper(safeStorage, options.platform, mechanism);
  }

  wrap(dataKey: Buffer): Buffer {
    try {
      return this.#safeStorage.encryptString(dataKey.toString('base64'));
    } catch (cause) {
      throw new KeyProtectionUnavailableError(this.#platform, { cause });
    }
  }

  unwrap(wrapped: Buffer): Buffer {
    let text: string;
    try {
      text = this.#safeStorage.decryptString(wrapped);
    } catch (cause) {
      throw new MasterKeyMismatchError(
        `The operating system's keychain (${this.backend}) could not decrypt Vouch's master key: the keychain ` +
          'entry was reset or replaced, or this data directory comes from another user account or machine.',
        'Restore the keychain (or sign in as the user who stored the credentials). If that is not possible, ' +
          'the stored credentials cannot be recovered: start with a new data directory and enter them again.',
        { cause },
      );
    }
    return Buffer.from(text, 'base64');
  }
}
