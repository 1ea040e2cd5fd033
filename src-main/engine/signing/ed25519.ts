// Ed25519 helpers that need no store: fingerprints and signature checks, used offline by `vouch verify`.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { VouchError } from '../errors.ts';

export const FINGERPRINT_PREFIX = 'ed25519:';

/** A PEM that is not an Ed25519 public key (or not a key at all). */
export class InvalidSigningPublicKeyError extends VouchError {
  constructor(problem: string, options?: ErrorOptions) {
    super(
      'invalid_signing_public_key',
      `The signer public key is not a usable Ed25519 key: ${problem}.`,
      'Ask the sender for the original file.',
      options,
    );
  }
}

export function parseEd25519PublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (cause) {
    throw new InvalidSigningPublicKeyError('it is not a PEM public key', { cause });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new InvalidSigningPublicKeyError(`it is a ${key.asymmetricKeyType ?? 'unknown'} key`);
  }
  return key;
}

/** The raw 32-byte public key (RFC 8032), which is what the fingerprint covers. */
export function rawEd25519PublicKey(key: KeyObject): Buffer {
  const { x } = key.export({ format: 'jwk' });
  if (typeof x !== 'string') throw new InvalidSigningPublicKeyError('it has no public point');
  return Buffer.from(x, 'base64url');
}

/**
 * `ed25519:` + the first 32 hex characters (128 bits) of SHA-256 over the raw 32-byte public key.
 * Independent of the PEM's line breaks and of the SPKI encoding, so anyone can recompute it:
 * `openssl pkey -pubin -in signer.pub -outform DER | tail -c 32 | sha256sum | cut -c1-32`.
 */
export function publicKeyFingerprint(pem: string): string {
  const raw = rawEd25519PublicKey(parseEd25519PublicKey(pem));
  return `${FINGERPRINT_PREFIX}${createHash('sha256').update(raw).digest('hex').slice(0, 32)}`;
}

/** Accepts a fingerprint as typed by a person: any case, with or without the `ed25519:` prefix. */
export function normalizeFingerprint(text: string): string {
  const trimmed = text.trim().toLowerCase();
  return trimmed.startsWith(FINGERPRINT_PREFIX) ? trimmed : `${FINGERPRINT_PREFIX}${trimmed}`;
}

/** False (never a throw) for a wrong, truncated or malformed signature. */
export function verifyEd25519(publicKeyPem: string, data: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, data, parseEd25519PublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}
