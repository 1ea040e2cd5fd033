// The BrowserWindow every Vouch window is made with. The security flags are spelled out even where they are
// Electron's defaults, so a changed default or a careless edit shows up in review and in the tests.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export interface MainWindowSettings {
  preloadPath: string;
  /** DevTools only in development (an unpackaged app). */
  devTools: boolean;
}

export function secureWebPreferences(settings: MainWindowSettings): WebPreferences {
  return {
    preload: settings.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: settings.devTools,
  };
}

export function mainWindowOptions(settings: MainWindowSettings): BrowserWindowConstructorOptions {
  return {
    title: 'Vouch',
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    // Shown on 'ready-to-show', so the window never flashes empty.
    show: false,
    webPreferences: secureWebPreferences(settings),
  };
}
