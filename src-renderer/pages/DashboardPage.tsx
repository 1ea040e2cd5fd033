// Dashboard: the state of collection at a glance (sources connected / failed top-left), what needs
// attention with the fix one click away, the last syncs and the newest evidence. A first run gets a
// welcome that says what to do first.
import {
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import type { ArtifactSummary, SourceView } from '../../src-shared/api.ts';
import { DateTime, RelativeTime } from '../components/DateTime.tsx';
import {
  IconActivity,
  IconAlertTriangle,
  IconBook,
  IconCircleCheck,
  IconClock,
  IconFileCheck,
  IconKey,
  IconLock,
  IconPlug,
  IconPlus,
  IconRefresh,
} from '../components/Icons.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { CompletenessBadge, StatusBadge, SyncResultText } from '../components/StatusBadge.tsx';
import { formatCompact, formatCount, parseDate, plural } from '../format/dates.ts';
import { datasetLabel, failureLabel } from '../format/labels.ts';
import { useAppStore, type AppInfo } from '../state/app-store.ts';
import { useArtifactsStore } from '../state/artifacts-store.ts';
import { openDialog } from '../state/dialogs.ts';
import { hrefFor } from '../state/router.ts';
import { syncWithNotice, testSourceWithNotice } from '../state/source-actions.ts';
import { useSourcesStore } from '../state/sources-store.ts';
import { rowsSoFar, useSyncStore, type RunningSync } from '../state/sync-store.ts';

const dayMs = 24 * 3600 * 1000;

interface Attention {
  key: string;
  tone: 'red' | 'orange' | 'gray';
  title: ReactNode;
  detail: ReactNode;
  actions: ReactNode;
}

function StatCard({
  label,
  children,
  footer,
  testId,
}: {
  label: string;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
}) {
  return (
    <Paper withBorder p="lg" data-testid={testId} className="vouch-stat">
      <Text fz="xs" fw={700} tt="uppercase" c="dimmed" mb={8}>
        {label}
      </Text>
      {children}
      {footer && (
        <Text fz="sm" c="dimmed" mt={6} component="div">
          {footer}
        </Text>
      )}
    </Paper>
  );
}

function SourcesSummary({ sources }: { sources: SourceView[] }) {
  const connected = sources.filter((s) => s.status === 'connected').length;
  const failed = sources.filter((s) => s.status === 'failed').length;
  const untested = sources.length - connected - failed;
  const pct = (n: number) => (sources.length ? (n / sources.length) * 100 : 0);
  return (
    <StatCard label="Sources" testId="sources-summary">
      <Group gap={6} align="baseline">
        <Text fz={30} fw={700} lh={1}>
          {connected}
        </Text>
        <Text fz="sm" c="dimmed">
          of {sources.length} connected
        </Text>
      </Group>
      <Progress.Root size={8} mt={12} mb={10} aria-hidden="true">
        <Progress.Section value={pct(connected)} color="green" />
        <Progress.Section value={pct(failed)} color="red" />
        <Progress.Section value={pct(untested)} color="gray.4" />
      </Progress.Root>
      <Group gap="md" fz="sm">
        <Legend color="green" label={`${connected} connected`} />
        <Legend color="red" label={`${failed} failed`} />
        {untested > 0 && <Legend color="gray" label={`${untested} not tested`} />}
      </Group>
    </StatCard>
  );
}

function Legend({ color, label }: { color: string; label: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <span className="vouch-dot" style={{ background: `var(--mantine-color-${color}-6)` }} />
      <Text fz="sm">{label}</Text>
    </Group>
  );
}

function attentionItems(
  sources: SourceView[],
  artifacts: ArtifactSummary[],
  running: Record<string, RunningSync>,
  info: AppInfo | null,
  syncIntervalHours: number,
): Attention[] {
  const items: Attention[] = [];
  for (const source of sources) {
    if (source.status === 'failed') {
      items.push({
        key: `failed-${source.name}`,
        tone: 'red',
        title: (
          <>
            {source.name}: {failureLabel(source.errorClass)}
          </>
        ),
        detail: source.message,
        actions: (
          <>
            <Button
              size="compact-sm"
              variant="light"
              color="red"
              onClick={() => openDialog({ type: 'source-error', source: source.name })}
            >
              View error
            </Button>
            {source.errorClass === 'failed_authentication' && (
              <Button
                size="compact-sm"
                variant="default"
                leftSection={<IconKey size={14} />}
                onClick={() => openDialog({ type: 'update-credentials', source: source.name })}
              >
                Update credentials
              </Button>
            )}
          </>
        ),
      });
    } else if (source.status === 'untested') {
      items.push({
        key: `untested-${source.name}`,
        tone: 'gray',
        title: <>{source.name} has not been tested</>,
        detail: 'Test the connection to check the credential and its permissions.',
        actions: (
          <Button
            size="compact-sm"
            variant="default"
            leftSection={<IconActivity size={14} />}
            onClick={() => void testSourceWithNotice(source.name)}
          >
            Test connection
          </Button>
        ),
      });
    } else if (!running[source.name]) {
      const synced = parseDate(source.lastSyncedAt);
      const staleAfter = syncIntervalHours > 0 ? 2 * syncIntervalHours * 3600 * 1000 : 7 * dayMs;
      if (!synced || Date.now() - synced.getTime() > staleAfter) {
        items.push({
          key: `stale-${source.name}`,
          tone: 'orange',
          title: synced ? (
            <>
              {source.name} was last synced <RelativeTime iso={source.lastSyncedAt} />
            </>
          ) : (
            <>{source.name} is connected but has not been synced</>
          ),
          detail: 'Its evidence may not reflect the current state of the provider.',
          actions: (
            <Button
              size="compact-sm"
              variant="default"
              leftSection={<IconRefresh size={14} />}
              onClick={() => void syncWithNotice([source.name])}
            >
              Sync now
            </Button>
          ),
        });
      }
    }
  }
  // Only the newest artifact of each kind and source counts: an older partial one was superseded.
  const newest = new Map<string, ArtifactSummary>();
  for (const a of artifacts) {
    const key = `${a.source}/${a.kind}`;
    const seen = newest.get(key);
    if (!seen || a.collectedAt > seen.collectedAt) newest.set(key, a);
  }
  for (const a of newest.values()) {
    if (a.complete) continue;
    items.push({
      key: `partial-${a.id}`,
      tone: 'orange',
      title: (
        <>
          {datasetLabel(a.kind)} from {a.source} is partial
        </>
      ),
      detail: 'The latest collection did not get every row; it cannot stand as a complete population.',
      actions: (
        <Button
          size="compact-sm"
          variant="default"
          component="a"
          href={hrefFor({ page: 'artifact', id: a.id })}
        >
          Open artifact
        </Button>
      ),
    });
  }
  if (info?.keyProtection.weak) {
    items.push({
      key: 'weak-keys',
      tone: 'orange',
      title: 'Credentials are weakly protected on this computer',
      detail: info.keyProtection.description,
      actions: (
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconLock size={14} />}
          component="a"
          href={hrefFor({ page: 'settings' })}
        >
          Settings
        </Button>
      ),
    });
  }
  return items;
}

function Welcome() {
  const connectors = useAppStore((s) => s.connectors);
  const first = connectors[0];
  const names = new Intl.ListFormat('en', { type: 'disjunction' }).format(
    connectors.map((c) => c.displayName),
  );
  const steps = [
    {
      title: 'Add a source',
      text: `Connect ${names || 'your identity provider'} with a read-only credential. Vouch tests it right away.`,
    },
    { title: 'Sync', text: 'Vouch collects users, groups, memberships, apps, assignments and admin roles.' },
    {
      title: 'Export evidence',
      text: 'Every population becomes an artifact with its provenance and hash: export CSV, Excel, PDF or a signed bundle.',
    },
  ];
  return (
    <Paper withBorder p={40} className="vouch-welcome" data-testid="welcome">
      <Stack gap="xl" maw={880}>
        <Stack gap={6}>
          <Title order={2} fz={22}>
            Welcome to Vouch
          </Title>
          <Text c="dimmed">
            Vouch collects access evidence from your systems and keeps, for every row, where it came from and
            when — so an auditor can trust the population. Three steps to your first evidence:
          </Text>
        </Stack>
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
          {steps.map((step, index) => (
            <Group key={step.title} align="flex-start" gap="md" wrap="nowrap">
              <ThemeIcon size={32} radius="xl" variant={index === 0 ? 'filled' : 'light'} aria-hidden="true">
                <Text fw={700} fz="sm" c="inherit">
                  {index + 1}
                </Text>
              </ThemeIcon>
              <Stack gap={4}>
                <Text fw={650}>{step.title}</Text>
                <Text fz="sm" c="dimmed">
                  {step.text}
                </Text>
              </Stack>
            </Group>
          ))}
        </SimpleGrid>
        <Group gap="sm">
          <Button
            size="md"
            component="a"
            href={hrefFor({ page: 'gallery' })}
            leftSection={<IconPlus size={18} />}
          >
            Add your first source
          </Button>
          {first && (
            <Button
              size="md"
              variant="default"
              leftSection={<IconBook size={18} />}
              onClick={() => openDialog({ type: 'guide', kind: first.kind })}
            >
              Read the {first.displayName} guide
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

export function DashboardPage() {
  const sources = useSourcesStore((s) => s.sources);
  const sourcesLoaded = useSourcesStore((s) => s.loaded);
  const artifacts = useArtifactsStore((s) => s.artifacts);
  const running = useSyncStore((s) => s.running);
  const info = useAppStore((s) => s.info);
  const settings = useAppStore((s) => s.settings);

  if (!sourcesLoaded) return null;

  const attention = attentionItems(sources, artifacts, running, info, settings?.syncIntervalHours ?? 24);
  const complete = artifacts.filter((a) => a.complete).length;
  const totalRows = sources.reduce((sum, s) => sum + s.rows, 0);
  const lastSynced = [...sources]
    .filter((s) => s.lastSyncedAt)
    .sort((a, b) => (b.lastSyncedAt ?? '').localeCompare(a.lastSyncedAt ?? ''));
  const latest = lastSynced[0];
  const runs = Object.values(running);

  return (
    <>
      <PageHeader
        title="Dashboard"
        description="The state of your evidence collection at a glance."
        actions={
          sources.length > 0 && (
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} />}
              onClick={() => void syncWithNotice(sources.map((s) => s.name))}
              disabled={runs.length >= sources.length}
            >
              Sync all sources
            </Button>
          )
        }
      />
      {sources.length === 0 ? (
        <Stack gap="lg">
          <Welcome />
          {attention.length > 0 && <AttentionPanel items={attention} />}
        </Stack>
      ) : (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="lg">
            <SourcesSummary sources={sources} />
            <StatCard
              label="Evidence"
              footer={`${complete} complete · ${artifacts.length - complete} partial`}
              testId="evidence-summary"
            >
              <Group gap={6} align="baseline">
                <Text fz={30} fw={700} lh={1}>
                  {formatCount(artifacts.length)}
                </Text>
                <Text fz="sm" c="dimmed">
                  {artifacts.length === 1 ? 'artifact' : 'artifacts'}
                </Text>
              </Group>
            </StatCard>
            <StatCard
              label="Records"
              footer={`in the identity graph, from ${plural(sources.length, 'source')}`}
            >
              <Text fz={30} fw={700} lh={1}>
                {formatCount(totalRows)}
              </Text>
            </StatCard>
            <StatCard
              label="Last sync"
              footer={
                runs.length > 0
                  ? `${plural(runs.length, 'sync')} running · ${formatCount(runs.reduce((n, r) => n + rowsSoFar(r), 0))} rows so far`
                  : latest
                    ? `${latest.name} · ${formatCompact(parseDate(latest.lastSyncedAt) ?? new Date())}`
                    : 'Sync a source to collect evidence'
              }
            >
              <Text fz={30} fw={700} lh={1}>
                {latest ? <RelativeTime iso={latest.lastSyncedAt} /> : 'Never'}
              </Text>
            </StatCard>
          </SimpleGrid>

          <Grid gap="lg">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <AttentionPanel items={attention} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Paper withBorder p="lg" h="100%">
                <Group justify="space-between" mb="md">
                  <Title order={2} fz="lg">
                    Sources
                  </Title>
                  <Anchor href={hrefFor({ page: 'sources', errorFor: null })} fz="sm">
                    Manage sources
                  </Anchor>
                </Group>
                <Stack
                  gap={0}
                  component="ul"
                  aria-label="Sources and their last sync"
                  p={0}
                  m={0}
                  style={{ listStyle: 'none' }}
                >
                  {sources.map((s) => (
                    <Group
                      key={s.name}
                      component="li"
                      justify="space-between"
                      wrap="nowrap"
                      py="sm"
                      className="vouch-attention-item"
                    >
                      <Stack gap={0} style={{ minWidth: 0 }}>
                        <Text fw={600} fz="sm" truncate>
                          {s.name}
                        </Text>
                        <Text fz="xs" c="dimmed">
                          {running[s.name] ? (
                            `Syncing… ${formatCount(rowsSoFar(running[s.name]!))} rows`
                          ) : s.lastSyncedAt ? (
                            <>
                              Synced <RelativeTime iso={s.lastSyncedAt} />
                              <SyncResultText status={s.lastSyncStatus} />
                            </>
                          ) : (
                            'Not synced yet'
                          )}
                        </Text>
                      </Stack>
                      <div style={{ flexShrink: 0 }}>
                        <StatusBadge status={s.status} errorClass={s.errorClass} />
                      </div>
                    </Group>
                  ))}
                </Stack>
              </Paper>
            </Grid.Col>
          </Grid>

          <Paper withBorder p="lg">
            <Group justify="space-between" mb="md">
              <Title order={2} fz="lg">
                Latest evidence
              </Title>
              {artifacts.length > 0 && (
                <Anchor href={hrefFor({ page: 'evidence' })} fz="sm">
                  All evidence
                </Anchor>
              )}
            </Group>
            {artifacts.length === 0 ? (
              <Group gap="sm" c="dimmed">
                <IconFileCheck size={18} />
                <Text fz="sm" c="dimmed">
                  No evidence yet. Sync a connected source to collect its first artifacts.
                </Text>
              </Group>
            ) : (
              <Table verticalSpacing={8} fz="sm" aria-label="Latest evidence">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Kind</Table.Th>
                    <Table.Th>Source</Table.Th>
                    <Table.Th ta="right">Rows</Table.Th>
                    <Table.Th>Completeness</Table.Th>
                    <Table.Th>Collected</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {artifacts.slice(0, 6).map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor href={hrefFor({ page: 'artifact', id: a.id })} fz="sm" fw={600}>
                          {datasetLabel(a.kind)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{a.source}</Table.Td>
                      <Table.Td ta="right" ff="var(--vouch-mono)">
                        {formatCount(a.rowCount)}
                      </Table.Td>
                      <Table.Td>
                        <CompletenessBadge complete={a.complete} />
                      </Table.Td>
                      <Table.Td>
                        <DateTime iso={a.collectedAt} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
        </Stack>
      )}
    </>
  );
}

const toneIcon = {
  red: <IconAlertTriangle size={16} />,
  orange: <IconClock size={16} />,
  gray: <IconPlug size={16} />,
};

function AttentionPanel({ items }: { items: Attention[] }) {
  return (
    <Paper withBorder p="lg" h="100%" data-testid="attention">
      <Group justify="space-between" mb="md">
        <Title order={2} fz="lg">
          Needs attention
        </Title>
        {items.length > 0 && (
          <Badge color={items.some((i) => i.tone === 'red') ? 'red' : 'orange'} variant="light">
            {items.length}
          </Badge>
        )}
      </Group>
      {items.length === 0 ? (
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon color="green" variant="light" radius="xl" size={32}>
            <IconCircleCheck size={18} />
          </ThemeIcon>
          <div>
            <Text fw={600} fz="sm">
              Nothing needs attention
            </Text>
            <Text fz="sm" c="dimmed">
              Every source is connected and its evidence is current.
            </Text>
          </div>
        </Group>
      ) : (
        <Stack gap={0} className="vouch-attention-list">
          {items.map((item) => (
            <Group
              key={item.key}
              gap="md"
              wrap="nowrap"
              align="flex-start"
              className="vouch-attention-item"
              py="sm"
            >
              <ThemeIcon color={item.tone} variant="light" radius="xl" size={30} mt={2}>
                {toneIcon[item.tone]}
              </ThemeIcon>
              <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                <Text fw={600} fz="sm">
                  {item.title}
                </Text>
                {item.detail && (
                  <Text fz="sm" c="dimmed" lineClamp={2}>
                    {item.detail}
                  </Text>
                )}
                <Group gap={6} mt={6}>
                  {item.actions}
                </Group>
              </Stack>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
