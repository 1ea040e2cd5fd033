// The header's live sync indicator: what is syncing right now and how far it got, or when the last sync ran.
import { Group, Loader, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { RelativeTime } from '../components/DateTime.tsx';
import { IconCircleCheck } from '../components/Icons.tsx';
import { formatCount } from '../format/dates.ts';
import { datasetLabel } from '../format/labels.ts';
import { useSourcesStore } from '../state/sources-store.ts';
import { rowsSoFar, useSyncStore } from '../state/sync-store.ts';

export function SyncIndicator() {
  const running = useSyncStore((s) => s.running);
  const lastSyncedAt = useSourcesStore((s) =>
    s.sources.reduce<string | null>(
      (latest, x) => (x.lastSyncedAt && (!latest || x.lastSyncedAt > latest) ? x.lastSyncedAt : latest),
      null,
    ),
  );
  const runs = Object.values(running);

  if (runs.length === 0) {
    return (
      <Group
        gap={6}
        px="sm"
        py={6}
        className="vouch-sync-indicator"
        data-state="idle"
        role="status"
        aria-live="polite"
      >
        <IconCircleCheck size={16} color="var(--mantine-color-green-7)" />
        <Text fz="sm" c="dimmed">
          {lastSyncedAt ? (
            <>
              Last sync <RelativeTime iso={lastSyncedAt} />
            </>
          ) : (
            'No syncs yet'
          )}
        </Text>
      </Group>
    );
  }

  const total = runs.reduce((sum, run) => sum + rowsSoFar(run), 0);
  const label = runs.length === 1 ? `Syncing ${runs[0]?.source}` : `Syncing ${runs.length} sources`;
  return (
    <Popover position="bottom-end" width={320} shadow="md" withArrow>
      <Popover.Target>
        <UnstyledButton
          className="vouch-sync-indicator"
          data-state="syncing"
          aria-label={`${label}, ${formatCount(total)} rows so far. Show details`}
        >
          <Group gap={8} px="sm" py={6} wrap="nowrap" role="status" aria-live="polite">
            <Loader size={14} color="brand" />
            <Text fz="sm" fw={500}>
              {label}
            </Text>
            <Text fz="sm" c="dimmed" ff="var(--vouch-mono)">
              {formatCount(total)} rows
            </Text>
          </Group>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          {runs.map((run) => (
            <div key={run.source}>
              <Text fw={600} fz="sm">
                {run.source}
              </Text>
              {Object.keys(run.datasets).length === 0 ? (
                <Text fz="xs" c="dimmed">
                  Starting…
                </Text>
              ) : (
                Object.entries(run.datasets).map(([dataset, rows]) => (
                  <Group key={dataset} justify="space-between" fz="xs">
                    <Text fz="xs">{datasetLabel(dataset)}</Text>
                    <Text fz="xs" c="dimmed" ff="var(--vouch-mono)">
                      {formatCount(rows)}
                    </Text>
                  </Group>
                ))
              )}
            </div>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
