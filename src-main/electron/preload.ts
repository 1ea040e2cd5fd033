// The preload script of every Vouch window (sandboxed, context-isolated, bundled to CommonJS): exposes the
// one API object and nothing else. No Node, no ipcRenderer, no Electron object reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { windowApiKey, type WindowApi } from '../../src-shared/window-api.ts';
import { createPreloadBridge } from './preload-bridge.ts';

contextBridge.exposeInMainWorld(windowApiKey, createPreloadBridge(ipcRenderer) satisfies WindowApi);
