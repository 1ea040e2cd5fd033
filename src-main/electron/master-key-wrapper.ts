// The KeyWrapper of the engine and lane processes on the desktop: AES-256-GCM under the master key main
// unwrapped with safeStorage, named after that safeStorage backend (so the vault records and checks
// `safeStorage:<backend>`). When main could not provide a key, every use fails with main's typed error.
import { VouchError } from '../engine/errors.ts';
import { gcmDecrypt, gcmEncrypt, KEY_BYTES, packGcm, unpackGcm } from '../engine/secrets/aes-gcm.ts';
import { DATA_KEY_AD } from '../engine/secrets/env-key-wrapper.ts';
import { MasterKeyMismatchError, type KeyWrapper } from '../engine/secrets/key-wrapper.ts';
import type { KeyMaterial } from './engine-protocol.ts';
import { masterKeyFileName } from './master-key-store.ts';

export class MasterKeyWrapper implements KeyWrapper {
  readonly backend: string;
  readonly #masterKey: Buffer;

  constructor(backend: string, masterKey: Uint8Array) {
    if (masterKey.length !== KEY_BYTES)
      throw new Error(`the master key is ${masterKey.length} bytes, not ${KEY_BYTES}`);
    this.backend = backend;
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
        `The desktop master key (${masterKeyFileName} in the data directory) is not the one that protected ` +
          'the stored credentials.',
        `Restore the original ${masterKeyFileName} from a backup. If it is lost, the credentials cannot be ` +
          'recovered: start with a new data directory and enter them again.',
        { cause },
      );
    }
  }
}

/** Stands in when main refused key protection: reading other data works, anything needing secrets fails. */
export class RefusedKeyWrapper implements KeyWrapper {
  readonly backend: string;
  readonly #error: { code: string; message: string; nextStep: string | null };

  constructor(backend: string, error: { code: string; message: string; nextStep: string | null }) {
    this.backend = backend;
    this.#error = error;
  }

  wrap(): Buffer {
    throw new VouchError(this.#error.code, this.#error.message, this.#error.nextStep);
  }

  unwrap(): Buffer {
    throw new VouchError(this.#error.code, this.#error.message, this.#error.nextStep);
  }
}

export function keyWrapperFromMaterial(material: KeyMaterial): KeyWrapper {
  if (material.masterKey !== null) {
    return new MasterKeyWrapper(material.backend, Buffer.from(material.masterKey, 'base64'));
  }
  return new RefusedKeyWrapper(
    material.backend,
    material.refusal ?? { code: 'key_protection_unavailable', message: 'No key protection.', nextStep: null },
  );
}
