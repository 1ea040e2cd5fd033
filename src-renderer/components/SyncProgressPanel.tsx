// Live progress of the syncs running now, dataset by dataset, fed by `sync.progress` events.
import { Group, Loader, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { formatCount, formatDuration } from '../format/dates.ts';
import { datasetLabel } from '../format/labels.ts';
import { rowsSoFar, useSyncStore } from '../state/sync-store.ts';

export function SyncProgressPanel() {
  const running = useSyncStore((s) => s.running);
  const runs = Object.values(running);
  if (runs.length === 0) return null;
  return (
    <Stack gap="sm" mb="lg" data-testid="sync-progress">
      {runs.map((run) => (
        <Paper key={run.source} withBorder p="md" className="vouch-progress-card" aria-live="polite">
          <Group justify="space-between" mb={Object.keys(run.datasets).length ? 'sm' : 0}>
            <Group gap="sm">
              <Loader size={16} />
              <Text fw={600} fz="sm">
                Syncing {run.source}
              </Text>
              <Text fz="sm" c="dimmed">
                {formatCount(rowsSoFar(run))} rows collected · {formatDuration(Date.now() - run.startedAt)}
              </Text>
            </Group>
            <Text fz="xs" c="dimmed">
              New evidence appears here when the sync finishes
            </Text>
          </Group>
          {Object.keys(run.datasets).length > 0 && (
            <SimpleGrid cols={{ base: 2, md: 3, xl: 6 }} spacing="xs">
              {Object.entries(run.datasets).map(([dataset, rows]) => (
                <Stack
                  key={dataset}
                  gap={0}
                  className="vouch-progress-cell"
                  data-active={run.current === dataset || undefined}
                >
                  <Text fz="xs" c="dimmed">
                    {datasetLabel(dataset)}
                  </Text>
                  <Text fz="sm" fw={600} ff="var(--vouch-mono)">
                    {formatCount(rows)}
                  </Text>
                </Stack>
              ))}
            </SimpleGrid>
          )}
        </Paper>
      ))}
    </Stack>
  );
}
