// A source's own sync interval in its details drawer: follow Settings (the default), a fixed interval, or
// off. The engine validates and stores it (sources.setSyncInterval) and the scheduler picks it up at once.
import { Select } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { SyncIntervalView } from '../../src-shared/api.ts';
import { callApi } from '../state/api-client.ts';
import { notify } from '../state/notices.ts';

const fixedChoices = [
  { value: '1h', label: 'Every hour' },
  { value: '6h', label: 'Every 6 hours' },
  { value: '12h', label: 'Every 12 hours' },
  { value: '1d', label: 'Every day' },
  { value: '7d', label: 'Every week' },
  { value: 'off', label: 'Off: only when asked' },
];

function choicesFor(view: SyncIntervalView) {
  const followLabel =
    view.setBy === 'default'
      ? `Follow Settings (${view.seconds === null ? 'off' : `every ${view.every}`})`
      : 'Follow Settings';
  const choices = [{ value: 'default', label: followLabel }, ...fixedChoices];
  if (view.setBy === 'source' && !choices.some((c) => c.value === view.every)) {
    choices.push({ value: view.every, label: `Every ${view.every}` });
  }
  return choices;
}

export function SourceSyncIntervalField({ name }: { name: string }) {
  const [view, setView] = useState<SyncIntervalView | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    callApi('sources.syncInterval', { name })
      .then((v) => live && setView(v))
      .catch(() => live && setView(null));
    return () => {
      live = false;
    };
  }, [name]);

  const save = async (every: string) => {
    setSaving(true);
    try {
      setView(await callApi('sources.setSyncInterval', { name, every }));
      notify({ tone: 'success', title: `Sync schedule of ${name} saved` });
    } catch (error) {
      notify({ tone: 'error', title: 'The schedule was not saved', message: (error as Error).message });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Select
      label="Scheduled sync"
      description="How often Vouch syncs this source while it runs; a missed sync runs once when Vouch is back."
      data={view ? choicesFor(view) : []}
      value={view ? (view.setBy === 'default' ? 'default' : view.every) : null}
      placeholder="Loading…"
      allowDeselect={false}
      disabled={view === null || saving}
      onChange={(value) => value !== null && void save(value)}
      maw={340}
    />
  );
}
