// Sources and the actions on them. Views read `sources`; every action refreshes the list when it is done
// (the engine also announces changes with `sources.changed`).
import { create } from 'zustand';
import type { ApiOutput, SourceView } from '../../src-shared/api.ts';
import type { ConnectionStatus } from '../../src-shared/connection-status.ts';
import type { ApiCallError } from '../transport/api-call-error.ts';
import { callApi } from './api-client.ts';
import { coalesce } from './coalesce.ts';

interface SourcesState {
  sources: SourceView[];
  loaded: boolean;
  loadError: ApiCallError | null;
  /** Sources with a connection test in flight. */
  testing: Record<string, boolean>;
  refresh(): Promise<void>;
  test(name: string): Promise<ConnectionStatus>;
  add(input: {
    kind: string;
    name: string;
    config: Record<string, string>;
    secrets: Record<string, string>;
  }): Promise<ApiOutput<'sources.add'>>;
  updateCredentials(
    name: string,
    secrets: Record<string, string>,
  ): Promise<ApiOutput<'sources.updateCredentials'>>;
  remove(name: string): Promise<void>;
}

export const useSourcesStore = create<SourcesState>()((set, get) => {
  const refresh = coalesce(async () => {
    try {
      const sources = await callApi('sources.list', {});
      set({ sources, loaded: true, loadError: null });
    } catch (error) {
      set({ loaded: true, loadError: error as ApiCallError });
    }
  });

  return {
    sources: [],
    loaded: false,
    loadError: null,
    testing: {},
    refresh,
    async test(name) {
      set({ testing: { ...get().testing, [name]: true } });
      try {
        return await callApi('sources.test', { name });
      } finally {
        const { [name]: _, ...rest } = get().testing;
        set({ testing: rest });
        void refresh();
      }
    },
    async add(input) {
      try {
        return await callApi('sources.add', input);
      } finally {
        void refresh();
      }
    },
    async updateCredentials(name, secrets) {
      try {
        return await callApi('sources.updateCredentials', { name, secrets });
      } finally {
        void refresh();
      }
    },
    async remove(name) {
      await callApi('sources.remove', { name });
      await refresh();
    },
  };
});
