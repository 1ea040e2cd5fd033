// Guards installed on every WebContents the app ever creates (app 'web-contents-created'): a page may only
// navigate within app://vouch/, may never open a window (http(s) links go to the system browser instead),
// and may never attach a <webview>.
import type { WebContents } from 'electron';
import { isAppUrl } from './app-origin.ts';

export interface GuardDependencies {
  /** shell.openExternal */
  openExternal(url: string): Promise<void>;
  log(line: string): void;
}

/**
 * Hands `url` to the system browser when it is http or https, and reports whether it did. Anything else
 * (file:, javascript:, custom schemes that launch other programs) is refused.
 */
export function openExternalUrl(url: string, open: (url: string) => Promise<void>): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  open(parsed.href).catch(() => {});
  return true;
}

export function installWebContentsGuards(contents: WebContents, deps: GuardDependencies): void {
  const blockUnlessInApp = (kind: string) => (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    deps.log(`blocked ${kind} to ${describeUrl(url)}`);
  };
  contents.on('will-navigate', blockUnlessInApp('navigation'));
  contents.on('will-frame-navigate', (event) => blockUnlessInApp('frame navigation')(event, event.url));
  contents.on('will-redirect', blockUnlessInApp('redirect'));

  contents.setWindowOpenHandler(({ url }) => {
    if (openExternalUrl(url, deps.openExternal)) deps.log(`opened ${describeUrl(url)} in the system browser`);
    else deps.log(`blocked a new window for ${describeUrl(url)}`);
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    deps.log('blocked a <webview>');
  });
}

/** The scheme and host only: paths and queries may carry tokens. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(an invalid URL)';
  }
}
