// Where the desktop preload exposes the API on `window`: one object implementing `Transport` (api.ts). The
// renderer reads it as `window.vouch` and falls back to HTTP when it is absent (browser mode).
//
// A failed call rejects with the engine's `ApiError` as plain data ({ code, message, nextStep }), not an
// Error: contextBridge copies plain objects intact but strips every custom property of an Error.
import type { Transport } from './api.ts';

export const windowApiKey = 'vouch';

/** What `window[windowApiKey]` holds on the desktop. */
export type WindowApi = Transport;
