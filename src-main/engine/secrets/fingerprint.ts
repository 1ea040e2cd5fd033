// A short, stable identifier of a set of credentials, so evidence and sync runs can say which credentials
// collected them (and a rotation is visible) without storing the secret.
import { createHash } from 'node:crypto';

/**
 * `sha256:` + the first 16 hex characters of SHA-256 over the fields sorted by name.
 *
 * Safe to show and to store because the credentials it is meant for (API tokens, client secrets, private
 * keys) are high-entropy: 64 bits of a hash say nothing usable about them. For a low-entropy secret such as a
 * human-chosen password it would NOT be safe: a truncated unsalted hash of a guessable value can be brute
 * forced offline. Do not fingerprint such fields.
 */
export function credentialFingerprint(secrets: Record<string, string>): string {
  // Canonical form: [name, value] pairs in name order, JSON-encoded, so key order does not matter and values
  // cannot run into each other the way plain concatenation would let them.
  const canonical = JSON.stringify(
    Object.keys(secrets)
      .sort()
      .map((name) => [name, secrets[name]]),
  );
  return `sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex').slice(0, 16)}`;
}
