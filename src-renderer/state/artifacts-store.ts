// The evidence list. Refreshed on `artifacts.changed` and after syncs finish.
import { create } from 'zustand';
import type { ArtifactSummary } from '../../src-shared/api.ts';
import type { ApiCallError } from '../transport/api-call-error.ts';
import { callApi } from './api-client.ts';
import { coalesce } from './coalesce.ts';

interface ArtifactsState {
  artifacts: ArtifactSummary[];
  loaded: boolean;
  loadError: ApiCallError | null;
  refresh(): Promise<void>;
}

export const useArtifactsStore = create<ArtifactsState>()((set) => ({
  artifacts: [],
  loaded: false,
  loadError: null,
  refresh: coalesce(async () => {
    try {
      const artifacts = await callApi('artifacts.list', {});
      set({ artifacts, loaded: true, loadError: null });
    } catch (error) {
      set({ loaded: true, loadError: error as ApiCallError });
    }
  }),
}));
