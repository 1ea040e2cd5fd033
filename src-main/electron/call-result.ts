// The envelope a `vouch:call` resolves with, from main to the preload: a value, or the engine's error as
// data. Imports nothing at runtime: the sandboxed preload bundles it, and it must stay small.
import type { ApiError } from '../../src-shared/api.ts';

export type ApiCallResult = { ok: true; value: unknown } | { ok: false; error: ApiError };

/** What the preload rejects with when main answered with no envelope (it drops calls it does not trust). */
export const refusedCall: ApiError = {
  code: 'ipc_refused',
  message: 'The desktop shell refused this request.',
  nextStep: 'Reload the window (View → Reload). If it keeps happening, restart Vouch.',
};

/**
 * The value of a successful call; otherwise throws the error as plain data (an ApiError object, which
 * contextBridge carries intact, unlike the custom properties of an Error).
 */
export function unwrapCallResult(result: unknown): unknown {
  if (typeof result === 'object' && result !== null && 'ok' in result) {
    if (result.ok === true && 'value' in result) return result.value;
    if (result.ok === false && 'error' in result && isApiError(result.error)) {
      throw { code: result.error.code, message: result.error.message, nextStep: result.error.nextStep };
    }
  }
  throw { ...refusedCall };
}

function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const error = value as Record<string, unknown>;
  return (
    typeof error.code === 'string' &&
    typeof error.message === 'string' &&
    (error.nextStep === null || typeof error.nextStep === 'string')
  );
}
