// The application menu: File, Edit, View, Window, Help (with the app menu first on macOS). Navigation items
// only change the hash of our page (the renderer routes by hash), so they never reload the window; nothing
// here opens a web page inside the app, and no item reaches outside it except through the actions given.
import type { MenuItemConstructorOptions } from 'electron';

/** Hash routes of the renderer (src-renderer/state/router.ts). */
export const appRoutes = {
  dashboard: '#/',
  sources: '#/sources',
  addSource: '#/sources/add',
  evidence: '#/evidence',
  settings: '#/settings',
} as const;
export type AppRoute = (typeof appRoutes)[keyof typeof appRoutes];

export interface MenuActions {
  navigate(route: AppRoute): void;
  openDataFolder(): void;
  showAbout(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Developer items (DevTools, force reload) only in an unpackaged app. */
  development: boolean;
  actions: MenuActions;
}

export function applicationMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { actions } = options;
  const mac = options.platform === 'darwin';
  const go = (route: AppRoute) => () => actions.navigate(route);

  const settings: MenuItemConstructorOptions = {
    label: 'Settings…',
    accelerator: 'CmdOrCtrl+,',
    click: go(appRoutes.settings),
  };
  const about: MenuItemConstructorOptions = { label: 'About Vouch', click: () => actions.showAbout() };

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: 'Vouch',
          submenu: [
            about,
            { type: 'separator' },
            settings,
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Add Source…', accelerator: 'CmdOrCtrl+N', click: go(appRoutes.addSource) },
      { type: 'separator' },
      { label: 'Open Data Folder', click: () => actions.openDataFolder() },
      ...(mac
        ? []
        : [
            { type: 'separator' } as const,
            settings,
            { type: 'separator' } as const,
            { role: 'quit' } as const,
          ]),
      ...(mac ? [{ type: 'separator' } as const, { role: 'close' } as const] : []),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { label: 'Dashboard', accelerator: 'CmdOrCtrl+1', click: go(appRoutes.dashboard) },
      { label: 'Sources', accelerator: 'CmdOrCtrl+2', click: go(appRoutes.sources) },
      { label: 'Evidence', accelerator: 'CmdOrCtrl+3', click: go(appRoutes.evidence) },
      { type: 'separator' },
      { role: 'reload' },
      ...(options.development ? [{ role: 'forceReload' } as const, { role: 'toggleDevTools' } as const] : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const windowMenu: MenuItemConstructorOptions = {
    label: 'Window',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      // The guides live in the app (Add Source shows each connector's guide), not on a web page.
      { label: 'Integration Guides', click: go(appRoutes.addSource) },
      ...(mac ? [] : [{ type: 'separator' } as const, about]),
    ],
  };

  return [...appMenu, file, edit, view, windowMenu, help];
}
