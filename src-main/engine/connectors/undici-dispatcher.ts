// An undici dispatcher per connector call for the connectors that speak HTTP through undici's fetch: the
// system roots plus the source's custom CA, through HTTPS_PROXY when set, with per-request timeouts.
// Passed per request (`dispatcher`), never installed globally: other sources must not inherit it.
import tls from 'node:tls';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';

export function createUndiciDispatcher(
  caPem: string | null,
  proxyUrl: string | null,
  timeoutMs: number,
): Dispatcher {
  // Extra CAs are added to, not substituted for, the public roots (a proxy or a redirect may need those).
  const ca = caPem ? [...tls.rootCertificates, caPem] : undefined;
  const timeouts = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connectTimeout: timeoutMs };
  if (proxyUrl) {
    return new ProxyAgent({
      uri: proxyUrl,
      ...timeouts,
      ...(ca ? { requestTls: { ca }, proxyTls: { ca } } : {}),
    });
  }
  return new Agent({ ...timeouts, keepAliveTimeout: 10_000, ...(ca ? { connect: { ca } } : {}) });
}

/** Connection failures worth retrying (the server dropped the socket), through an error's causes. */
export function retryableNetworkError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
