// The object the preload exposes as `window.vouch`: the Transport contract over two IPC channels. It holds
// no logic beyond the envelope: main validates the sender, the method and the input; the renderer's own
// transport wrapper validates the answers.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { ApiEvent, ApiInput, ApiMethod, ApiOutput } from '../../src-shared/api.ts';
import type { WindowApi } from '../../src-shared/window-api.ts';
import { unwrapCallResult } from './call-result.ts';
import { callChannel, eventChannel } from './ipc-channels.ts';

export type PreloadIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function createPreloadBridge(ipc: PreloadIpc): WindowApi {
  const bridge = {
    async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
      const result: unknown = await ipc.invoke(callChannel, method, input);
      // Main checked the input against the contract and the engine built the value from the output schema.
      return unwrapCallResult(result) as ApiOutput<M>;
    },
    subscribe(listener: (event: ApiEvent) => void): () => void {
      // Main parses every event with apiEventSchema before sending it.
      const onEvent = (_event: IpcRendererEvent, payload: unknown) => listener(payload as ApiEvent);
      ipc.on(eventChannel, onEvent);
      return () => {
        ipc.removeListener(eventChannel, onEvent);
      };
    },
  } satisfies WindowApi;
  return bridge;
}
