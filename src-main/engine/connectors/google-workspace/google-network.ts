// Network-level failures: the error code undici buries in a cause chain, and which codes a retry can cure.

/** Network failures worth a retry (the connection broke; nothing about the target is wrong). */
export const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/** The first error code along an error's cause chain (undici wraps them: fetch failed → cause). */
export function networkCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_ABORTED') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
