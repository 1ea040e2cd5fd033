// Picks the transport once at startup: the desktop preload bridge when present, HTTP otherwise.
import type { Transport } from '../../src-shared/api.ts';
import { createElectronTransport } from './electron-transport.ts';
import { createHttpTransport } from './http-transport.ts';

export function selectTransport(): Transport {
  return window.vouch ? createElectronTransport(window.vouch) : createHttpTransport();
}
