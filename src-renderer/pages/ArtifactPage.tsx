// One artifact: its provenance (what an auditor needs to trust the population), a virtualized preview of
// its rows, and exports in every format.
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  DataList,
  Grid,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../src-shared/api.ts';
import { DateTime, RelativeTime } from '../components/DateTime.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { IconAlertTriangle, IconDownload } from '../components/Icons.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { RowsPreview } from '../components/RowsPreview.tsx';
import { ShortHash } from '../components/ShortHash.tsx';
import { CompletenessBadge } from '../components/StatusBadge.tsx';
import { formatCompact, formatCount, formatDuration, parseDate } from '../format/dates.ts';
import { datasetLabel, humanize } from '../format/labels.ts';
import { callApi } from '../state/api-client.ts';
import { deliverFile } from '../state/downloads.ts';
import { notify } from '../state/notices.ts';
import { hrefFor } from '../state/router.ts';
import { toApiCallError, type ApiCallError } from '../transport/api-call-error.ts';

type ArtifactDetail = ApiOutput<'artifacts.get'>;
type ExportFormat = 'csv' | 'xlsx' | 'pdf' | 'json';

const exportFormats: Array<{ format: ExportFormat; label: string; title: string }> = [
  { format: 'csv', label: 'CSV', title: 'Rows as CSV (formula injection neutralized)' },
  { format: 'xlsx', label: 'XLSX', title: 'Excel workbook with a provenance sheet' },
  { format: 'pdf', label: 'PDF', title: 'PDF with a provenance cover page and the hash in the footer' },
  { format: 'json', label: 'JSON', title: 'Rows and provenance as JSON' },
];

/** Provenance fields this page lays out itself; anything else the engine adds is listed generically. */
const knownKeys = new Set([
  'source',
  'dataset',
  'endpoints',
  'query',
  'pagesFetched',
  'rowsCollected',
  'providerReportedCount',
  'complete',
  'partialReason',
  'collectionStartedAt',
  'collectionFinishedAt',
  'credentialFingerprint',
  'vouchVersion',
  'syncRunId',
  'columns',
  'keyColumns',
  'canonicalForm',
  'sha256',
  'derivation',
]);

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function Mono({ children }: { children: React.ReactNode }) {
  return (
    <Text span ff="var(--vouch-mono)" fz="sm" style={{ wordBreak: 'break-all' }}>
      {children}
    </Text>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function Provenance({ detail }: { detail: ArtifactDetail }) {
  const p = detail.provenance;
  const source = record(p.source);
  const query = record(p.query);
  const endpoints = strings(p.endpoints);
  const reported = num(p.providerReportedCount);
  const collected = num(p.rowsCollected) ?? detail.summary.rowCount;
  const started = parseDate(str(p.collectionStartedAt));
  const finished = parseDate(str(p.collectionFinishedAt));
  const derivation = p.derivation === undefined ? null : record(p.derivation);
  const extra = Object.entries(p).filter(([key]) => !knownKeys.has(key));

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Title order={3} fz="sm" tt="uppercase" c="dimmed" mb="xs">
          Collection
        </Title>
        <DataList labelWidth={170} withDivider size="sm">
          <Item label="Source">
            {str(source.name) ?? detail.summary.source}{' '}
            <Text span c="dimmed" fz="sm">
              ({str(source.kind) ?? '—'})
            </Text>
          </Item>
          <Item label="Dataset">
            <Mono>{str(p.dataset) ?? detail.summary.kind}</Mono>
          </Item>
          <Item label="Endpoints">
            {endpoints.length ? (
              <Stack gap={2}>
                {endpoints.map((e) => (
                  <Mono key={e}>{e}</Mono>
                ))}
              </Stack>
            ) : (
              '—'
            )}
          </Item>
          <Item label="Query parameters">
            {Object.keys(query).length ? (
              <Mono>
                {Object.entries(query)
                  .map(([k, v]) => `${k}=${String(v)}`)
                  .join('&')}
              </Mono>
            ) : (
              <Text span c="dimmed" fz="sm">
                none
              </Text>
            )}
          </Item>
          <Item label="Pages fetched">
            {num(p.pagesFetched) === null ? '—' : formatCount(num(p.pagesFetched) ?? 0)}
          </Item>
          <Item label="Rows collected">
            {formatCount(collected)}
            {reported !== null && (
              <Text span fz="sm" c={reported === collected ? 'dimmed' : 'var(--vouch-warning-text)'}>
                {' '}
                · provider reports {formatCount(reported)}
                {reported === collected ? ' (matches)' : ' (differs)'}
              </Text>
            )}
            {reported === null && (
              <Text span fz="sm" c="dimmed">
                {' '}
                · the provider reports no count
              </Text>
            )}
          </Item>
          <Item label="Completeness">
            <Group gap={8}>
              <CompletenessBadge complete={detail.summary.complete} />
              {str(p.partialReason) && <Text fz="sm">{str(p.partialReason)}</Text>}
            </Group>
          </Item>
          <Item label="Collection started">{started ? <DateTime iso={started.toISOString()} /> : '—'}</Item>
          <Item label="Collection finished">
            {finished ? <DateTime iso={finished.toISOString()} /> : '—'}
            {started && finished && (
              <Text span fz="sm" c="dimmed">
                {' '}
                (took {formatDuration(finished.getTime() - started.getTime())})
              </Text>
            )}
          </Item>
        </DataList>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Title order={3} fz="sm" tt="uppercase" c="dimmed" mb="xs">
          Integrity
        </Title>
        <DataList labelWidth={170} withDivider size="sm">
          <Item label="SHA-256">
            <ShortHash value={detail.summary.sha256} full />
          </Item>
          <Item label="Canonical form">
            <Mono>{str(p.canonicalForm) ?? '—'}</Mono>
          </Item>
          <Item label="Credential fingerprint">
            {str(p.credentialFingerprint) ? (
              <ShortHash value={str(p.credentialFingerprint) ?? ''} label="fingerprint" length={30} />
            ) : (
              '—'
            )}
          </Item>
          <Item label="Artifact ID">
            <Mono>{detail.summary.id}</Mono>
          </Item>
          <Item label="Sync run">{num(p.syncRunId) ?? '—'}</Item>
          <Item label="Vouch version">{str(p.vouchVersion) ?? '—'}</Item>
          <Item label="Key columns">
            <Mono>{strings(p.keyColumns).join(', ') || '—'}</Mono>
          </Item>
          {derivation && (
            <Item label="Derived from">
              <Stack gap={2}>
                <Text fz="sm">{humanize(str(derivation.type) ?? 'derivation')}</Text>
                {(Array.isArray(derivation.parents) ? derivation.parents : []).map((parent) => {
                  const id = str(record(parent).id);
                  return id ? (
                    <Anchor key={id} href={hrefFor({ page: 'artifact', id })} ff="var(--vouch-mono)" fz="sm">
                      {id}
                    </Anchor>
                  ) : null;
                })}
              </Stack>
            </Item>
          )}
          {extra.map(([key, value]) => (
            <Item key={key} label={humanize(key)}>
              <Mono>{typeof value === 'string' ? value : JSON.stringify(value)}</Mono>
            </Item>
          ))}
        </DataList>
      </Grid.Col>
    </Grid>
  );
}

function Fact({
  label,
  children,
  hint,
}: {
  label: string;
  children: React.ReactNode;
  hint?: React.ReactNode;
}) {
  return (
    <Stack gap={2} className="vouch-fact">
      <Text fz="xs" fw={700} tt="uppercase" c="dimmed">
        {label}
      </Text>
      <Text fz="lg" fw={650} component="div">
        {children}
      </Text>
      {hint && (
        <Text fz="xs" c="dimmed" component="div">
          {hint}
        </Text>
      )}
    </Stack>
  );
}

/** What an auditor checks first: population size against the provider's count, how it was fetched, when, and its hash. */
function KeyFacts({ detail }: { detail: ArtifactDetail }) {
  const p = detail.provenance;
  const reported = num(p.providerReportedCount);
  const collected = num(p.rowsCollected) ?? detail.summary.rowCount;
  const pages = num(p.pagesFetched);
  const endpoints = strings(p.endpoints).length;
  const started = parseDate(str(p.collectionStartedAt));
  const finished = parseDate(str(p.collectionFinishedAt));
  return (
    <Paper withBorder p="lg">
      <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="lg">
        <Fact
          label="Rows collected"
          hint={
            reported === null ? (
              'The provider reports no count'
            ) : reported === collected ? (
              <>Matches the provider's count</>
            ) : (
              <Text span fz="xs" c="var(--vouch-warning-text)">
                The provider reports {formatCount(reported)}
              </Text>
            )
          }
        >
          {formatCount(collected)}
        </Fact>
        <Fact label="Pages fetched" hint={`from ${endpoints} ${endpoints === 1 ? 'endpoint' : 'endpoints'}`}>
          {pages === null ? '—' : formatCount(pages)}
        </Fact>
        <Fact
          label="Collected"
          hint={
            <>
              <RelativeTime iso={detail.summary.collectedAt} />
              {started && finished && ` · took ${formatDuration(finished.getTime() - started.getTime())}`}
            </>
          }
        >
          {formatCompact(parseDate(detail.summary.collectedAt) ?? new Date())}
        </Fact>
        <Fact label="SHA-256" hint={`of the ${str(p.canonicalForm) ?? 'canonical'} content`}>
          <ShortHash value={detail.summary.sha256} length={16} />
        </Fact>
      </SimpleGrid>
    </Paper>
  );
}

function ExportButtons({ id }: { id: string }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    try {
      deliverFile(await callApi('artifacts.export', { id, format }));
    } catch (error) {
      const e = toApiCallError(error);
      notify({
        tone: 'error',
        title: `The ${format.toUpperCase()} export failed`,
        message: e.nextStep ?? e.message,
      });
    } finally {
      setBusy(null);
    }
  };
  return (
    <Group gap={8} role="group" aria-label="Export">
      <Text fz="sm" c="dimmed" mr={2}>
        Export
      </Text>
      {exportFormats.map(({ format, label, title }) => (
        <Button
          key={format}
          variant={format === 'csv' ? 'filled' : 'default'}
          leftSection={<IconDownload size={16} />}
          loading={busy === format}
          disabled={busy !== null && busy !== format}
          onClick={() => void run(format)}
          title={title}
          aria-label={`Export as ${label}`}
        >
          {label}
        </Button>
      ))}
    </Group>
  );
}

export function ArtifactPage({ id }: { id: string }) {
  const [detail, setDetail] = useState<ArtifactDetail | null>(null);
  const [failure, setFailure] = useState<ApiCallError | null>(null);

  useEffect(() => {
    let live = true;
    setDetail(null);
    setFailure(null);
    callApi('artifacts.get', { id }).then(
      (d) => live && setDetail(d),
      (error) => live && setFailure(toApiCallError(error)),
    );
    return () => {
      live = false;
    };
  }, [id]);

  const breadcrumbs = (
    <Breadcrumbs separator="›" fz="sm">
      <Anchor href={hrefFor({ page: 'evidence' })} fz="sm">
        Evidence
      </Anchor>
      <Text fz="sm" c="dimmed">
        {detail ? datasetLabel(detail.summary.kind) : id}
      </Text>
    </Breadcrumbs>
  );

  if (failure) {
    return (
      <>
        <PageHeader above={breadcrumbs} title="Artifact not available" />
        <ErrorAlert error={failure} title="This artifact could not be opened" />
      </>
    );
  }
  if (!detail) {
    return (
      <Group justify="center" p="xl">
        <Loader aria-label="Loading the artifact" />
      </Group>
    );
  }

  const { summary } = detail;
  const partialReason = str(detail.provenance.partialReason);
  return (
    <>
      <PageHeader
        above={breadcrumbs}
        title={
          <>
            {datasetLabel(summary.kind)}{' '}
            <Text span inherit c="dimmed" fw={500}>
              · {summary.source}
            </Text>
          </>
        }
        badge={<CompletenessBadge complete={summary.complete} />}
        description={
          <>
            An immutable snapshot of{' '}
            <Text span ff="var(--vouch-mono)" fz="sm">
              {summary.kind}
            </Text>{' '}
            collected from {summary.source}. Its hash covers every row below.
          </>
        }
        actions={<ExportButtons id={summary.id} />}
      />
      <Stack gap="lg">
        {!summary.complete && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle />} title="Partial population">
            <Text fz="sm">
              {partialReason ?? 'Not every row the provider has was collected.'} A partial artifact is not
              evidence of a complete population; fix the cause and sync again.
            </Text>
          </Alert>
        )}
        <KeyFacts detail={detail} />
        <Paper withBorder>
          <Tabs defaultValue="rows" keepMounted>
            <Tabs.List px="md" pt={6}>
              <Tabs.Tab value="rows">
                Rows{' '}
                <Text span fz="xs" c="dimmed" ff="var(--vouch-mono)">
                  {formatCount(summary.rowCount)}
                </Text>
              </Tabs.Tab>
              <Tabs.Tab value="provenance">Provenance</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="rows" p="md">
              <RowsPreview artifactId={summary.id} expectedRows={summary.rowCount} />
            </Tabs.Panel>
            <Tabs.Panel value="provenance" p="lg">
              <Provenance detail={detail} />
            </Tabs.Panel>
          </Tabs>
        </Paper>
      </Stack>
    </>
  );
}
