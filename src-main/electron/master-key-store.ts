// The desktop master key: 32 random bytes, kept in the data directory only as safeStorage ciphertext
// (desktop-master-key.json, mode 0600), next to the name of the backend that encrypted it. Main decrypts it
// once at startup and hands it to the engine and lane processes, which cannot reach safeStorage; they wrap
// the vault's data key with it under the same backend name, so the database records `safeStorage:<backend>`.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { KEY_BYTES } from '../engine/secrets/aes-gcm.ts';
import {
  KeyProtectionChangedError,
  KeyProtectionCorruptError,
  type KeyWrapper,
} from '../engine/secrets/key-wrapper.ts';

export const masterKeyFileName = 'desktop-master-key.json';

const masterKeyFileSchema = z.object({
  version: z.literal(1),
  backend: z.string().min(1),
  wrappedMasterKey: z.string().min(1),
});

/**
 * The master key: read and unwrapped when the file exists (throwing KeyProtectionChangedError when it was
 * protected by another backend), otherwise created. Two processes racing to create it agree on one key.
 */
export function loadOrCreateMasterKey(dataDir: string, wrapper: KeyWrapper): Buffer {
  const file = path.join(dataDir, masterKeyFileName);
  const existing = readMasterKeyFile(file);
  if (existing !== null) return unwrapMasterKey(existing, wrapper);
  const created = randomBytes(KEY_BYTES);
  const record = {
    version: 1,
    backend: wrapper.backend,
    wrappedMasterKey: wrapper.wrap(created).toString('base64'),
  };
  if (writeExclusively(file, `${JSON.stringify(record, null, 2)}\n`)) return created;
  const winner = readMasterKeyFile(file);
  if (winner === null)
    throw new KeyProtectionCorruptError(`${masterKeyFileName} vanished while it was created`);
  return unwrapMasterKey(winner, wrapper);
}

function readMasterKeyFile(file: string): z.infer<typeof masterKeyFileSchema> | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeyProtectionCorruptError(`${masterKeyFileName} is not valid JSON`);
  }
  const parsed = masterKeyFileSchema.safeParse(json);
  if (!parsed.success)
    throw new KeyProtectionCorruptError(`${masterKeyFileName} is not a Vouch master key file`);
  return parsed.data;
}

function unwrapMasterKey(record: z.infer<typeof masterKeyFileSchema>, wrapper: KeyWrapper): Buffer {
  if (record.backend !== wrapper.backend)
    throw new KeyProtectionChangedError(record.backend, wrapper.backend);
  const key = wrapper.unwrap(Buffer.from(record.wrappedMasterKey, 'base64'));
  if (key.length !== KEY_BYTES) {
    throw new KeyProtectionCorruptError(`the desktop master key is ${key.length} bytes, not ${KEY_BYTES}`);
  }
  return key;
}

/** Writes a private temporary file and links it into place; false when the file already existed. */
function writeExclusively(file: string, content: string): boolean {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * Chromium's `--password-store` value that keeps safeStorage on the backend that protected an existing
 * master key. Chromium picks the Linux backend from the desktop environment, which varies with how Vouch is
 * started (no XDG_CURRENT_DESKTOP from a terminal multiplexer means basic_text); pinning it keeps the backend
 * stable across runs. KWallet is left to detection: its switch names a generation, which KDE upgrades change.
 */
export function passwordStoreSwitch(dataDir: string): string | null {
  let backend: string | null;
  try {
    backend = readMasterKeyFile(path.join(dataDir, masterKeyFileName))?.backend ?? null;
  } catch {
    return null; // reported properly when the key is opened after `ready`
  }
  if (backend === 'safeStorage:gnome_libsecret') return 'gnome-libsecret';
  if (backend === 'safeStorage:basic_text') return 'basic';
  return null;
}
