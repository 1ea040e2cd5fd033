// Routes the engine's live events to the stores that show them.
import type { ApiEvent, Transport } from '../../src-shared/api.ts';
import { datasetLabel } from '../format/labels.ts';
import { useArtifactsStore } from './artifacts-store.ts';
import { notify } from './notices.ts';
import { usePeopleStore } from './people-store.ts';
import { useSourcesStore } from './sources-store.ts';
import { useSyncStore } from './sync-store.ts';

export function connectLiveUpdates(transport: Transport): () => void {
  return transport.subscribe((event: ApiEvent) => {
    switch (event.type) {
      case 'sync.progress':
        useSyncStore.getState().onProgress(event);
        break;
      case 'sync.finished': {
        const { outcome } = event;
        useSyncStore.getState().onFinished(outcome);
        void useSourcesStore.getState().refresh();
        void useArtifactsStore.getState().refresh();
        usePeopleStore.getState().changed();
        const rows = outcome.datasets.reduce((sum, d) => sum + d.rows, 0).toLocaleString();
        if (outcome.status === 'complete') {
          notify({ tone: 'success', title: `${outcome.source} synced`, message: `${rows} rows collected.` });
        } else {
          const partial = outcome.datasets.filter((d) => !d.complete).map((d) => datasetLabel(d.dataset));
          notify({
            tone: 'error',
            title:
              outcome.status === 'partial'
                ? `${outcome.source} synced partially`
                : `${outcome.source} sync failed`,
            message:
              outcome.reason ??
              (partial.length ? `Incomplete: ${partial.join(', ')}.` : 'See the source for details.'),
          });
        }
        break;
      }
      case 'sync.failed':
        useSyncStore.getState().onFailed(event.source);
        void useSourcesStore.getState().refresh();
        notify({ tone: 'error', title: `${event.source} sync failed`, message: event.message });
        break;
      case 'sources.changed':
        void useSourcesStore.getState().refresh();
        break;
      case 'artifacts.changed':
        void useArtifactsStore.getState().refresh();
        break;
      case 'accounts.changed':
        usePeopleStore.getState().changed();
        break;
    }
  });
}
