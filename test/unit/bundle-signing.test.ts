// The installation signing key: created once, stored sealed, stable across reopen, fingerprint as documented.
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEngineCore, type EngineCore } from '../../src-main/engine/engine-core.ts';
import { EnvKeyWrapper } from '../../src-main/engine/secrets/env-key-wrapper.ts';
import { SecretTamperedError } from '../../src-main/engine/secrets/key-wrapper.ts';
import {
  normalizeFingerprint,
  publicKeyFingerprint,
  verifyEd25519,
} from '../../src-main/engine/signing/ed25519.ts';
import {
  getSigningKey,
  SIGNING_PRIVATE_KEY_SETTING,
  SIGNING_PUBLIC_KEY_SETTING,
  SigningKeyCorruptError,
} from '../../src-main/engine/signing/signing-key.ts';

let dir: string;
const master = randomBytes(32);
const open = (): EngineCore => openEngineCore(dir, {}, new EnvKeyWrapper(master));
const setting = (core: EngineCore, key: string) =>
  (
    core.store.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined
  )?.value;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-signing-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('getSigningKey', () => {
  it('creates the key on first use, stores the private half only sealed, and keeps it', () => {
    const core = open();
    const key = getSigningKey(core);
    expect(key.fingerprint).toMatch(/^ed25519:[0-9a-f]{32}$/);
    const sealed = setting(core, SIGNING_PRIVATE_KEY_SETTING) as string;
    expect(sealed).not.toContain('PRIVATE KEY');
    expect(Object.keys(JSON.parse(sealed)).sort()).toEqual(['ciphertext', 'iv', 'tag']);
    expect(setting(core, SIGNING_PUBLIC_KEY_SETTING)).toBe(key.publicKeyPem);
    expect(getSigningKey(core).fingerprint).toBe(key.fingerprint);
    core.close();
    const reopened = open();
    try {
      expect(getSigningKey(reopened).fingerprint).toBe(key.fingerprint);
    } finally {
      reopened.close();
    }
  });

  it('signs so that anyone with the public key can verify', () => {
    const core = open();
    try {
      const key = getSigningKey(core);
      const data = Buffer.from('manifest bytes');
      const signature = key.sign(data);
      expect(verify(null, data, createPublicKey(key.publicKeyPem), signature)).toBe(true);
      expect(verifyEd25519(key.publicKeyPem, data, signature)).toBe(true);
      expect(verifyEd25519(key.publicKeyPem, Buffer.from('other bytes'), signature)).toBe(false);
      expect(verifyEd25519(key.publicKeyPem, data, Buffer.alloc(3))).toBe(false);
      expect(verifyEd25519('not a key', data, signature)).toBe(false);
    } finally {
      core.close();
    }
  });

  it('computes the fingerprint over the raw 32-byte public key', () => {
    const core = open();
    try {
      const key = getSigningKey(core);
      const der = createPublicKey(key.publicKeyPem).export({ type: 'spki', format: 'der' });
      const raw = der.subarray(der.length - 32);
      const expected = `ed25519:${createHash('sha256').update(raw).digest('hex').slice(0, 32)}`;
      expect(publicKeyFingerprint(key.publicKeyPem)).toBe(expected);
      expect(key.fingerprint).toBe(expected);
      expect(normalizeFingerprint(expected.slice(8).toUpperCase())).toBe(expected);
    } finally {
      core.close();
    }
  });

  it('refuses a sealed key that was tampered with, or a public key that does not belong to it', () => {
    const core = open();
    try {
      getSigningKey(core);
      const original = setting(core, SIGNING_PUBLIC_KEY_SETTING);
      const other = openEngineCore(path.join(dir, 'other'), {}, new EnvKeyWrapper(randomBytes(32)));
      const foreign = getSigningKey(other).publicKeyPem;
      other.close();
      core.store.sqlite
        .prepare('UPDATE settings SET value = ? WHERE key = ?')
        .run(foreign, SIGNING_PUBLIC_KEY_SETTING);
      expect(() => getSigningKey(core)).toThrow(SigningKeyCorruptError);
      core.store.sqlite
        .prepare('UPDATE settings SET value = ? WHERE key = ?')
        .run(original, SIGNING_PUBLIC_KEY_SETTING);
      const sealed = JSON.parse(setting(core, SIGNING_PRIVATE_KEY_SETTING) as string) as {
        ciphertext: string;
      };
      const bytes = Buffer.from(sealed.ciphertext, 'base64');
      bytes[0] = (bytes[0] as number) ^ 1;
      core.store.sqlite
        .prepare('UPDATE settings SET value = ? WHERE key = ?')
        .run(
          JSON.stringify({ ...sealed, ciphertext: bytes.toString('base64') }),
          SIGNING_PRIVATE_KEY_SETTING,
        );
      expect(() => getSigningKey(core)).toThrow(SecretTamperedError);
    } finally {
      core.close();
    }
  });

  it('rejects a key that is not Ed25519 when fingerprinting', () => {
    expect(() =>
      publicKeyFingerprint('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'),
    ).toThrow(/not a usable Ed25519 key/);
  });
});
