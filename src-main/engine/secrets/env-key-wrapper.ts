// Headless key protection: the master key comes from VOUCH_MASTER_KEY (for servers and CI, where a secret
// manager injects it). The data key is wrapped with AES-256-GCM under it.
import { decodeKey, gcmDecrypt, gcmEncrypt, packGcm, unpackGcm } from './aes-gcm.ts';
import { MasterKeyInvalidError, MasterKeyMismatchError, type KeyWrapper } from './key-wrapper.ts';

export const MASTER_KEY_ENV = 'VOUCH_MASTER_KEY';

/** Binds a wrapped blob to its purpose, so it cannot be confused with any other ciphertext under this key. */
export const DATA_KEY_AD = Buffer.from('vouch data key v1');

export class EnvKeyWrapper implements KeyWrapper {
  readonly backend = 'env';
  readonly #masterKey: Buffer;

  /** Reads and validates VOUCH_MASTER_KEY; throws MasterKeyInvalidError saying what is wrong with it. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): EnvKeyWrapper {
    const value = env[MASTER_KEY_ENV];
    if (value === undefined) throw new MasterKeyInvalidError(MASTER_KEY_ENV, 'it is not set');
    const key = decodeKey(value);
    if (typeof key === 'string') throw new MasterKeyInvalidError(MASTER_KEY_ENV, key);
    return new EnvKeyWrapper(key);
  }

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) {
      throw new MasterKeyInvalidError('The master key', `it is ${masterKey.length} bytes long`);
    }
    this.#masterKey = Buffer.from(masterKey);
  }

  wrap(dataKey: Buffer): Buffer {
    return packGcm(gcmEncrypt(this.#masterKey, dataKey, DATA_KEY_AD));
  }

  unwrap(wrapped: Buffer): Buffer {
    try {
      return gcmDecrypt(this.#masterKey, unpackGcm(wrapped), DATA_KEY_AD);
    } catch (cause) {
      throw new MasterKeyMismatchError(
        `${MASTER_KEY_ENV} is not the master key that protected the stored credentials.`,
        `Set ${MASTER_KEY_ENV} to the key used when the credentials were stored. If that key is lost, the ` +
          'credentials cannot be recovered: start with a new data directory and enter them again.',
        { cause },
      );
    }
  }
}
