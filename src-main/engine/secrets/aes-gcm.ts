// AES-256-GCM in the two shapes this folder needs: separate parts (sealed secrets, stored as JSON) and one
// buffer iv|tag|ciphertext (wrapped data keys).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface GcmParts {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

export function gcmEncrypt(key: Buffer, plaintext: Buffer, associatedData: Buffer): GcmParts {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

/** Throws when authentication fails (wrong key, wrong associated data, altered bytes). */
export function gcmDecrypt(key: Buffer, parts: GcmParts, associatedData: Buffer): Buffer {
  if (parts.iv.length !== IV_BYTES || parts.tag.length !== TAG_BYTES) {
    throw new Error('malformed AES-GCM envelope (iv or tag of the wrong length)');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, parts.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData);
  decipher.setAuthTag(parts.tag);
  return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]);
}

export function packGcm(parts: GcmParts): Buffer {
  return Buffer.concat([parts.iv, parts.tag, parts.ciphertext]);
}

export function unpackGcm(packed: Buffer): GcmParts {
  if (packed.length < IV_BYTES + TAG_BYTES) throw new Error('wrapped key too short');
  return {
    iv: packed.subarray(0, IV_BYTES),
    tag: packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
    ciphertext: packed.subarray(IV_BYTES + TAG_BYTES),
  };
}

/** Strict base64 of exactly 32 bytes, or a description of what is wrong with it. */
export function decodeKey(text: string): Buffer | string {
  const trimmed = text.trim();
  if (trimmed === '') return 'it is empty';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || trimmed.length % 4 !== 0) return 'it is not valid base64';
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) return `it decodes to ${key.length} bytes`;
  return key;
}
