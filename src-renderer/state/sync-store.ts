// Syncs in progress, fed by the engine's `sync.*` events: rows collected per dataset while running, the
// outcome when done. The header indicator, the sources table and the evidence page all read it.
import { create } from 'zustand';
import type { ApiEvent } from '../../src-shared/api.ts';
import type { ApiCallError } from '../transport/api-call-error.ts';
import { callApi } from './api-client.ts';

type SyncFinished = Extract<ApiEvent, { type: 'sync.finished' }>;
export type SyncOutcomeView = SyncFinished['outcome'];

export interface RunningSync {
  source: string;
  startedAt: number;
  /** Rows collected so far, per dataset (artifact kind). */
  datasets: Record<string, number>;
  /** The dataset that reported last. */
  current: string | null;
}

interface SyncState {
  running: Record<string, RunningSync>;
  /** The last outcome of each source's sync in this session. */
  outcomes: Record<string, SyncOutcomeView>;
  start(names: string[]): Promise<string[]>;
  onProgress(event: Extract<ApiEvent, { type: 'sync.progress' }>): void;
  onFinished(outcome: SyncOutcomeView): void;
  onFailed(source: string): void;
}

function begin(source: string): RunningSync {
  return { source, startedAt: Date.now(), datasets: {}, current: null };
}

export const useSyncStore = create<SyncState>()((set, get) => ({
  running: {},
  outcomes: {},
  async start(names) {
    const pending = Object.fromEntries(names.map((name) => [name, get().running[name] ?? begin(name)]));
    set({ running: { ...get().running, ...pending } });
    try {
      const { started } = await callApi('sync.start', { names });
      // Names the engine did not start (already running elsewhere, say) are not ours to show as running.
      const notStarted = names.filter((name) => !started.includes(name) && !get().running[name]?.current);
      if (notStarted.length) set({ running: without(get().running, notStarted) });
      return started;
    } catch (error) {
      set({ running: without(get().running, names) });
      throw error as ApiCallError;
    }
  },
  onProgress({ source, dataset, rows }) {
    const run = get().running[source] ?? begin(source);
    set({
      running: {
        ...get().running,
        [source]: { ...run, current: dataset, datasets: { ...run.datasets, [dataset]: rows } },
      },
    });
  },
  onFinished(outcome) {
    set({
      running: without(get().running, [outcome.source]),
      outcomes: { ...get().outcomes, [outcome.source]: outcome },
    });
  },
  onFailed(source) {
    set({ running: without(get().running, [source]) });
  },
}));

function without<T>(record: Record<string, T>, keys: string[]): Record<string, T> {
  const copy = { ...record };
  for (const key of keys) delete copy[key];
  return copy;
}

export function rowsSoFar(run: RunningSync): number {
  return Object.values(run.datasets).reduce((sum, rows) => sum + rows, 0);
}
