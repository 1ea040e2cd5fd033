// Providers sometimes echo what they were sent (a token in a URL, a header in an error body). Every provider
// error message passes through here before it is stored, logged or shown.

export const REDACTED = '[redacted]';

/** Replaces every occurrence of each secret (and its URL-encoded form) with `[redacted]`. */
export function redactSecrets(text: string, secrets: string[]): string {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
  }
  // Longest first, so a secret that contains another one is removed whole.
  let redacted = text;
  for (const needle of [...needles].sort((a, b) => b.length - a.length)) {
    redacted = redacted.split(needle).join(REDACTED);
  }
  return redacted;
}
