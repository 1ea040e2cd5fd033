import { describe, expect, it } from 'vitest';
import { credentialFingerprint } from '../../src-main/engine/secrets/fingerprint.ts';
import { redactSecrets } from '../../src-main/engine/secrets/redact.ts';

describe('credentialFingerprint', () => {
  it('is sha256: plus 16 hex characters, independent of field order', () => {
    const a = credentialFingerprint({ apiToken: 't0k3n', clientId: 'abc' });
    expect(a).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(credentialFingerprint({ clientId: 'abc', apiToken: 't0k3n' })).toBe(a);
  });

  it('changes when a value changes, and values cannot run into each other', () => {
    const a = credentialFingerprint({ apiToken: 't0k3n', clientId: 'abc' });
    expect(credentialFingerprint({ apiToken: 't0k3m', clientId: 'abc' })).not.toBe(a);
    expect(credentialFingerprint({ a: 'xy', b: '' })).not.toBe(credentialFingerprint({ a: 'x', b: 'y' }));
  });

  it('does not contain the secret', () => {
    expect(credentialFingerprint({ apiToken: 'abcdef0123456789' })).not.toContain('abcdef0123456789');
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence, including URL-encoded ones', () => {
    const token = 'S3cr3t/T0ken+=';
    const message = `401 for https://x.okta.com/api?token=${encodeURIComponent(token)} (Authorization: SSWS ${token}; ${token})`;
    const redacted = redactSecrets(message, [token]);
    expect(redacted).toBe(
      '401 for https://x.okta.com/api?token=[redacted] (Authorization: SSWS [redacted]; [redacted])',
    );
    expect(redacted).not.toContain('S3cr3t');
  });

  it('removes a secret that contains another one whole, and ignores empty secrets', () => {
    expect(redactSecrets('key=abc-123-xyz', ['abc', 'abc-123-xyz', ''])).toBe('key=[redacted]');
    expect(redactSecrets('nothing here', [])).toBe('nothing here');
  });
});
