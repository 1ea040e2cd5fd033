// Opens a URL in the user's default browser (`vouch serve --open`). Injected into the command so tests
// never start a browser. The session URL never goes on a command line (any local user can read
// /proc/PID/cmdline): the browser is given a 0600 redirect file in a 0700 directory instead, and the opener
// runs with an environment scrubbed of Vouch's secrets (VOUCH_MASTER_KEY and the like).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export type BrowserOpener = (url: string) => Promise<void>;

export function openerCommand(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` is a cmd built-in; its first quoted argument is the window title.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] };
  return { command: 'xdg-open', args: [url] };
}

/** Variables that must not reach the browser or the desktop's opener: Vouch's own and anything secret-named. */
const secretName =
  /^VOUCH_|(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|MASTER_?KEY|CREDENTIALS?)($|_)/i;

export function scrubbedEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !secretName.test(name)));
}

function htmlAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** How long the redirect file stays: long enough for a slow browser start, short enough not to linger. */
const redirectFileLifetimeMs = 60_000;

/** A page only this user can read that forwards the browser to `url`; removed after a minute. */
export function writeRedirectFile(url: string, tmpDir = os.tmpdir()): { file: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpDir, 'vouch-open-')); // mode 0700
  const file = path.join(dir, 'open-vouch.html');
  const href = htmlAttribute(url);
  writeFileSync(
    file,
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">` +
      `<meta http-equiv="refresh" content="0;url=${href}"><title>Opening Vouch</title>` +
      `<p><a href="${href}">Open Vouch</a></p>\n`,
    { mode: 0o600 },
  );
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openInSystemBrowser(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  const redirect = writeRedirectFile(url);
  const timer = setTimeout(redirect.remove, redirectFileLifetimeMs);
  timer.unref();
  return new Promise((resolve, reject) => {
    const { command, args } = openerCommand(platform, pathToFileURL(redirect.file).href);
    const child = spawn(command, args, {
      detached: true,
      stdio: 'ignore',
      windowsHide: true,
      env: scrubbedEnvironment(env),
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      redirect.remove();
      reject(error);
    });
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

export const systemBrowserOpener: BrowserOpener = (url) => openInSystemBrowser(url);
