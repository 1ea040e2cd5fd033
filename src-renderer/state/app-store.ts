// What the app knows about itself: engine info, settings and the connector catalogue. Loaded once at
// startup; settings change through `updateSettings`.
import { create } from 'zustand';
import type { ApiOutput, ConnectorView, Settings } from '../../src-shared/api.ts';
import type { ApiCallError } from '../transport/api-call-error.ts';
import { callApi } from './api-client.ts';

export type AppInfo = ApiOutput<'app.info'>;

interface AppState {
  info: AppInfo | null;
  settings: Settings | null;
  connectors: ConnectorView[];
  loaded: boolean;
  loadError: ApiCallError | null;
  load(): Promise<void>;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
}

export const useAppStore = create<AppState>()((set) => ({
  info: null,
  settings: null,
  connectors: [],
  loaded: false,
  loadError: null,
  async load() {
    try {
      const [info, settings, connectors] = await Promise.all([
        callApi('app.info', {}),
        callApi('settings.get', {}),
        callApi('connectors.list', {}),
      ]);
      set({ info, settings, connectors, loaded: true, loadError: null });
    } catch (error) {
      set({ loadError: error as ApiCallError, loaded: true });
    }
  },
  async updateSettings(patch) {
    const settings = await callApi('settings.update', patch);
    set({ settings });
    return settings;
  },
}));

export function connectorFor(kind: string): ConnectorView | undefined {
  return useAppStore.getState().connectors.find((c) => c.kind === kind);
}
