// Who may talk to `vouch serve`: only a browser on this machine that opened the printed URL. The URL carries a
// random per-run token; the first request trades it for an HttpOnly, SameSite=Strict cookie. Requests must be
// addressed to our loopback host:port (a DNS-rebinding page has another Host), and state-changing requests and
// the event stream must come from our own origin (CSRF from any other page, even on localhost).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** 32 random bytes, base64url: what the printed URL carries. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
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

export class SessionGuard {
  /** Per port: cookies are shared by every port of a host, and two `vouch serve` runs must not collide. */
  readonly cookieName: string;
  readonly #hosts: Set<string>;
  readonly #origins: Set<string>;

  constructor(
    private readonly token: string,
    port: number,
  ) {
    this.cookieName = `vouch_session_${port}`;
    this.#hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
    this.#origins = new Set([...this.#hosts].map((host) => `http://${host}`));
  }

  /** The Host header names our loopback address and port (not a rebinding attacker's domain). */
  hostAllowed(req: IncomingMessage): boolean {
    const host = req.headers.host;
    return host !== undefined && this.#hosts.has(host.toLowerCase());
  }

  /**
   * The request comes from our own pages: a present Origin must be ours, and a present Sec-Fetch-Site must
   * say same-origin (or `none`, a URL the user typed or pasted, where `allowUserNavigation`).
   */
  sameOrigin(req: IncomingMessage, allowUserNavigation = false): boolean {
    const origin = req.headers.origin;
    if (origin !== undefined && !this.#origins.has(origin.toLowerCase())) return false;
    const site = req.headers['sec-fetch-site'];
    if (site === undefined) return true;
    return site === 'same-origin' || (allowUserNavigation && site === 'none');
  }

  authenticated(req: IncomingMessage): boolean {
    const cookie = readCookie(req.headers.cookie, this.cookieName);
    if (cookie !== null && tokensEqual(cookie, this.token)) return true;
    const authorization = req.headers.authorization;
    const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    return bearer !== undefined && tokensEqual(bearer, this.token);
  }

  tokenMatches(presented: string): boolean {
    return tokensEqual(presented, this.token);
  }

  sessionCookie(): string {
    // No Max-Age: a session cookie, gone with the browser session (the token changes every run anyway).
    return `${this.cookieName}=${this.token}; Path=/; HttpOnly; SameSite=Strict`;
  }
}
