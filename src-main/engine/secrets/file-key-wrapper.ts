// Headless key protection without an environment variable: a random master key in `master.key` in the data
// directory, readable only by its owner. Protects against copies of the database alone, not against someone
// who can read the whole data directory.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { decodeKey, gcmDecrypt, gcmEncrypt, KEY_BYTES, packGcm, unpackGcm } from './aes-gcm.ts';
import { DATA_KEY_AD } from './env-key-wrapper.ts';
import {
  KeyFileInsecureError,
  MasterKeyInvalidError,
  MasterKeyMismatchError,
  MasterKeyMissingError,
  type KeyWrapper,
} from './key-wrapper.ts';

export const KEY_FILE_NAME = 'master.key';

export class FileKeyWrapper implements KeyWrapper {
  readonly backend = 'keyfile';
  readonly keyPath: string;
  #masterKey: Buffer | null = null;

  /** Nothing touches the disk until the key is needed: wrap() creates the file, unwrap() only reads it. */
  constructor(dataDir: string) {
    this.keyPath = path.join(dataDir, KEY_FILE_NAME);
  }

  wrap(dataKey: Buffer): Buffer {
    return packGcm(gcmEncrypt(this.#loadOrCreate(), dataKey, DATA_KEY_AD));
  }

  unwrap(wrapped: Buffer): Buffer {
    const masterKey = this.#loadExisting();
    if (masterKey === null) {
      // Creating a fresh key here could never unwrap the stored data key; say what is missing instead.
      throw new MasterKeyMissingError(
        `The stored credentials are protected by the key file ${this.keyPath}, which does not exist.`,
        `Restore ${KEY_FILE_NAME} into the data directory from a backup. If it is lost, the credentials cannot ` +
          'be recovered: start with a new data directory and enter them again.',
      );
    }
    try {
      return gcmDecrypt(masterKey, unpackGcm(wrapped), DATA_KEY_AD);
    } catch (cause) {
      throw new MasterKeyMismatchError(
        `The key file ${this.keyPath} is not the one that protected the stored credentials.`,
        `Restore the original ${KEY_FILE_NAME} into the data directory. If it is lost, the credentials cannot ` +
          'be recovered: start with a new data directory and enter them again.',
        { cause },
      );
    }
  }

  #loadOrCreate(): Buffer {
    const existing = this.#loadExisting();
    if (existing !== null) return existing;
    this.#create();
    const created = this.#loadExisting();
    if (created === null) throw new Error(`${this.keyPath} vanished right after it was created`);
    return created;
  }

  #loadExisting(): Buffer | null {
    if (this.#masterKey !== null) return this.#masterKey;
    let mode: number;
    try {
      mode = statSync(this.keyPath).mode;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    // Windows reports synthetic modes; access there is governed by ACLs of the user profile.
    if (process.platform !== 'win32' && (mode & 0o077) !== 0)
      throw new KeyFileInsecureError(this.keyPath, mode);
    const key = decodeKey(readFileSync(this.keyPath, 'utf8'));
    if (typeof key === 'string') {
      throw new MasterKeyInvalidError(
        `The key file ${this.keyPath}`,
        key,
        `Restore the original ${KEY_FILE_NAME} from a backup; it is not something to edit by hand.`,
      );
    }
    this.#masterKey = key;
    return key;
  }

  /**
   * Writes the key to a private temporary file (`wx`, 0600: never readable by others, not even briefly) and
   * links it into place, so a concurrent reader sees either no file or a complete one, and of two processes
   * racing to create it exactly one wins.
   */
  #create(): void {
    const temporary = `${this.keyPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(KEY_BYTES).toString('base64')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temporary, this.keyPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Another process created it first: use theirs.
    } finally {
      unlinkSync(temporary);
    }
  }
}
