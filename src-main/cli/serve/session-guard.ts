// Who may talk to `vouch serve`: only a browser on this machine that opened the printed URL. The URL names a
// per-run private host, `vouch-<random>.localhost` (browsers resolve every *.localhost name to loopback
// themselves), and carries a random per-run token; the first request trades the token for an HttpOnly,
// SameSite=Strict cookie bound to that host alone. Cookies ignore ports, so a cookie for 127.0.0.1 would go
// to every listener on 127.0.0.1; a cookie for the private host goes only where the browser is sent to that
// name, which no other page or process knows. Requests must be addressed to our host:port (a DNS-rebinding
// page has another Host), and state-changing requests, the event stream and downloads must come from our own
// origin (CSRF from any other page, even on localhost). Plain loopback addresses (127.0.0.1:PORT) still
// answer scripts with a Bearer token, and forward a browser holding the token to the private host.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** 32 random bytes, base64url: what the printed URL carries. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * `vouch-<96 random bits>.localhost`: a name nobody else can guess, so no other page can send the browser
 * (and our cookie) to some other port under it. Lowercase hex: a valid DNS label whatever the browser does.
 */
export function newPrivateHostName(): string {
  return `vouch-${randomBytes(12).toString('hex')}.localhost`;
}

/** Constant time whatever the inputs' lengths: both sides are hashed to 32 bytes first. */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** `app`: the private host the browser uses; `loopback`: 127.0.0.1, localhost or [::1] on our port. */
export type HostKind = 'app' | 'loopback';

export class SessionGuard {
  readonly cookieName = 'vouch_session';
  /** `http://vouch-<random>.localhost:PORT`: the only origin whose pages hold the session. */
  readonly appOrigin: string;
  readonly #appHost: string;
  readonly #loopbackHosts: Set<string>;

  constructor(
    private readonly token: string,
    port: number,
    hostName: string,
  ) {
    this.#appHost = `${hostName.toLowerCase()}:${port}`;
    this.appOrigin = `http://${this.#appHost}`;
    this.#loopbackHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  }

  /** Which of our names the Host header uses, or null (a rebinding attacker's domain, another port). */
  hostKind(req: IncomingMessage): HostKind | null {
    const host = req.headers.host?.toLowerCase();
    if (host === undefined) return null;
    if (host === this.#appHost) return 'app';
    return this.#loopbackHosts.has(host) ? 'loopback' : null;
  }

  /**
   * The request comes from our own pages: a present Origin must be the private host's, and a present
   * Sec-Fetch-Site must say same-origin (or `none`, a URL the user typed or pasted, where
   * `allowUserNavigation`).
   */
  sameOrigin(req: IncomingMessage, allowUserNavigation = false): boolean {
    const origin = req.headers.origin;
    if (origin !== undefined && origin.toLowerCase() !== this.appOrigin) return false;
    const site = req.headers['sec-fetch-site'];
    if (site === undefined) return true;
    return site === 'same-origin' || (allowUserNavigation && site === 'none');
  }

  /** The cookie counts only on the private host (where it was set); a Bearer token on either name. */
  authenticated(req: IncomingMessage, kind: HostKind): boolean {
    if (kind === 'app') {
      const cookie = readCookie(req.headers.cookie, this.cookieName);
      if (cookie !== null && tokensEqual(cookie, this.token)) return true;
    }
    const authorization = req.headers.authorization;
    const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    return bearer !== undefined && tokensEqual(bearer, this.token);
  }

  tokenMatches(presented: string): boolean {
    return tokensEqual(presented, this.token);
  }

  sessionCookie(): string {
    // No Domain: a host-only cookie for the private name, never sent to 127.0.0.1, localhost or their ports.
    // No Max-Age: a session cookie, gone with the browser session (the token changes every run anyway).
    return `${this.cookieName}=${this.token}; Path=/; HttpOnly; SameSite=Strict`;
  }
}
