// Desktop: the preload script exposes `window.vouch`, which already implements Transport over IPC. This
// wrapper only normalizes errors (the bridge rejects with the engine's ApiError as plain data) and
// checks the answers against the contract, as the HTTP transport does.
import {
  apiMethods,
  type ApiInput,
  type ApiMethod,
  type ApiOutput,
  type Transport,
} from '../../src-shared/api.ts';
import type { WindowApi } from '../../src-shared/window-api.ts';
import { ApiCallError } from './api-call-error.ts';

declare global {
  interface Window {
    /** Set by the desktop preload (src-shared/window-api.ts); absent in browser mode. */
    vouch?: WindowApi;
  }
}

export function createElectronTransport(bridge: Transport): Transport {
  return {
    async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
      let result: unknown;
      try {
        result = await bridge.call(method, input);
      } catch (error) {
        throw ApiCallError.fromBody(error, {
          code: 'internal_error',
          message: error instanceof Error ? error.message : String(error),
          nextStep: null,
        });
      }
      const parsed = apiMethods[method].output.safeParse(result);
      if (!parsed.success) {
        throw new ApiCallError({
          code: 'invalid_response',
          message: `The engine sent an answer to ${method} this window cannot read.`,
          nextStep: 'Restart Vouch; if it persists, reinstall it.',
        });
      }
      return parsed.data as ApiOutput<M>;
    },
    subscribe: (listener) => bridge.subscribe(listener),
  };
}
