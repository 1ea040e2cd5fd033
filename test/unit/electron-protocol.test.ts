import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appEntryUrl, appSchemePrivileges, isAppUrl } from '../../src-main/electron/app-origin.ts';
import { createAppProtocolHandler, resolveAppAssetPath } from '../../src-main/electron/app-protocol.ts';
import { contentSecurityPolicy } from '../../src-main/electron/content-security-policy.ts';

const posixOnly = process.platform === 'win32' ? it.skip : it;

let sandbox: string;
let root: string;

beforeAll(() => {
  sandbox = mkdtempSync(path.join(tmpdir(), 'vouch-protocol-'));
  root = path.join(sandbox, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Vouch</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log("app")');
  writeFileSync(path.join(root, 'assets', 'style.css'), 'body{}');
  writeFileSync(path.join(root, 'assets', 'my file.svg'), '<svg/>');
  writeFileSync(path.join(sandbox, 'secret.txt'), 'outside the root');
  // A sibling whose name starts with the root's: a naive prefix check would let it through.
  mkdirSync(`${root}-evil`);
  writeFileSync(path.join(`${root}-evil`, 'x.js'), 'evil');
  if (process.platform !== 'win32') {
    symlinkSync(path.join(sandbox, 'secret.txt'), path.join(root, 'assets', 'link-out.txt'));
    symlinkSync(sandbox, path.join(root, 'assets', 'dir-out'));
  }
});

afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

describe('resolveAppAssetPath', () => {
  it('maps app://vouch/ paths into the renderer folder', () => {
    expect(resolveAppAssetPath(root, 'app://vouch/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAssetPath(root, 'app://vouch')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAssetPath(root, appEntryUrl)).toBe(path.join(root, 'index.html'));
    expect(resolveAppAssetPath(root, 'app://vouch/index.html#/settings')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAssetPath(root, 'app://vouch/assets/index-abc.js?v=1')).toBe(
      path.join(root, 'assets', 'index-abc.js'),
    );
    expect(resolveAppAssetPath(root, 'app://VOUCH/assets/style.css')).toBe(
      path.join(root, 'assets', 'style.css'),
    );
    // A single dot is normalized away by URL parsing (as Chromium does): it cannot leave the folder.
    expect(resolveAppAssetPath(root, 'app://vouch/./assets/%2e/style.css')).toBe(
      path.join(root, 'assets', 'style.css'),
    );
    expect(resolveAppAssetPath(root, 'app://vouch/assets/my%20file.svg')).toBe(
      path.join(root, 'assets', 'my file.svg'),
    );
  });

  const refused = [
    // dot segments, plain and percent-encoded in every mix
    'app://vouch/../secret.txt',
    'app://vouch/../../../../etc/passwd',
    'app://vouch/assets/../../secret.txt',
    'app://vouch/..',
    'app://vouch/%2e%2e/secret.txt',
    'app://vouch/%2E%2E/secret.txt',
    'app://vouch/.%2e/secret.txt',
    'app://vouch/%2e./secret.txt',
    'app://vouch/assets/%2e%2e/%2e%2e/secret.txt',
    'app://vouch/..%2fsecret.txt',
    'app://vouch/%2e%2e%2fsecret.txt',
    'app://vouch/%2e%2e%5csecret.txt',
    'app://vouch/..%5c..%5csecret.txt',
    'app://vouch/assets/..\\..\\secret.txt',
    // separators, NULs and drive letters smuggled into one segment
    'app://vouch/assets%2f..%2f..%2fsecret.txt',
    'app://vouch/%2fetc%2fpasswd',
    'app://vouch/%5cetc%5cpasswd',
    'app://vouch/index.html%00.js',
    'app://vouch/C:%5cWindows%5cwin.ini',
    'app://vouch/c:/Windows/win.ini',
    'app://vouch/index.html::$DATA',
    // empty, dot-only and Windows-equivalent segments
    'app://vouch//etc/passwd',
    'app://vouch/assets//index-abc.js',
    'app://vouch/.../secret.txt',
    'app://vouch/.. /secret.txt',
    // malformed percent-encoding, double encoding that would decode to ..
    'app://vouch/%E0%A4%A',
    'app://vouch/%',
    // not our origin at all
    'app://evil/index.html',
    'app://vouch.evil/index.html',
    'app://vouch:8080/index.html',
    'app://user:pass@vouch/index.html',
    'file:///etc/passwd',
    'file:///work/renderer/index.html',
    'https://vouch/index.html',
    'not a url',
    '',
  ];

  it.each(refused)('refuses %j', (url) => {
    expect(resolveAppAssetPath(root, url)).toBeNull();
  });

  it('keeps double-encoded dots literal instead of decoding them twice', () => {
    const resolved = resolveAppAssetPath(root, 'app://vouch/%252e%252e/secret.txt');
    expect(resolved).toBe(path.join(root, '%2e%2e', 'secret.txt'));
  });

  it('never resolves outside the root, whatever the input', () => {
    const alphabet = ['.', '/', '\\', '%2e', '%2f', '%5c', '%00', 'a', '..', '%25', ':', ' '];
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 5_000; i += 1) {
      let tail = '';
      const length = 1 + Math.floor(random() * 8);
      for (let j = 0; j < length; j += 1) tail += alphabet[Math.floor(random() * alphabet.length)];
      const resolved = resolveAppAssetPath(root, `app://vouch/${tail}`);
      if (resolved !== null) expect(resolved.startsWith(root + path.sep)).toBe(true);
    }
  });
});

describe('createAppProtocolHandler', () => {
  const handler = () => createAppProtocolHandler({ rootDir: root });
  // The handler reads only url and method; a real Request would do, but this keeps the app:// URL verbatim.
  const request = (url: string, method = 'GET') =>
    ({ url, method, headers: new Headers() }) as unknown as Request;

  it('serves files with their content type, the CSP and nosniff', async () => {
    const response = await handler()(request('app://vouch/assets/index-abc.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('console.log("app")');
    const index = await handler()(request('app://vouch/'));
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>Vouch</title>');
  });

  it('answers 404 with the CSP for anything refused or missing', async () => {
    for (const url of [
      'app://vouch/../secret.txt',
      'app://vouch/missing.js',
      'app://vouch/assets/',
      'app://evil/',
    ]) {
      const response = await handler()(request(url));
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    }
  });

  it('does not serve a sibling folder that shares the root name as a prefix', async () => {
    const escaped = path.relative(root, path.join(`${root}-evil`, 'x.js'));
    expect(escaped.startsWith('..')).toBe(true);
    expect((await handler()(request('app://vouch/../renderer-evil/x.js'))).status).toBe(404);
  });

  posixOnly('does not follow symlinks out of the root', async () => {
    expect(resolveAppAssetPath(root, 'app://vouch/assets/link-out.txt')).not.toBeNull();
    expect((await handler()(request('app://vouch/assets/link-out.txt'))).status).toBe(404);
    expect((await handler()(request('app://vouch/assets/dir-out/secret.txt'))).status).toBe(404);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await handler()(request('app://vouch/index.html', 'HEAD'));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await handler()(request('app://vouch/index.html', 'POST'))).status).toBe(405);
    expect((await handler()(request('app://vouch/index.html', 'PUT'))).status).toBe(405);
  });
});

describe('the app origin', () => {
  it('is a standard, secure scheme that does not bypass the CSP', () => {
    expect(appSchemePrivileges.scheme).toBe('app');
    expect(appSchemePrivileges.privileges).toMatchObject({ standard: true, secure: true, bypassCSP: false });
    expect(appSchemePrivileges.privileges?.allowServiceWorkers).toBe(false);
  });

  it('recognizes only app://vouch URLs', () => {
    expect(isAppUrl('app://vouch/index.html#/sources')).toBe(true);
    for (const url of [
      'app://vouch.evil/',
      'app://evil/',
      'app://vouch:1/',
      'app://a@vouch/',
      'https://vouch/',
      'file:///index.html',
      'javascript:alert(1)',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});
