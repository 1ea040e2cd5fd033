// Can the desktop app start here at all? `npm start` asks before it builds anything: without Electron's
// binary (it is not downloaded everywhere, e.g. with ELECTRON_SKIP_BINARY_DOWNLOAD) or without a display,
// it says so and points to browser mode, which needs neither.

export interface PreflightEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** `require('electron')` in Node: the binary's path, or a throw when it was never downloaded. */
  resolveElectron(): string;
  exists(file: string): boolean;
}

export type Preflight = { ok: true; electronPath: string } | { ok: false; message: string };

export const browserModeHint =
  'Use browser mode instead, the same interface served on 127.0.0.1:\n' +
  '    npm run serve\n' +
  'and open the address it prints (on a remote machine, through an SSH tunnel).';

export function desktopPreflight(environment: PreflightEnvironment): Preflight {
  let electronPath: string | null;
  try {
    electronPath = environment.resolveElectron();
  } catch {
    electronPath = null;
  }
  if (electronPath === null || !environment.exists(electronPath)) {
    return {
      ok: false,
      message:
        "The desktop app cannot start: Electron's binary is not installed in node_modules/electron " +
        '(it is skipped with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or its download failed).\n' +
        'To install it: unset ELECTRON_SKIP_BINARY_DOWNLOAD and run `node node_modules/electron/install.js`.\n' +
        browserModeHint,
    };
  }
  const { env } = environment;
  if (environment.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return {
      ok: false,
      message:
        'The desktop app cannot start: there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set).\n' +
        browserModeHint,
    };
  }
  return { ok: true, electronPath };
}
