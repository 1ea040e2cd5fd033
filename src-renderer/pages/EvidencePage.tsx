// Evidence: every artifact (kind, source, rows, complete or partial, when, hash), live sync progress on
// top, and bundle export of a selection.
import {
  Anchor,
  Button,
  Checkbox,
  EmptyState,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { createColumnHelper, type RowSelectionState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { ArtifactSummary } from '../../src-shared/api.ts';
import { BundleModal } from '../components/BundleModal.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { DateTime } from '../components/DateTime.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { IconFileCheck, IconPackage, IconPlus, IconRefresh, IconSearch } from '../components/Icons.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ShortHash } from '../components/ShortHash.tsx';
import { CompletenessBadge } from '../components/StatusBadge.tsx';
import { SyncProgressPanel } from '../components/SyncProgressPanel.tsx';
import { formatCount } from '../format/dates.ts';
import { datasetLabel } from '../format/labels.ts';
import { useArtifactsStore } from '../state/artifacts-store.ts';
import { hrefFor, navigate } from '../state/router.ts';
import { syncWithNotice } from '../state/source-actions.ts';
import { useSourcesStore } from '../state/sources-store.ts';
import { useSyncStore } from '../state/sync-store.ts';

const column = createColumnHelper<ArtifactSummary>();

export function EvidencePage() {
  const artifacts = useArtifactsStore((s) => s.artifacts);
  const loaded = useArtifactsStore((s) => s.loaded);
  const loadError = useArtifactsStore((s) => s.loadError);
  const sources = useSourcesStore((s) => s.sources);
  const syncing = useSyncStore((s) => Object.keys(s.running).length > 0);
  const [query, setQuery] = useState('');
  const [sourceFilter, setSourceFilter] = useState<string | null>(null);
  const [completeness, setCompleteness] = useState('all');
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [bundleOpen, setBundleOpen] = useState(false);

  const sourceNames = useMemo(() => [...new Set(artifacts.map((a) => a.source))].sort(), [artifacts]);
  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    return artifacts.filter(
      (a) =>
        (!sourceFilter || a.source === sourceFilter) &&
        (completeness === 'all' || (completeness === 'complete') === a.complete) &&
        (!q ||
          a.kind.toLowerCase().includes(q) ||
          datasetLabel(a.kind).toLowerCase().includes(q) ||
          a.source.toLowerCase().includes(q) ||
          a.sha256.startsWith(q) ||
          a.id.includes(q)),
    );
  }, [artifacts, query, sourceFilter, completeness]);
  const selectedIds = Object.keys(selection).filter(
    (id) => selection[id] && artifacts.some((a) => a.id === id),
  );

  const columns = useMemo(
    () => [
      column.display({
        id: 'select',
        meta: { width: 44, interactive: true },
        header: ({ table }) => (
          <Checkbox
            aria-label="Select all shown artifacts"
            checked={table.getIsAllRowsSelected()}
            indeterminate={table.getIsSomeRowsSelected()}
            onChange={table.getToggleAllRowsSelectedHandler()}
          />
        ),
        cell: ({ row }) => (
          <Checkbox
            aria-label={`Select ${datasetLabel(row.original.kind)} from ${row.original.source}`}
            checked={row.getIsSelected()}
            onChange={row.getToggleSelectedHandler()}
          />
        ),
      }),
      column.accessor((a) => datasetLabel(a.kind), {
        id: 'kind',
        header: 'Kind',
        cell: (info) => (
          <Stack gap={0}>
            <Anchor
              href={hrefFor({ page: 'artifact', id: info.row.original.id })}
              fw={600}
              fz="sm"
              style={{ whiteSpace: 'nowrap' }}
            >
              {info.getValue()}
            </Anchor>
            <Text fz="xs" c="dimmed" ff="var(--vouch-mono)">
              {info.row.original.kind}
            </Text>
          </Stack>
        ),
      }),
      column.accessor('source', { header: 'Source' }),
      column.accessor('rowCount', {
        header: 'Rows',
        meta: { align: 'right', width: 110 },
        cell: (info) => (
          <Text fz="sm" ff="var(--vouch-mono)">
            {formatCount(info.getValue())}
          </Text>
        ),
      }),
      column.accessor('complete', {
        header: 'Completeness',
        meta: { width: 140 },
        cell: (info) => <CompletenessBadge complete={info.getValue()} />,
      }),
      column.accessor('collectedAt', {
        header: 'Collected',
        meta: { width: 200 },
        cell: (info) => <DateTime iso={info.getValue()} stacked compact />,
      }),
      column.accessor('sha256', {
        header: 'SHA-256',
        enableSorting: false,
        meta: { width: 190, interactive: true },
        cell: (info) => <ShortHash value={info.getValue()} />,
      }),
    ],
    [],
  );

  const empty = loaded && artifacts.length === 0;
  return (
    <>
      <PageHeader
        title="Evidence"
        description="Immutable snapshots of each population with their provenance: where every row came from, when, by which query, and whether the population is complete."
        actions={
          !empty && (
            <Button
              leftSection={<IconPackage size={16} />}
              disabled={selectedIds.length === 0}
              onClick={() => setBundleOpen(true)}
            >
              {selectedIds.length ? `Export bundle (${selectedIds.length})` : 'Export bundle'}
            </Button>
          )
        }
      />
      <SyncProgressPanel />
      {loadError && <ErrorAlert error={loadError} title="The evidence list could not be loaded" />}
      {!loaded ? (
        <Group justify="center" p="xl">
          <Loader aria-label="Loading evidence" />
        </Group>
      ) : empty ? (
        <Paper withBorder p={48}>
          <EmptyState
            icon={<IconFileCheck size={28} />}
            variant="light"
            title={syncing ? 'Collecting the first evidence' : 'No evidence yet'}
            description={
              syncing
                ? 'The sync above is running. When it finishes, every population it collected appears here as an artifact, with its provenance and hash.'
                : sources.length === 0
                  ? 'Evidence is collected from your sources. Add a source first: Vouch tests it, then each sync turns every population (users, groups, apps, admin roles) into an artifact here.'
                  : 'Each sync turns every population (users, groups, apps, admin roles) into an artifact with its provenance. Run a sync to collect the first ones.'
            }
          >
            {!syncing && (
              <EmptyState.Actions>
                {sources.length === 0 ? (
                  <Button
                    component="a"
                    href={hrefFor({ page: 'gallery' })}
                    leftSection={<IconPlus size={16} />}
                  >
                    Add a source
                  </Button>
                ) : (
                  <Button
                    leftSection={<IconRefresh size={16} />}
                    onClick={() => void syncWithNotice(sources.map((s) => s.name))}
                  >
                    Sync all sources
                  </Button>
                )}
              </EmptyState.Actions>
            )}
          </EmptyState>
        </Paper>
      ) : (
        <Paper withBorder className="vouch-table-paper">
          <Group p="md" gap="sm" className="vouch-toolbar" wrap="wrap">
            <TextInput
              placeholder="Search kind, source or hash"
              aria-label="Search evidence"
              leftSection={<IconSearch size={16} />}
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
              w={280}
            />
            <Select
              aria-label="Filter by source"
              placeholder="All sources"
              data={sourceNames}
              value={sourceFilter}
              onChange={setSourceFilter}
              clearable
              w={200}
            />
            <SegmentedControl
              aria-label="Filter by completeness"
              value={completeness}
              onChange={setCompleteness}
              data={[
                { value: 'all', label: 'All' },
                { value: 'complete', label: 'Complete' },
                { value: 'partial', label: 'Partial' },
              ]}
            />
            <Text fz="sm" c="dimmed" ml="auto">
              {visible.length === artifacts.length
                ? `${formatCount(artifacts.length)} artifacts`
                : `${formatCount(visible.length)} of ${formatCount(artifacts.length)} artifacts`}
              {selectedIds.length > 0 && ` · ${selectedIds.length} selected`}
            </Text>
          </Group>
          {visible.length === 0 ? (
            <Text p="xl" ta="center" c="dimmed" fz="sm">
              No artifact matches these filters.
            </Text>
          ) : (
            <DataTable
              data={visible}
              columns={columns}
              getRowId={(a) => a.id}
              ariaLabel="Evidence artifacts"
              rowSelection={selection}
              onRowSelectionChange={setSelection}
              onRowOpen={(a) => navigate({ page: 'artifact', id: a.id })}
              maxHeight="calc(100vh - 300px)"
              minWidth={900}
              rowProps={(a) => ({ 'data-artifact': a.id, 'data-kind': a.kind })}
            />
          )}
        </Paper>
      )}
      {bundleOpen && <BundleModal ids={selectedIds} opened onClose={() => setBundleOpen(false)} />}
    </>
  );
}
