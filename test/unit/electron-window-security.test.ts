import { EventEmitter } from 'node:events';
import type {
  HandlerDetails,
  MenuItemConstructorOptions,
  Session,
  WebContents,
  WindowOpenHandlerResponse,
} from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appRoutes, applicationMenuTemplate, type MenuActions } from '../../src-main/electron/app-menu.ts';
import {
  contentSecurityPolicy,
  installContentSecurityPolicy,
  withContentSecurityPolicy,
} from '../../src-main/electron/content-security-policy.ts';
import { denyAllPermissions } from '../../src-main/electron/permissions.ts';
import { installWebContentsGuards, openExternalUrl } from '../../src-main/electron/web-contents-guards.ts';
import { mainWindowOptions } from '../../src-main/electron/window-options.ts';

class FakeContents extends EventEmitter {
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }
}

function guarded() {
  const contents = new FakeContents();
  const openExternal = vi.fn(async (_url: string) => {});
  const log = vi.fn();
  installWebContentsGuards(contents as unknown as WebContents, { openExternal, log });
  return { contents, openExternal, log };
}

function fakeEvent(url?: string) {
  return { preventDefault: vi.fn(), url };
}

describe('navigation guards', () => {
  it.each(['will-navigate', 'will-redirect'])('%s stays inside app://vouch/', (eventName) => {
    const { contents, log } = guarded();
    const inApp = fakeEvent();
    contents.emit(eventName, inApp, 'app://vouch/index.html#/sources');
    expect(inApp.preventDefault).not.toHaveBeenCalled();
    for (const url of [
      'https://evil.example/phish',
      'http://127.0.0.1:4317/',
      'file:///etc/passwd',
      'app://evil/index.html',
      'app://vouch.evil/',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'not a url',
    ]) {
      const event = fakeEvent();
      contents.emit(eventName, event, url);
      expect(event.preventDefault, url).toHaveBeenCalledTimes(1);
    }
    // Only the scheme and host are logged: a path or query may carry a token.
    expect(log.mock.calls.flat().join('\n')).not.toContain('phish');
  });

  it('blocks frame navigations out of the app too', () => {
    const { contents } = guarded();
    const out = fakeEvent('https://evil.example/');
    contents.emit('will-frame-navigate', out);
    expect(out.preventDefault).toHaveBeenCalled();
    const inside = fakeEvent('app://vouch/index.html');
    contents.emit('will-frame-navigate', inside);
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('prevents every <webview>', () => {
    const { contents } = guarded();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, { src: 'app://vouch/index.html' });
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('window.open', () => {
  const open = (contents: FakeContents, url: string) =>
    contents.windowOpenHandler!({
      url,
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: '', policy: 'no-referrer' },
    });

  it('denies every new window and sends only http(s) links to the system browser', () => {
    const { contents, openExternal } = guarded();
    expect(open(contents, 'https://developer.okta.com/docs/')).toEqual({ action: 'deny' });
    expect(open(contents, 'http://example.com/')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls.map(([url]) => url)).toEqual([
      'https://developer.okta.com/docs/',
      'http://example.com/',
    ]);
    for (const url of [
      'app://vouch/index.html',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id PCWDiagnostic',
      'vscode://file/x',
      'mailto:a@b.c',
      '',
    ]) {
      expect(open(contents, url)).toEqual({ action: 'deny' });
    }
    expect(openExternal).toHaveBeenCalledTimes(2);
  });

  it('openExternalUrl refuses anything but http and https', async () => {
    const opened: string[] = [];
    const open = async (url: string) => {
      opened.push(url);
    };
    expect(openExternalUrl('HTTPS://Example.com/a b', open)).toBe(true);
    expect(openExternalUrl('file:///C:/Windows/System32/calc.exe', open)).toBe(false);
    expect(openExternalUrl('  javascript:alert(1)', open)).toBe(false);
    expect(opened).toEqual(['https://example.com/a%20b']);
    // A failing shell.openExternal must not become an unhandled rejection.
    expect(openExternalUrl('https://example.com/', () => Promise.reject(new Error('no browser')))).toBe(true);
  });
});

describe('permissions', () => {
  it('denies every request, check and device', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (handler: (...args: never[]) => unknown) => (handlers.request = handler),
      setPermissionCheckHandler: (handler: (...args: never[]) => unknown) => (handlers.check = handler),
      setDevicePermissionHandler: (handler: (...args: never[]) => unknown) => (handlers.device = handler),
    };
    const log = vi.fn();
    denyAllPermissions(session as unknown as Session, log);
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'fullscreen',
    ]) {
      const callback = vi.fn();
      (handlers.request as (...args: unknown[]) => void)({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect((handlers.check as (...args: unknown[]) => boolean)(null, 'media', 'app://vouch', {})).toBe(false);
    expect((handlers.device as (...args: unknown[]) => boolean)({ deviceType: 'usb' })).toBe(false);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('"media"'));
  });
});

describe('Content Security Policy', () => {
  it('allows scripts only from our origin and nothing to be framed, embedded or posted', () => {
    const directives = new Map(
      contentSecurityPolicy.split(';').map((part) => {
        const [name = '', ...values] = part.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(contentSecurityPolicy).not.toContain('unsafe-eval');
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('replaces any CSP a response brings, whatever the header case', () => {
    const headers = withContentSecurityPolicy({
      'content-security-policy': ["script-src 'unsafe-eval' *"],
      'Content-Type': ['text/html'],
    });
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [contentSecurityPolicy],
    });
    expect(withContentSecurityPolicy(undefined)).toEqual({
      'Content-Security-Policy': [contentSecurityPolicy],
    });
  });

  it('is added to every http(s) response the session receives', () => {
    let listener:
      | ((details: { responseHeaders?: Record<string, string[]> }, callback: (r: unknown) => void) => void)
      | null = null;
    const session = { webRequest: { onHeadersReceived: (l: typeof listener) => (listener = l) } };
    installContentSecurityPolicy(session as unknown as Session);
    const callback = vi.fn();
    listener!({ responseHeaders: { 'X-Thing': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Thing': ['1'], 'Content-Security-Policy': [contentSecurityPolicy] },
    });
  });
});

describe('BrowserWindow options', () => {
  it('isolate and sandbox the renderer, with no Node and no insecure content', () => {
    const options = mainWindowOptions({ preloadPath: '/app/dist/electron/preload.cjs', devTools: false });
    expect(options.show).toBe(false);
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      devTools: false,
    });
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(options.webPreferences).not.toHaveProperty('additionalArguments');
  });
});

describe('application menu', () => {
  const actions = (): MenuActions & { calls: string[] } => {
    const calls: string[] = [];
    return {
      calls,
      navigate: (route) => calls.push(`navigate ${route}`),
      openDataFolder: () => calls.push('data folder'),
      showAbout: () => calls.push('about'),
    };
  };
  const items = (menu: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    menu.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
  const click = (item: MenuItemConstructorOptions | undefined) =>
    (item?.click as (() => void) | undefined)?.();

  it('has File, Edit, View, Window and Help; Help opens the integration guides inside the app', () => {
    const recorded = actions();
    const menu = applicationMenuTemplate({ platform: 'linux', development: false, actions: recorded });
    expect(menu.map((item) => item.label ?? item.role)).toEqual(['File', 'Edit', 'View', 'Window', 'help']);
    const all = items(menu);
    click(all.find((item) => item.label === 'Integration Guides'));
    click(all.find((item) => item.label === 'Settings…'));
    click(all.find((item) => item.label === 'Open Data Folder'));
    click(all.find((item) => item.label === 'About Vouch'));
    expect(recorded.calls).toEqual([
      `navigate ${appRoutes.addSource}`,
      `navigate ${appRoutes.settings}`,
      'data folder',
      'about',
    ]);
    expect(all.some((item) => item.role === 'toggleDevTools')).toBe(false);
  });

  it('adds the macOS app menu and developer items only where they belong', () => {
    const mac = applicationMenuTemplate({ platform: 'darwin', development: true, actions: actions() });
    expect(mac[0]?.label).toBe('Vouch');
    expect(items(mac).some((item) => item.role === 'toggleDevTools')).toBe(true);
    expect(items(mac).filter((item) => item.role === 'quit')).toHaveLength(1);
  });
});
