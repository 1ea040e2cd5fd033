// Actions on a source that report their result as a notice; shared by the sources table, the dashboard
// and the add-source page.
import { failureLabel } from '../format/labels.ts';
import { notify } from './notices.ts';
import { useSourcesStore } from './sources-store.ts';
import { useSyncStore } from './sync-store.ts';

export async function testSourceWithNotice(name: string): Promise<void> {
  try {
    const status = await useSourcesStore.getState().test(name);
    if (status.status === 'connected')
      notify({ tone: 'success', title: `${name} is connected`, message: status.message });
    else
      notify({
        tone: 'error',
        title: `${name}: ${failureLabel(status.errorClass)}`,
        message: status.nextStep ?? status.message,
      });
  } catch (error) {
    notify({ tone: 'error', title: `Could not test ${name}`, message: (error as Error).message });
  }
}

export async function syncWithNotice(names: string[]): Promise<void> {
  try {
    const started = await useSyncStore.getState().start(names);
    if (started.length === 0)
      notify({ tone: 'info', title: 'Nothing to sync', message: 'Those sources are already syncing.' });
    else
      notify({
        tone: 'info',
        title: started.length === 1 ? `Syncing ${started[0]}` : `Syncing ${started.length} sources`,
      });
  } catch (error) {
    notify({ tone: 'error', title: 'The sync did not start', message: (error as Error).message });
  }
}
