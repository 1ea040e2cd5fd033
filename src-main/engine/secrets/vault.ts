// Seals and opens credential fields (DESIGN.md, Secrets): AES-256-GCM under one data key, with the source id
// and field name as associated data. The data key is stored only wrapped by a KeyWrapper, in `settings`.
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { VouchError } from '../errors.ts';
import { gcmDecrypt, gcmEncrypt, KEY_BYTES } from './aes-gcm.ts';
import {
  KeyProtectionChangedError,
  KeyProtectionCorruptError,
  MasterKeyMismatchError,
  SecretTamperedError,
  type KeyWrapper,
} from './key-wrapper.ts';

export const WRAPPED_DATA_KEY_SETTING = 'key_protection.wrapped_data_key';
export const KEY_BACKEND_SETTING = 'key_protection.backend';

/** A sealed field as stored in `sources.sealed_credentials` (all base64). */
export const sealedSecretSchema = z.object({
  iv: z.string().min(1),
  tag: z.string().min(1),
  ciphertext: z.string(),
});
export type SealedSecret = z.infer<typeof sealedSecretSchema>;

export const sealedFieldsSchema = z.record(z.string(), sealedSecretSchema);

export class SecretVault {
  readonly #sqlite: Database.Database;
  readonly #wrapper: KeyWrapper;
  #dataKey: Buffer | null = null;

  constructor(sqlite: Database.Database, wrapper: KeyWrapper) {
    this.#sqlite = sqlite;
    this.#wrapper = wrapper;
  }

  seal(sourceId: string, field: string, plaintext: string): SealedSecret {
    const parts = gcmEncrypt(this.#key(), Buffer.from(plaintext, 'utf8'), associatedData(sourceId, field));
    return {
      iv: parts.iv.toString('base64'),
      tag: parts.tag.toString('base64'),
      ciphertext: parts.ciphertext.toString('base64'),
    };
  }

  /** Throws SecretTamperedError when the secret was altered or sealed for another source or field. */
  open(sourceId: string, field: string, sealed: SealedSecret): string {
    const key = this.#key();
    try {
      const parts = {
        iv: Buffer.from(sealed.iv, 'base64'),
        tag: Buffer.from(sealed.tag, 'base64'),
        ciphertext: Buffer.from(sealed.ciphertext, 'base64'),
      };
      return gcmDecrypt(key, parts, associatedData(sourceId, field)).toString('utf8');
    } catch (cause) {
      throw new SecretTamperedError(sourceId, field, { cause });
    }
  }

  sealFields(sourceId: string, fields: Record<string, string>): Record<string, SealedSecret> {
    return Object.fromEntries(
      Object.entries(fields).map(([field, value]) => [field, this.seal(sourceId, field, value)]),
    );
  }

  openFields(sourceId: string, sealed: Record<string, SealedSecret>): Record<string, string> {
    return Object.fromEntries(
      Object.entries(sealed).map(([field, value]) => [field, this.open(sourceId, field, value)]),
    );
  }

  /** The data key: unwrapped from settings, or created and stored wrapped on the very first use. */
  #key(): Buffer {
    if (this.#dataKey !== null) return this.#dataKey;
    let stored = this.#readStored();
    if (stored === null) {
      // Wrap outside the write lock (a platform keychain may be slow), then insert only if nobody beat us.
      const fresh = randomBytes(KEY_BYTES);
      const wrapped = this.#wrapper.wrap(fresh).toString('base64');
      const insert = this.#sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
      const created = this.#sqlite
        .transaction(() => {
          if (this.#readStored() !== null) return false;
          insert.run(KEY_BACKEND_SETTING, this.#wrapper.backend);
          insert.run(WRAPPED_DATA_KEY_SETTING, wrapped);
          return true;
        })
        .immediate();
      if (created) {
        this.#dataKey = fresh;
        return fresh;
      }
      stored = this.#readStored();
      if (stored === null)
        throw new KeyProtectionCorruptError('the data key disappeared while it was created');
    }
    this.#dataKey = this.#unwrapStored(stored);
    return this.#dataKey;
  }

  #readStored(): { backend: string; wrapped: string } | null {
    const rows = this.#sqlite
      .prepare('SELECT key, value FROM settings WHERE key IN (?, ?)')
      .all(KEY_BACKEND_SETTING, WRAPPED_DATA_KEY_SETTING) as { key: string; value: string }[];
    const backend = rows.find((row) => row.key === KEY_BACKEND_SETTING)?.value;
    const wrapped = rows.find((row) => row.key === WRAPPED_DATA_KEY_SETTING)?.value;
    if (backend === undefined && wrapped === undefined) return null;
    if (backend === undefined) throw new KeyProtectionCorruptError(`${KEY_BACKEND_SETTING} is missing`);
    if (wrapped === undefined) throw new KeyProtectionCorruptError(`${WRAPPED_DATA_KEY_SETTING} is missing`);
    return { backend, wrapped };
  }

  #unwrapStored(stored: { backend: string; wrapped: string }): Buffer {
    if (stored.backend !== this.#wrapper.backend) {
      throw new KeyProtectionChangedError(stored.backend, this.#wrapper.backend);
    }
    let key: Buffer;
    try {
      key = this.#wrapper.unwrap(Buffer.from(stored.wrapped, 'base64'));
    } catch (error) {
      if (error instanceof VouchError) throw error;
      throw new MasterKeyMismatchError(
        `The "${stored.backend}" key backend could not unwrap the stored data key.`,
        'Run Vouch with the same master key as when the credentials were stored.',
        { cause: error },
      );
    }
    if (key.length !== KEY_BYTES) {
      throw new KeyProtectionCorruptError(`the unwrapped data key is ${key.length} bytes, not ${KEY_BYTES}`);
    }
    return key;
  }
}

function associatedData(sourceId: string, field: string): Buffer {
  return Buffer.from(`${sourceId}\u0000${field}`, 'utf8');
}
