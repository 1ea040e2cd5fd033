// The installation's Ed25519 signing key, which signs evidence bundles. Created on first use; the private key
// is stored only sealed by the SecretVault (so it is as protected as the credentials), the public key in clear.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { EngineCore } from '../engine-core.ts';
import { VouchError } from '../errors.ts';
import { sealedSecretSchema } from '../secrets/vault.ts';
import { publicKeyFingerprint, rawEd25519PublicKey } from './ed25519.ts';

export { publicKeyFingerprint } from './ed25519.ts';

export const SIGNING_PRIVATE_KEY_SETTING = 'signing.private_key_sealed';
export const SIGNING_PUBLIC_KEY_SETTING = 'signing.public_key';
/** The vault's associated data for the key: it cannot be swapped with any credential field. */
const SEALED_FOR = { owner: 'installation', field: 'signing_key' } as const;

export interface SigningKey {
  publicKeyPem: string;
  /** See publicKeyFingerprint: `ed25519:` + 32 hex characters. */
  fingerprint: string;
  sign(data: Buffer): Buffer;
}

/** The settings rows of the signing key are incomplete, unreadable or do not belong together. */
export class SigningKeyCorruptError extends VouchError {
  constructor(problem: string, options?: ErrorOptions) {
    super(
      'signing_key_corrupt',
      `The installation's signing key is damaged: ${problem}.`,
      'Restore the data directory from a backup. Bundles signed earlier still verify with their signer.pub.',
      options,
    );
  }
}

type SigningCore = Pick<EngineCore, 'store' | 'vault'>;

interface StoredKey {
  sealedPrivateKey: string;
  publicKeyPem: string;
}

export function getSigningKey(core: SigningCore): SigningKey {
  const stored = readStoredKey(core) ?? createKey(core);
  const privateKey = openPrivateKey(core, stored);
  const derivedPublic = createPublicKey(privateKey);
  let storedPublic: KeyObject;
  try {
    storedPublic = createPublicKey(stored.publicKeyPem);
  } catch (cause) {
    throw new SigningKeyCorruptError(`${SIGNING_PUBLIC_KEY_SETTING} is not a public key`, { cause });
  }
  if (!rawEd25519PublicKey(derivedPublic).equals(rawEd25519PublicKey(storedPublic))) {
    throw new SigningKeyCorruptError('the stored public key does not belong to the stored private key');
  }
  return {
    publicKeyPem: stored.publicKeyPem,
    fingerprint: publicKeyFingerprint(stored.publicKeyPem),
    sign: (data) => sign(null, data, privateKey),
  };
}

function readStoredKey({ store }: SigningCore): StoredKey | null {
  const rows = store.sqlite
    .prepare('SELECT key, value FROM settings WHERE key IN (?, ?)')
    .all(SIGNING_PRIVATE_KEY_SETTING, SIGNING_PUBLIC_KEY_SETTING) as { key: string; value: string }[];
  const sealedPrivateKey = rows.find((row) => row.key === SIGNING_PRIVATE_KEY_SETTING)?.value;
  const publicKeyPem = rows.find((row) => row.key === SIGNING_PUBLIC_KEY_SETTING)?.value;
  if (sealedPrivateKey === undefined && publicKeyPem === undefined) return null;
  if (sealedPrivateKey === undefined)
    throw new SigningKeyCorruptError(`${SIGNING_PRIVATE_KEY_SETTING} is missing`);
  if (publicKeyPem === undefined)
    throw new SigningKeyCorruptError(`${SIGNING_PUBLIC_KEY_SETTING} is missing`);
  return { sealedPrivateKey, publicKeyPem };
}

function createKey(core: SigningCore): StoredKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // Seal before taking the write lock: the vault may create (and wrap) the data key on its first use.
  const fresh: StoredKey = {
    sealedPrivateKey: JSON.stringify(core.vault.seal(SEALED_FOR.owner, SEALED_FOR.field, privatePem)),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  const insert = core.store.sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  // Two processes may race to create the key; the first one wins and the other uses its key.
  return core.store.sqlite
    .transaction((): StoredKey => {
      const existing = readStoredKey(core);
      if (existing !== null) return existing;
      insert.run(SIGNING_PRIVATE_KEY_SETTING, fresh.sealedPrivateKey);
      insert.run(SIGNING_PUBLIC_KEY_SETTING, fresh.publicKeyPem);
      return fresh;
    })
    .immediate();
}

function openPrivateKey(core: SigningCore, stored: StoredKey): KeyObject {
  let sealedJson: unknown;
  try {
    sealedJson = JSON.parse(stored.sealedPrivateKey);
  } catch (cause) {
    throw new SigningKeyCorruptError(`${SIGNING_PRIVATE_KEY_SETTING} is not JSON`, { cause });
  }
  const sealed = sealedSecretSchema.safeParse(sealedJson);
  if (!sealed.success)
    throw new SigningKeyCorruptError(`${SIGNING_PRIVATE_KEY_SETTING} is not a sealed secret`);
  // SecretTamperedError / key protection errors pass through: they already say what to do.
  const pem = core.vault.open(SEALED_FOR.owner, SEALED_FOR.field, sealed.data);
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType} key`);
    return key;
  } catch (cause) {
    throw new SigningKeyCorruptError('the unsealed private key is not an Ed25519 key', { cause });
  }
}
