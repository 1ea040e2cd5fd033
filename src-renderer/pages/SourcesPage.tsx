// Connected Sources: one row per source with its status, failure class and the actions that fix it.
import {
  ActionIcon,
  Anchor,
  Button,
  EmptyState,
  Group,
  Loader,
  Menu,
  Paper,
  Stack,
  Text,
} from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useMemo } from 'react';
import type { SourceView } from '../../src-shared/api.ts';
import { DataTable } from '../components/DataTable.tsx';
import { DateTime } from '../components/DateTime.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import {
  IconActivity,
  IconAlertTriangle,
  IconBook,
  IconDots,
  IconKey,
  IconPlug,
  IconPlus,
  IconRefresh,
  IconTrash,
} from '../components/Icons.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { StatusBadge, SyncResultText } from '../components/StatusBadge.tsx';
import { formatCount } from '../format/dates.ts';
import { useAppStore } from '../state/app-store.ts';
import { openDialog } from '../state/dialogs.ts';
import { hrefFor } from '../state/router.ts';
import { syncWithNotice, testSourceWithNotice } from '../state/source-actions.ts';
import { useSourcesStore } from '../state/sources-store.ts';
import { rowsSoFar, useSyncStore } from '../state/sync-store.ts';

const column = createColumnHelper<SourceView>();

function SourceActions({ source }: { source: SourceView }) {
  const testing = useSourcesStore((s) => Boolean(s.testing[source.name]));
  const syncing = useSyncStore((s) => Boolean(s.running[source.name]));
  return (
    <Group gap={6} wrap="nowrap" justify="flex-end">
      <Button
        size="compact-sm"
        variant="default"
        leftSection={<IconActivity size={14} />}
        loading={testing}
        onClick={() => void testSourceWithNotice(source.name)}
        aria-label={`Test connection of ${source.name}`}
      >
        Test
      </Button>
      <Button
        size="compact-sm"
        variant="default"
        leftSection={<IconRefresh size={14} />}
        disabled={syncing}
        onClick={() => void syncWithNotice([source.name])}
        aria-label={`Sync ${source.name}`}
      >
        Sync
      </Button>
      <Menu position="bottom-end" withinPortal shadow="md" width={220}>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${source.name}`}>
            <IconDots />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            leftSection={<IconKey size={16} />}
            onClick={() => openDialog({ type: 'update-credentials', source: source.name })}
          >
            Update credentials
          </Menu.Item>
          <Menu.Item
            leftSection={<IconAlertTriangle size={16} />}
            onClick={() => openDialog({ type: 'source-error', source: source.name })}
          >
            {source.status === 'failed' ? 'View error' : 'Connection details'}
          </Menu.Item>
          <Menu.Item
            leftSection={<IconBook size={16} />}
            onClick={() => openDialog({ type: 'guide', kind: source.kind })}
          >
            Integration guide
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() => openDialog({ type: 'remove-source', source: source.name })}
          >
            Remove…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

function LastSynced({ source }: { source: SourceView }) {
  const run = useSyncStore((s) => s.running[source.name]);
  if (run) {
    return (
      <Group gap={8} wrap="nowrap" data-testid="sync-running">
        <Loader size={14} />
        <Stack gap={0}>
          <Text fz="sm">Syncing…</Text>
          <Text fz="xs" c="dimmed">
            {formatCount(rowsSoFar(run))} rows so far
          </Text>
        </Stack>
      </Group>
    );
  }
  return (
    <DateTime
      iso={source.lastSyncedAt}
      stacked
      compact
      empty="Not synced yet"
      after={<SyncResultText status={source.lastSyncStatus} />}
    />
  );
}

export function SourcesPage({ errorFor }: { errorFor: string | null }) {
  const sources = useSourcesStore((s) => s.sources);
  const loaded = useSourcesStore((s) => s.loaded);
  const loadError = useSourcesStore((s) => s.loadError);
  const testing = useSourcesStore((s) => s.testing);
  const connectors = useAppStore((s) => s.connectors);

  // Deep link from the dashboard (#/sources?error=NAME): open that source's error, then drop the parameter.
  useEffect(() => {
    if (!errorFor) return;
    openDialog({ type: 'source-error', source: errorFor });
    window.history.replaceState(null, '', hrefFor({ page: 'sources', errorFor: null }));
  }, [errorFor]);

  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: 'Source',
        cell: (info) => {
          const source = info.row.original;
          const type = connectors.find((c) => c.kind === source.kind)?.displayName ?? source.kind;
          return (
            <Stack gap={0}>
              <Text fw={600} fz="sm">
                {source.name}
              </Text>
              <Text fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {type}
                {source.config.domain && (
                  <Text span fz="xs" c="dimmed" ff="var(--vouch-mono)">
                    {' · '}
                    {source.config.domain}
                  </Text>
                )}
              </Text>
            </Stack>
          );
        },
      }),
      column.accessor('status', {
        header: 'Status',
        meta: { width: 236 },
        sortingFn: (a, b) =>
          (a.original.errorClass ?? a.original.status).localeCompare(
            b.original.errorClass ?? b.original.status,
          ),
        cell: (info) => {
          const source = info.row.original;
          return (
            <Stack gap={4} align="flex-start">
              <StatusBadge
                status={source.status}
                errorClass={source.errorClass}
                testing={Boolean(testing[source.name])}
              />
              {source.status === 'failed' && (
                <Anchor
                  component="button"
                  type="button"
                  fz="xs"
                  fw={600}
                  c="var(--mantine-color-red-text)"
                  onClick={() => openDialog({ type: 'source-error', source: source.name })}
                  aria-label={`View error of ${source.name}`}
                >
                  View error
                </Anchor>
              )}
            </Stack>
          );
        },
      }),
      column.accessor('lastTestedAt', {
        header: 'Last tested',
        meta: { width: 140 },
        cell: (info) => <DateTime iso={info.getValue()} stacked compact empty="Never" />,
      }),
      column.accessor('lastSyncedAt', {
        header: 'Last synced',
        meta: { width: 150 },
        cell: (info) => <LastSynced source={info.row.original} />,
      }),
      column.accessor('rows', {
        header: 'Rows',
        meta: { width: 80, align: 'right' },
        cell: (info) => (
          <Text fz="sm" ff="var(--vouch-mono)">
            {formatCount(info.getValue())}
          </Text>
        ),
      }),
      column.display({
        id: 'actions',
        header: () => <span className="vouch-visually-hidden">Actions</span>,
        meta: { align: 'right', interactive: true, width: 190 },
        cell: (info) => <SourceActions source={info.row.original} />,
      }),
    ],
    [connectors, testing],
  );

  const running = useSyncStore((s) => Object.keys(s.running).length);

  return (
    <>
      <PageHeader
        title="Sources"
        description="The systems Vouch collects evidence from, with read-only credentials. Every source is tested daily and before it syncs."
        actions={
          sources.length > 0 && (
            <>
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} />}
                onClick={() => void syncWithNotice(sources.map((s) => s.name))}
                disabled={running >= sources.length}
              >
                Sync all
              </Button>
              <Button component="a" href={hrefFor({ page: 'gallery' })} leftSection={<IconPlus size={16} />}>
                Add source
              </Button>
            </>
          )
        }
      />
      {loadError && <ErrorAlert error={loadError} title="The sources could not be loaded" />}
      {!loaded ? (
        <Group justify="center" p="xl">
          <Loader aria-label="Loading sources" />
        </Group>
      ) : sources.length === 0 ? (
        <Paper withBorder p={48}>
          <EmptyState
            icon={<IconPlug size={28} />}
            variant="light"
            title="No sources yet"
            description="Connect your identity provider with a read-only credential. Vouch tests the connection first, then collects users, groups, apps and admin roles as evidence."
          >
            <EmptyState.Actions>
              <Button component="a" href={hrefFor({ page: 'gallery' })} leftSection={<IconPlus size={16} />}>
                Add your first source
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        </Paper>
      ) : (
        <Paper withBorder className="vouch-table-paper">
          <DataTable
            data={sources}
            columns={columns}
            getRowId={(s) => s.name}
            ariaLabel="Sources"
            minWidth={940}
            initialSorting={[{ id: 'name', desc: false }]}
            rowProps={(s) => ({ 'data-source': s.name, 'data-status': s.status })}
          />
        </Paper>
      )}
    </>
  );
}
