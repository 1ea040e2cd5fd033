// People: the needs-anchor queue. Application accounts the linker could not place on a person, per
// source, with why in words and the likeliest people; one click links an account to a candidate, and
// "Mark as…" records that it is a service, shared or external account.
import {
  Anchor,
  Badge,
  Button,
  EmptyState,
  Group,
  Loader,
  Paper,
  Stack,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import type { NeedsAnchorItemView } from '../../src-shared/api.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { IconCircleCheck, IconLink, IconSearch } from '../components/Icons.tsx';
import { MarkAccountModal } from '../components/MarkAccountModal.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { formatCount } from '../format/dates.ts';
import { needsAnchorReasonLabel } from '../format/labels.ts';
import { notify } from '../state/notices.ts';
import { usePeopleStore } from '../state/people-store.ts';
import { hrefFor, navigate } from '../state/router.ts';
import { toApiCallError } from '../transport/api-call-error.ts';

const column = createColumnHelper<NeedsAnchorItemView>();

export const accountLabel = (a: { displayName?: string | null; login: string | null; externalId: string }) =>
  a.displayName || a.login || a.externalId;

const ALL = '__all__';

function CandidateList({ item }: { item: NeedsAnchorItemView }) {
  const link = usePeopleStore((s) => s.link);
  const [busy, setBusy] = useState<number | null>(null);
  if (item.candidates.length === 0) {
    return (
      <Text fz="sm" c="dimmed">
        No one resembles this account
      </Text>
    );
  }
  const label = accountLabel(item);
  return (
    <Stack gap={6}>
      {item.candidates.map((candidate) => {
        const name = candidate.displayName || candidate.email || `Person ${candidate.identityId}`;
        return (
          <Group key={candidate.identityId} gap="xs" wrap="nowrap" data-candidate={candidate.identityId}>
            <Button
              size="compact-xs"
              variant="light"
              leftSection={<IconLink size={13} />}
              loading={busy === candidate.identityId}
              disabled={busy !== null && busy !== candidate.identityId}
              aria-label={`Link ${label} to ${name}`}
              style={{ flexShrink: 0 }}
              onClick={() => {
                setBusy(candidate.identityId);
                link(item.accountId, candidate.identityId).then(
                  () =>
                    notify({
                      tone: 'success',
                      title: `${label} linked to ${name}`,
                      message: 'The link is kept across syncs.',
                    }),
                  (error: unknown) => {
                    setBusy(null);
                    notify({
                      tone: 'error',
                      title: 'The account was not linked',
                      message: toApiCallError(error).message,
                    });
                  },
                );
              }}
            >
              Link
            </Button>
            <Stack gap={0} w={220} style={{ minWidth: 0, flexShrink: 0 }}>
              <Group gap={6} wrap="nowrap">
                <Anchor
                  href={hrefFor({ page: 'person', id: candidate.identityId })}
                  fz="sm"
                  fw={600}
                  truncate
                  style={{ minWidth: 0 }}
                >
                  {name}
                </Anchor>
                <Badge
                  variant="light"
                  color={candidate.score >= 0.75 ? 'green' : candidate.score >= 0.5 ? 'orange' : 'gray'}
                  size="xs"
                  style={{ flexShrink: 0 }}
                  title="How closely the name and address resemble the account's"
                >
                  {Math.round(candidate.score * 100)}% match
                </Badge>
              </Group>
              {candidate.email && candidate.email !== name && (
                <Text fz="xs" c="dimmed" truncate>
                  {candidate.email}
                </Text>
              )}
            </Stack>
          </Group>
        );
      })}
    </Stack>
  );
}

export function PeoplePage({ source }: { source: string | null }) {
  const queue = usePeopleStore((s) => s.queue);
  const loaded = usePeopleStore((s) => s.loaded);
  const loadError = usePeopleStore((s) => s.loadError);
  const [query, setQuery] = useState('');
  const [marking, setMarking] = useState<NeedsAnchorItemView | null>(null);

  useEffect(() => {
    void usePeopleStore.getState().refresh();
  }, []);

  const counts = useMemo(() => {
    const bySource = new Map<string, number>();
    for (const item of queue) bySource.set(item.sourceName, (bySource.get(item.sourceName) ?? 0) + 1);
    return [...bySource].sort(([a], [b]) => a.localeCompare(b));
  }, [queue]);
  const tab = source ?? ALL;

  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    return queue.filter(
      (item) =>
        (tab === ALL || item.sourceName === tab) &&
        (!q ||
          [item.displayName, item.login, item.email, item.externalId].some((v) =>
            v?.toLowerCase().includes(q),
          )),
    );
  }, [queue, tab, query]);

  const columns = useMemo(
    () => [
      column.accessor((item) => accountLabel(item), {
        id: 'account',
        header: 'Account',
        meta: { width: 190 },
        cell: (info) => {
          const item = info.row.original;
          return (
            <Stack gap={0}>
              <Text fz="sm" fw={600}>
                {info.getValue()}
              </Text>
              <Text fz="xs" c="dimmed" ff="var(--vouch-mono)">
                {[item.login && item.login !== info.getValue() ? item.login : null, item.email ?? 'no email']
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            </Stack>
          );
        },
      }),
      column.accessor('sourceName', { header: 'Source', meta: { width: 100 } }),
      column.accessor((item) => needsAnchorReasonLabel[item.reason] ?? item.reason, {
        id: 'reason',
        header: 'Why it needs a person',
        meta: { width: 170 },
        cell: (info) => <Text fz="sm">{info.getValue()}</Text>,
      }),
      column.display({
        id: 'candidates',
        header: 'Likeliest people',
        meta: { interactive: true },
        cell: ({ row }) => <CandidateList item={row.original} />,
      }),
      column.display({
        id: 'actions',
        header: () => <span className="vouch-visually-hidden">Other actions</span>,
        meta: { width: 112, interactive: true, align: 'right' },
        cell: ({ row }) => (
          <Button
            size="compact-sm"
            variant="default"
            aria-label={`Mark as… (${accountLabel(row.original)})`}
            onClick={() => setMarking(row.original)}
          >
            Mark as…
          </Button>
        ),
      }),
    ],
    [],
  );

  return (
    <>
      <PageHeader
        title="People"
        description="Accounts in your applications that Vouch could not place on a person from the identity provider. Link each one to its owner, or mark it as a service, shared or external account, so access reviews cover everyone."
      />
      {loadError && <ErrorAlert error={loadError} title="The needs-anchor queue could not be loaded" />}
      {!loaded ? (
        <Group justify="center" p="xl">
          <Loader aria-label="Loading the needs-anchor queue" />
        </Group>
      ) : queue.length === 0 ? (
        <Paper withBorder p={48}>
          <EmptyState
            icon={<IconCircleCheck size={28} />}
            variant="light"
            title="Every account is linked to a person or marked"
            description="Nothing needs an anchor. After each sync, accounts that match no one in the identity provider by SSO identity or email appear here."
          />
        </Paper>
      ) : (
        <Paper withBorder className="vouch-table-paper">
          <Tabs
            value={tab}
            onChange={(value) => navigate({ page: 'people', source: value && value !== ALL ? value : null })}
            px="md"
            pt="xs"
          >
            <Tabs.List aria-label="Needs anchor by source">
              <Tabs.Tab value={ALL}>
                All sources{' '}
                <Badge size="sm" variant="light" color="gray" ml={4}>
                  {formatCount(queue.length)}
                </Badge>
              </Tabs.Tab>
              {counts.map(([name, n]) => (
                <Tabs.Tab key={name} value={name}>
                  {name}{' '}
                  <Badge size="sm" variant="light" color="gray" ml={4}>
                    {formatCount(n)}
                  </Badge>
                </Tabs.Tab>
              ))}
            </Tabs.List>
          </Tabs>
          <Group p="md" gap="sm" className="vouch-toolbar" wrap="wrap">
            <TextInput
              placeholder="Search name, login or email"
              aria-label="Search accounts"
              leftSection={<IconSearch size={16} />}
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
              w={280}
            />
            <Text fz="sm" c="dimmed" ml="auto">
              {`${formatCount(visible.length)} ${visible.length === 1 ? 'account needs' : 'accounts need'} a person`}
            </Text>
          </Group>
          {visible.length === 0 ? (
            <Text p="xl" ta="center" c="dimmed" fz="sm">
              {tab !== ALL && !counts.some(([name]) => name === tab)
                ? `Every ${tab} account is linked to a person or marked.`
                : 'No account matches this search.'}
            </Text>
          ) : (
            <DataTable
              data={visible}
              columns={columns}
              getRowId={(item) => String(item.accountId)}
              ariaLabel="Accounts that need a person"
              maxHeight="calc(100vh - 330px)"
              minWidth={920}
              rowProps={(item) => ({ 'data-account': String(item.accountId) })}
            />
          )}
        </Paper>
      )}
      {marking && (
        <MarkAccountModal
          account={{
            accountId: marking.accountId,
            label: accountLabel(marking),
            sourceName: marking.sourceName,
          }}
          onClose={() => setMarking(null)}
        />
      )}
    </>
  );
}
