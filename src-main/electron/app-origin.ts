// The renderer's origin: `app://vouch/`, a custom protocol served from dist/renderer instead of file://
// (Electron security checklist). Everything that decides "is this our page?" asks isAppUrl().
import type { CustomScheme } from 'electron';

export const appScheme = 'app';
export const appHost = 'vouch';
export const appOrigin = `${appScheme}://${appHost}`;
/** The page every window loads. Menu navigation only changes its hash (the renderer routes by hash). */
export const appEntryUrl = `${appOrigin}/index.html`;

/**
 * Registered before `ready`. standard: relative URLs and a real origin; secure: a secure context like https;
 * supportFetchAPI and corsEnabled: the renderer's module scripts (Vite emits `crossorigin`) load through the
 * CORS machinery even from their own origin. No bypassCSP, no service workers, no streaming.
 */
export const appSchemePrivileges: CustomScheme = {
  scheme: appScheme,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    corsEnabled: true,
    codeCache: true,
    bypassCSP: false,
    allowServiceWorkers: false,
    stream: false,
  },
};

/** True for `app://vouch/...` and nothing else: no other host, no credentials, no port. */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === `${appScheme}:` &&
    url.hostname.toLowerCase() === appHost &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}
