import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { testCertificates } from '../../sim/shared/test-ca.ts';
import { ArtifactRowsCache, type LoadedRows } from '../../src-main/engine/api/artifact-rows-cache.ts';
import { ProgressThrottle, type ThrottleTimers } from '../../src-main/engine/api/progress-throttle.ts';
import {
  checkCaPem,
  normalizeSecrets,
  normalizeSourceConfig,
} from '../../src-main/engine/api/source-input.ts';
import { oktaConnector } from '../../src-main/engine/connectors/okta/okta-connector.ts';
import type { StoredArtifact } from '../../src-main/engine/evidence/artifact-reader.ts';
import { contentDisposition } from '../../src-main/cli/serve/download-store.ts';
import { loopbackBindAddress } from '../../src-main/cli/serve/server.ts';
import {
  newPrivateHostName,
  readCookie,
  SessionGuard,
  tokensEqual,
} from '../../src-main/cli/serve/session-guard.ts';

class ManualTimers implements ThrottleTimers {
  time = 0;
  pending: { at: number; callback: () => void; id: number }[] = [];
  #id = 0;
  now = () => this.time;
  setTimer = (callback: () => void, ms: number) => {
    const id = ++this.#id;
    this.pending.push({ at: this.time + ms, callback, id });
    return id;
  };
  clearTimer = (handle: unknown) => {
    this.pending = this.pending.filter((t) => t.id !== handle);
  };
  advance(ms: number) {
    this.time += ms;
    const due = this.pending.filter((t) => t.at <= this.time);
    this.pending = this.pending.filter((t) => t.at > this.time);
    for (const t of due) t.callback();
  }
}

describe('ProgressThrottle', () => {
  it('sends the first update at once, then at most one per interval per key, always ending with the latest', () => {
    const timers = new ManualTimers();
    const sent: string[] = [];
    const throttle = new ProgressThrottle<string>((v) => sent.push(v), 200, timers);
    throttle.push('a', 'a1');
    throttle.push('a', 'a2');
    throttle.push('a', 'a3');
    throttle.push('b', 'b1');
    expect(sent).toEqual(['a1', 'b1']);
    timers.advance(199);
    expect(sent).toEqual(['a1', 'b1']);
    timers.advance(1);
    expect(sent).toEqual(['a1', 'b1', 'a3']);
    timers.advance(1_000);
    throttle.push('a', 'a4');
    expect(sent.at(-1)).toBe('a4');
    throttle.push('a', 'a5');
    throttle.flush();
    expect(sent).toEqual(['a1', 'b1', 'a3', 'a4', 'a5']);
    expect(timers.pending).toEqual([]);
  });

  it('keeps at most 5 updates a second for a busy key', () => {
    const timers = new ManualTimers();
    const sent: number[] = [];
    const throttle = new ProgressThrottle<number>((v) => sent.push(v), 200, timers);
    for (let i = 0; i < 1_000; i++) {
      throttle.push('a', i);
      timers.advance(1);
    }
    throttle.flush();
    expect(sent.length).toBeLessThanOrEqual(7);
    expect(sent.at(-1)).toBe(999);
  });
});

describe('ArtifactRowsCache', () => {
  const artifact = (id: string) => ({ id }) as StoredArtifact;

  it('keeps the most recently used artifacts and shares a load between concurrent requests', async () => {
    const loads: string[] = [];
    const cache = new ArtifactRowsCache(2, async (a): Promise<LoadedRows> => {
      loads.push(a.id);
      return { columns: ['id'], rows: [{ id: a.id }] };
    });
    await Promise.all([cache.get(artifact('x')), cache.get(artifact('x'))]);
    await cache.get(artifact('y'));
    await cache.get(artifact('x'));
    await cache.get(artifact('z'));
    // y was the least recently used when z came in.
    await cache.get(artifact('x'));
    await cache.get(artifact('y'));
    expect(loads).toEqual(['x', 'y', 'z', 'y']);
    expect(cache.size).toBe(2);
  });

  it('does not remember a failed read', async () => {
    let attempts = 0;
    const cache = new ArtifactRowsCache(2, async () => {
      attempts++;
      if (attempts === 1) throw new Error('damaged');
      return { columns: [], rows: [] };
    });
    await expect(cache.get(artifact('x'))).rejects.toThrow('damaged');
    await expect(cache.get(artifact('x'))).resolves.toEqual({ columns: [], rows: [] });
  });
});

describe('source input', () => {
  const { caPem, keyPem, certPem } = testCertificates();

  it('accepts PEM certificates (bundles too) and normalizes them', () => {
    expect(checkCaPem(`\n${caPem}`)).toContain('-----BEGIN CERTIFICATE-----');
    expect(checkCaPem(`${caPem}\n${certPem}`).match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  it('refuses files without a certificate, damaged certificates and private keys', () => {
    expect(() => checkCaPem('hello')).toThrow(/no PEM certificate/);
    expect(() => checkCaPem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow(
      /cannot be read/,
    );
    expect(() => checkCaPem(`${caPem}\n${keyPem}`)).toThrow(/private key/);
  });

  it("keeps only the connector's fields, trimmed, and drops a CA file name without its content", () => {
    expect(
      normalizeSourceConfig(oktaConnector, { domain: ' acme.okta.com ', caFile: 'ca.pem', caPem: '' }),
    ).toEqual({
      domain: 'acme.okta.com',
    });
    expect(
      normalizeSourceConfig(oktaConnector, { domain: 'acme.okta.com', caFile: 'ca.pem', caPem }),
    ).toMatchObject({
      caFile: 'ca.pem',
    });
    expect(() => normalizeSourceConfig(oktaConnector, { domain: 'a', proxy: 'x' })).toThrow(
      /no setting named "proxy"/,
    );
    expect(normalizeSecrets(oktaConnector, { apiToken: ' t0k3n\n' })).toEqual({ apiToken: 't0k3n' });
    expect(() => normalizeSecrets(oktaConnector, { password: 'x' })).toThrow(
      /no credential named "password"/,
    );
  });
});

describe('serve session guard', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  const app = 'vouch-0123456789abcdef01234567.localhost';
  const guard = new SessionGuard('the-token', 4321, app);

  it('compares tokens of any length without throwing', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('', 'abc')).toBe(false);
    expect(tokensEqual('a'.repeat(10_000), 'abc')).toBe(false);
  });

  it('names a fresh, unguessable private host each run', () => {
    const names = new Set(Array.from({ length: 50 }, () => newPrivateHostName()));
    expect(names.size).toBe(50);
    for (const name of names) expect(name).toMatch(/^vouch-[0-9a-f]{24}\.localhost$/);
  });

  it('reads its own cookie among others', () => {
    expect(readCookie('a=1; vouch_session=the-token; b=2', 'vouch_session')).toBe('the-token');
    expect(readCookie('vouch_session_1=x', 'vouch_session')).toBeNull();
    expect(readCookie(undefined, 'x')).toBeNull();
  });

  it('authenticates by cookie on the private host only, or by bearer token', () => {
    expect(guard.authenticated(req({ cookie: 'vouch_session=the-token' }), 'app')).toBe(true);
    expect(guard.authenticated(req({ cookie: 'vouch_session=the-token' }), 'loopback')).toBe(false);
    expect(guard.authenticated(req({ authorization: 'Bearer the-token' }), 'app')).toBe(true);
    expect(guard.authenticated(req({ authorization: 'Bearer the-token' }), 'loopback')).toBe(true);
    expect(guard.authenticated(req({ cookie: 'vouch_session=nope' }), 'app')).toBe(false);
    expect(guard.authenticated(req({ cookie: 'vouch_session_1234=the-token' }), 'app')).toBe(false);
    expect(guard.authenticated(req({ authorization: 'Basic the-token' }), 'app')).toBe(false);
    expect(guard.authenticated(req({}), 'app')).toBe(false);
  });

  it('tells its private host from plain loopback and refuses any other host or port', () => {
    expect(guard.hostKind(req({ host: `${app}:4321` }))).toBe('app');
    expect(guard.hostKind(req({ host: `${app.toUpperCase()}:4321` }))).toBe('app');
    expect(guard.hostKind(req({ host: '127.0.0.1:4321' }))).toBe('loopback');
    expect(guard.hostKind(req({ host: 'LOCALHOST:4321' }))).toBe('loopback');
    expect(guard.hostKind(req({ host: `${app}:1234` }))).toBeNull();
    expect(guard.hostKind(req({ host: 'vouch-ffffffffffffffffffffffff.localhost:4321' }))).toBeNull();
    expect(guard.hostKind(req({ host: 'evil.example:4321' }))).toBeNull();
    expect(guard.hostKind(req({ host: '127.0.0.1:1234' }))).toBeNull();
    expect(guard.hostKind(req({ host: '127.0.0.1' }))).toBeNull();
    expect(guard.hostKind(req({}))).toBeNull();
  });

  it('accepts only the private origin', () => {
    expect(guard.sameOrigin(req({}))).toBe(true);
    expect(guard.sameOrigin(req({ origin: `http://${app}:4321`, 'sec-fetch-site': 'same-origin' }))).toBe(
      true,
    );
    expect(guard.sameOrigin(req({ origin: 'http://127.0.0.1:4321' }))).toBe(false);
    expect(guard.sameOrigin(req({ origin: 'http://localhost:4321' }))).toBe(false);
    expect(guard.sameOrigin(req({ origin: `http://${app}:9999` }))).toBe(false);
    expect(guard.sameOrigin(req({ origin: 'null' }))).toBe(false);
    expect(guard.sameOrigin(req({ 'sec-fetch-site': 'same-site' }))).toBe(false);
    expect(guard.sameOrigin(req({ 'sec-fetch-site': 'none' }))).toBe(false);
    expect(guard.sameOrigin(req({ 'sec-fetch-site': 'none' }), true)).toBe(true);
  });

  it('listens on loopback addresses only', () => {
    expect(loopbackBindAddress('127.0.0.1')).toBe('127.0.0.1');
    expect(loopbackBindAddress('localhost')).toBe('127.0.0.1');
    expect(loopbackBindAddress('[::1]')).toBe('::1');
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com', '127.0.0.1.nip.io']) {
      expect(() => loopbackBindAddress(host)).toThrow(/loopback/);
    }
  });

  it('names downloads safely', () => {
    expect(contentDisposition('okta-prod_okta.users.csv')).toBe(
      `attachment; filename="okta-prod_okta.users.csv"; filename*=UTF-8''okta-prod_okta.users.csv`,
    );
    expect(contentDisposition('ré"sumé.csv')).toContain('filename="r__sum_.csv"');
  });
});
