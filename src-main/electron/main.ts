// Entry of the Electron main process (bundled to dist/electron/main.mjs). A thin shell: it owns the windows,
// the app:// protocol, the menu and safeStorage, and brokers between the renderer (IPC through the preload)
// and the engine, which runs in a utility process with its lanes beside it:
//
//   renderer ──preload/IPC──▶ main ──parent port──▶ engine utility process ──(via main)──▶ lane processes
//
// Everything with logic lives in the modules imported here, which take Electron's objects as parameters.
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { defaultDataDir } from '../cli/data-dir.ts';
import { applicationMenuTemplate, type AppRoute } from './app-menu.ts';
import { appEntryUrl, appScheme, appSchemePrivileges } from './app-origin.ts';
import { createAppProtocolHandler } from './app-protocol.ts';
import { AppWindows } from './app-windows.ts';
import { installContentSecurityPolicy } from './content-security-policy.ts';
import {
  acceptWeakProtectionButton,
  resolveDesktopKeyProtection,
  weakProtectionDialog,
  type DesktopKeyProtection,
} from './desktop-key-protection.ts';
import { EngineHost } from './engine-host.ts';
import { saveExportedFile } from './export-save-dialog.ts';
import { installIpcBridge } from './ipc-bridge.ts';
import { eventChannel } from './ipc-channels.ts';
import { passwordStoreSwitch } from './master-key-store.ts';
import { denyAllPermissions } from './permissions.ts';
import { childEnvironment } from './utility-child.ts';
import { installWebContentsGuards } from './web-contents-guards.ts';
import { mainWindowOptions } from './window-options.ts';

const log = (line: string) => process.stderr.write(`vouch: ${line}\n`);

// The bundles sit in <app>/dist/electron/, in development and inside app.asar alike.
const bundleDir = path.dirname(fileURLToPath(import.meta.url));
const appRoot = path.resolve(bundleDir, '..', '..');
const rendererDir = path.join(appRoot, 'dist', 'renderer');

// Before `ready`: the name decides the userData folder, which must be the one the CLI uses (cli/data-dir.ts).
app.setName('Vouch');
if (process.platform === 'win32') app.setAppUserModelId('com.vouch.desktop');
const dataDir = defaultDataDir(process.env);
// Chromium's own files (cache, local storage) in a subfolder, not beside vouch.db.
mkdirSync(path.join(dataDir, 'electron-session'), { recursive: true, mode: 0o700 });
app.setPath('sessionData', path.join(dataDir, 'electron-session'));
const pinnedPasswordStore = process.platform === 'linux' ? passwordStoreSwitch(dataDir) : null;
if (pinnedPasswordStore !== null && !app.commandLine.hasSwitch('password-store')) {
  app.commandLine.appendSwitch('password-store', pinnedPasswordStore);
}
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
app.enableSandbox();

const windows = new AppWindows();
let engine: EngineHost | null = null;
let keyProtection: DesktopKeyProtection | null = null;
let quitting = false;

if (!app.requestSingleInstanceLock()) {
  // Another Vouch owns this data directory; it focuses its window (second-instance below).
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => {
    installWebContentsGuards(contents, { openExternal: (url) => shell.openExternal(url), log });
  });
  app.on('second-instance', () => focusOrCreateWindow());
  app.on('activate', () => focusOrCreateWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (quitting || engine === null) return;
    event.preventDefault();
    quitting = true;
    void engine.stop().finally(() => app.quit());
  });
  app.whenReady().then(startApp, (error: unknown) => fail(error));
}

async function startApp(): Promise<void> {
  try {
    installContentSecurityPolicy(session.defaultSession);
    denyAllPermissions(session.defaultSession, log);
    protocol.handle(appScheme, createAppProtocolHandler({ rootDir: rendererDir, log }));
    if (!existsSync(path.join(rendererDir, 'index.html'))) {
      log(`the renderer is not built (${rendererDir} has no index.html): run \`npm run build:renderer\``);
    }
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        applicationMenuTemplate({
          platform: process.platform,
          development: !app.isPackaged,
          actions: { navigate, openDataFolder: () => void shell.openPath(dataDir), showAbout },
        }),
      ),
    );

    keyProtection = await resolveDesktopKeyProtection({
      safeStorage,
      platform: process.platform,
      dataDir,
      askToAcceptWeakProtection: async () =>
        (await dialog.showMessageBox(weakProtectionDialog)).response === acceptWeakProtectionButton,
      log,
    });

    engine = new EngineHost({
      fork: (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
      engineModule: path.join(bundleDir, 'engine-process.mjs'),
      laneModule: path.join(bundleDir, 'lane-process.mjs'),
      dataDir,
      key: keyProtection.material,
      keyProtection: keyProtection.info,
      env: childEnvironment(process.env),
      deliverFile: (request) =>
        saveExportedFile(request, {
          showSaveDialog: (options) => {
            const parent = BrowserWindow.getFocusedWindow();
            return parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options);
          },
          tempRoot: os.tmpdir(),
          defaultDir: app.getPath('downloads'),
        }),
      onEvent: (event) => windows.broadcast(eventChannel, event),
      log,
    });
    installIpcBridge(ipcMain, { windows, engine, log });
    // Started now, so the first call does not wait for the database to open; failures surface per call.
    engine.start().catch(() => {});
    createWindow();
  } catch (error) {
    fail(error);
  }
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(
    mainWindowOptions({ preloadPath: path.join(bundleDir, 'preload.cjs'), devTools: !app.isPackaged }),
  );
  windows.add(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appEntryUrl);
  return window;
}

function focusOrCreateWindow(): void {
  if (!app.isReady() || engine === null) return;
  const [existing] = BrowserWindow.getAllWindows();
  if (existing === undefined) {
    createWindow();
    return;
  }
  if (existing.isMinimized()) existing.restore();
  existing.focus();
}

/** Same-document navigation: only the hash of our page changes, so the renderer keeps its state. */
function navigate(route: AppRoute): void {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? createWindow();
  void window.loadURL(`${appEntryUrl}${route}`);
}

function showAbout(): void {
  void dialog.showMessageBox({
    type: 'info',
    title: 'About Vouch',
    message: `Vouch ${app.getVersion()}`,
    detail: [
      'Compliance evidence collector.',
      '',
      `Data directory: ${dataDir}`,
      `Credential protection: ${keyProtection?.info.description ?? 'not set up yet'}`,
      '',
      `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
    ].join('\n'),
    buttons: ['OK'],
    noLink: true,
  });
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  log(`cannot start: ${error instanceof Error ? (error.stack ?? message) : message}`);
  dialog.showErrorBox('Vouch cannot start', message);
  app.exit(1);
}
