// Opens a URL in the user's default browser (`vouch serve --open`). Injected into the command so tests
// never start a browser.
import { spawn } from 'node:child_process';

export type BrowserOpener = (url: string) => Promise<void>;

export function openerCommand(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` is a cmd built-in; its first quoted argument is the window title.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] };
  return { command: 'xdg-open', args: [url] };
}

export const systemBrowserOpener: BrowserOpener = (url) =>
  new Promise((resolve, reject) => {
    const { command, args } = openerCommand(process.platform, url);
    const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsHide: true });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
