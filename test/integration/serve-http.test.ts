// `vouch serve` over real HTTP on loopback: the session token and cookie, Host and Origin checks, security
// headers, the renderer build as static files, and the limits of the API route.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src-main/cli/serve/server.ts';
import { httpRequest, ServeClient } from '../helpers/serve-client.ts';

let dir: string;
let server: RunningServer;
let client: ServeClient;

const env = () => ({ ...process.env, VOUCH_MASTER_KEY: randomBytes(32).toString('base64') });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vouch-serve-http-'));
  const renderer = path.join(dir, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Vouch UI</title>');
  writeFileSync(path.join(renderer, 'assets', 'app-1234.js'), 'console.log("vouch")');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the build');
  server = await startServer({
    dataDir: path.join(dir, 'data'),
    env: env(),
    rendererDir: renderer,
    scheduler: false,
    log: () => {},
  });
  client = ServeClient.of(server);
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('vouch serve: session', () => {
  it('prints a URL on a private per-run *.localhost host with a fresh 32-byte token', () => {
    expect(server.hostName).toMatch(/^vouch-[0-9a-f]{24}\.localhost$/);
    expect(server.url).toBe(`http://${server.hostName}:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.loopbackOrigin).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('answers 401 without the token, as a page for people and as JSON for the API', async () => {
    const page = await httpRequest(server.port, '/');
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('vouch serve');
    const api = await httpRequest(server.port, '/api/call/app.info', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.text)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const wrong = await httpRequest(server.port, '/?token=not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const events = await httpRequest(server.port, '/api/events');
    expect(events.status).toBe(401);
  });

  it('trades the token for a host-only HttpOnly SameSite=Strict cookie and drops it from the address', async () => {
    const reply = await httpRequest(server.port, `/sources?tab=all&token=${server.token}`, {
      headers: { host: client.host },
    });
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('/sources?tab=all');
    const cookie = reply.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/^vouch_session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    // No Domain attribute: the cookie belongs to the private host alone, not to 127.0.0.1 or localhost.
    expect(cookie.toLowerCase()).not.toContain('domain=');
    const signedIn = await client.signIn();
    expect(signedIn.status).toBe(302);
    const page = await client.raw('/sources?tab=all');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Vouch UI');
  });

  it('forwards a browser holding the token on a plain loopback address to the private host, cookie-free', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`]) {
      const reply = await httpRequest(server.port, `/sources?token=${server.token}`, { headers: { host } });
      expect(reply.status).toBe(302);
      expect(reply.headers.location).toBe(`${server.origin}/sources?token=${server.token}`);
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
    const wrong = await httpRequest(server.port, '/sources?token=wrong');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.location).toBeUndefined();
    expect(wrong.text).not.toContain(server.hostName);
  });

  it('ignores the session cookie on plain loopback addresses', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`]) {
      const page = await client.raw('/', { headers: { host } });
      expect(page.status).toBe(401);
      const api = await client.raw('/api/call/app.info', {
        method: 'POST',
        headers: { host, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(api.status).toBe(401);
    }
  });

  it('holds its port on both loopback addresses, so no one else can take the other one', async () => {
    const v6 = await new Promise<string>((resolve) => {
      const probe = net.createServer();
      probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      probe.listen({ host: '::1', port: server.port, exclusive: true }, () =>
        probe.close(() => resolve('bound')),
      );
    });
    // EADDRNOTAVAIL: this machine has no ::1, so nobody can listen there either.
    expect(['EADDRINUSE', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']).toContain(v6);
    if (v6 === 'EADDRINUSE') {
      const reply = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '::1',
            port: server.port,
            path: '/',
            headers: { host: client.host, cookie: client.cookie },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(reply).toBe(200);
    }
  });

  it('refuses to start on a port whose twin loopback address someone else holds', async () => {
    const squatter = net.createServer();
    const bound = await new Promise<number | null>((resolve) => {
      squatter.once('error', () => resolve(null));
      squatter.listen({ host: '::1', port: 0, exclusive: true }, () =>
        resolve((squatter.address() as net.AddressInfo).port),
      );
    });
    if (bound === null) return; // no IPv6 here: no one can listen on ::1 either
    try {
      await expect(
        startServer({
          dataDir: path.join(dir, 'data-twin'),
          env: env(),
          port: bound,
          rendererDir: path.join(dir, 'renderer'),
          scheduler: false,
          log: () => {},
        }),
      ).rejects.toMatchObject({ code: 'port_in_use' });
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('accepts the token as a bearer token (scripts)', async () => {
    const reply = await httpRequest(server.port, '/api/call/app.info', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      body: '{}',
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text)).toMatchObject({
      ok: true,
      value: { shell: 'browser', version: expect.any(String) },
    });
  });

  it('refuses requests addressed to another host (DNS rebinding), even with the cookie', async () => {
    for (const host of [
      `evil.example:${server.port}`,
      `127.0.0.1:${server.port + 1}`,
      'localhost',
      `${server.hostName}:${server.port + 1}`,
      `vouch-000000000000000000000000.localhost:${server.port}`,
    ]) {
      const reply = await client.raw('/', { headers: { host } });
      expect(reply.status).toBe(403);
    }
    const viaPrivateHost = await client.raw('/', { headers: { host: client.host.toUpperCase() } });
    expect(viaPrivateHost.status).toBe(200);
  });

  it('refuses API calls and the event stream from other origins (CSRF)', async () => {
    const call = (headers: Record<string, string>) =>
      client.raw('/api/call/settings.update', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ theme: 'dark' }),
      });
    expect((await call({ origin: 'http://evil.example' })).status).toBe(403);
    expect((await call({ origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403);
    expect((await call({ origin: `http://127.0.0.1:${server.port}` })).status).toBe(403);
    expect((await call({ origin: `http://localhost:${server.port}` })).status).toBe(403);
    expect((await call({ origin: 'null' })).status).toBe(403);
    expect((await call({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await call({ 'sec-fetch-site': 'same-site' })).status).toBe(403);
    const settings = await client.call<{ theme: string }>('settings.get');
    expect(settings.theme).toBe('auto');
    expect((await call({ origin: client.origin, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    const events = await client.raw('/api/events', { headers: { origin: 'http://evil.example' } });
    expect(events.status).toBe(403);
  });

  it('sets the security headers on every response', async () => {
    for (const reply of [
      await client.raw('/'),
      await client.callRaw('app.info', {}),
      await httpRequest(server.port, '/'),
    ]) {
      expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
      expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
      expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['referrer-policy']).toBe('no-referrer');
    }
    expect((await client.callRaw('app.info', {})).headers['cache-control']).toBe('no-store');
  });
});

describe('vouch serve: static files', () => {
  it('serves the build, with index.html for client-side routes and 404 for missing files', async () => {
    const asset = await client.raw('/assets/app-1234.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
    const route = await client.raw('/artifacts/art_0123456789abcdef');
    expect(route.status).toBe(200);
    expect(route.text).toContain('Vouch UI');
    expect((await client.raw('/assets/missing.js')).status).toBe(404);
  });

  it('never serves files outside the build', async () => {
    for (const attempt of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%00',
    ]) {
      const reply = await client.raw(attempt);
      expect(reply.text).not.toContain('outside the build');
      expect([400, 404, 200]).toContain(reply.status);
    }
  });

  it('explains how to build the interface when there is no build', async () => {
    const bare = await startServer({
      dataDir: path.join(dir, 'data2'),
      env: env(),
      rendererDir: path.join(dir, 'no-such-build'),
      scheduler: false,
      log: () => {},
    });
    try {
      expect(bare.rendererBuilt).toBe(false);
      const other = ServeClient.of(bare);
      await other.signIn();
      const reply = await other.raw('/');
      expect(reply.status).toBe(503);
      expect(reply.text).toContain('npm run build:renderer');
    } finally {
      await bare.close();
    }
  });
});

describe('vouch serve: API route', () => {
  it('answers errors as data with a fitting status', async () => {
    const unknown = await client.callRaw('sources.explode', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const invalid = await client.callRaw('artifacts.rows', { id: 'nope', offset: -1, limit: 1 });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.text)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const missing = await client.callRaw('sources.test', { name: 'nope' });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toMatchObject({
      ok: false,
      error: { code: 'source_not_found', nextStep: expect.any(String) },
    });
  });

  it('requires POST with a JSON body of at most 1 MB', async () => {
    const get = await client.raw('/api/call/app.info');
    expect(get.status).toBe(405);
    const form = await client.raw('/api/call/app.info', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: client.origin },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const badJson = await client.raw('/api/call/app.info', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: client.origin },
      body: '{',
    });
    expect(badJson.status).toBe(400);
    const huge = await client.callRaw('settings.update', { theme: 'x'.repeat(1_100_000) });
    expect(huge.status).toBe(413);
    expect((await client.raw('/api/nothing')).status).toBe(404);
  });

  it('persists settings', async () => {
    const updated = await client.call('settings.update', { syncIntervalHours: 6 });
    expect(updated).toEqual({ syncIntervalHours: 6, dailyConnectionTest: true, theme: 'dark' });
    expect(await client.call('settings.get')).toEqual(updated);
    const invalid = await client.callRaw('settings.update', { syncIntervalHours: 1000 });
    expect(invalid.status).toBe(400);
  });
});
