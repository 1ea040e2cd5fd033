// A person: the identity provider's record (name, email, status) and every account linked to them across
// sources, with how each was linked and its admin roles. Linked accounts can be unlinked (back to the
// needs-anchor queue); the identity provider's own account cannot.
import { Anchor, Badge, Breadcrumbs, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import type { IdentityViewData } from '../../src-shared/api.ts';
import { DataTable } from '../components/DataTable.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { humanize, idpStatusLabel, inactiveIdpStatuses, linkReasonLabel } from '../format/labels.ts';
import { callApi } from '../state/api-client.ts';
import { useAppStore } from '../state/app-store.ts';
import { notify } from '../state/notices.ts';
import { usePeopleStore } from '../state/people-store.ts';
import { hrefFor } from '../state/router.ts';
import { toApiCallError, type ApiCallError } from '../transport/api-call-error.ts';

type PersonAccount = IdentityViewData['accounts'][number];
const column = createColumnHelper<PersonAccount>();

export function IdpStatusBadge({ status }: { status: string }) {
  const color = inactiveIdpStatuses.has(status) ? 'red' : status === 'ACTIVE' ? 'green' : 'orange';
  return (
    <Badge color={color} variant="light" size="lg" data-testid="idp-status">
      {idpStatusLabel(status)}
    </Badge>
  );
}

function AccountStatusBadge({ account }: { account: PersonAccount }) {
  if (account.expired) {
    return (
      <Badge color="gray" variant="light">
        Removed from source
      </Badge>
    );
  }
  const status = account.status.toLowerCase();
  const color =
    status === 'active'
      ? 'green'
      : ['suspended', 'deprovisioned', 'disabled'].includes(status)
        ? 'red'
        : 'orange';
  return (
    <Badge color={color} variant="light">
      {humanize(account.status)}
    </Badge>
  );
}

function UnlinkButton({ account, person }: { account: PersonAccount; person: string }) {
  const unlink = usePeopleStore((s) => s.unlink);
  const [busy, setBusy] = useState(false);
  const label = account.login ?? account.email ?? account.externalId;
  return (
    <Button
      size="compact-sm"
      variant="default"
      color="red"
      loading={busy}
      aria-label={`Unlink ${account.sourceName} account ${label} from ${person}`}
      onClick={() => {
        setBusy(true);
        unlink(account.accountId).then(
          () =>
            notify({
              tone: 'success',
              title: `${label} unlinked from ${person}`,
              message: 'It is back in the needs-anchor queue and stays unlinked across syncs.',
            }),
          (error: unknown) => {
            setBusy(false);
            notify({
              tone: 'error',
              title: 'The account was not unlinked',
              message: toApiCallError(error).message,
            });
          },
        );
      }}
    >
      Unlink
    </Button>
  );
}

export function PersonPage({ id }: { id: number }) {
  const version = usePeopleStore((s) => s.version);
  const connectors = useAppStore((s) => s.connectors);
  const [person, setPerson] = useState<IdentityViewData | null>(null);
  const [failure, setFailure] = useState<ApiCallError | null>(null);

  useEffect(() => {
    let live = true;
    setFailure(null);
    callApi('identities.get', { identityId: id }).then(
      (view) => live && setPerson(view),
      (error) => live && setFailure(toApiCallError(error)),
    );
    return () => {
      live = false;
    };
  }, [id, version]);

  const shown = person?.id === id ? person : null;
  const name = shown ? shown.displayName || shown.email || shown.login || `Person ${id}` : `Person ${id}`;

  const columns = useMemo(
    () => [
      column.accessor('sourceName', {
        header: 'Source',
        meta: { width: 170 },
        cell: (info) => (
          <Stack gap={0}>
            <Text fz="sm" fw={600}>
              {info.getValue()}
            </Text>
            <Text fz="xs" c="dimmed">
              {connectors.find((c) => c.kind === info.row.original.sourceKind)?.displayName ??
                humanize(info.row.original.sourceKind)}
            </Text>
          </Stack>
        ),
      }),
      column.accessor((a) => a.login ?? a.email ?? a.externalId, {
        id: 'account',
        header: 'Account',
        cell: (info) => {
          const a = info.row.original;
          return (
            <Stack gap={0}>
              <Text fz="sm">{info.getValue()}</Text>
              <Text fz="xs" c="dimmed" ff="var(--vouch-mono)">
                {[a.email && a.email !== info.getValue() ? a.email : null, `id ${a.externalId}`]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            </Stack>
          );
        },
      }),
      column.accessor('status', {
        header: 'Status',
        meta: { width: 170 },
        cell: (info) => <AccountStatusBadge account={info.row.original} />,
      }),
      column.accessor((a) => linkReasonLabel[a.linkReason] ?? humanize(a.linkReason), {
        id: 'linked',
        header: 'How linked',
        meta: { width: 170 },
        cell: (info) => (
          <Badge
            variant="light"
            color={info.row.original.linkReason === 'manual' ? 'violet' : 'gray'}
            data-link-reason={info.row.original.linkReason}
          >
            {info.getValue()}
          </Badge>
        ),
      }),
      column.accessor((a) => a.roles.join(', '), {
        id: 'roles',
        header: 'Admin roles',
        cell: (info) =>
          info.row.original.roles.length === 0 ? (
            <Text fz="sm" c="dimmed">
              None
            </Text>
          ) : (
            <Group gap={4}>
              {info.row.original.roles.map((role) => (
                <Badge key={role} color="orange" variant="outline" size="sm">
                  {role}
                </Badge>
              ))}
            </Group>
          ),
      }),
      column.display({
        id: 'actions',
        header: () => <span className="vouch-visually-hidden">Actions</span>,
        meta: { width: 100, align: 'right', interactive: true },
        cell: ({ row }) =>
          row.original.linkReason === 'identity_provider' ? null : (
            <UnlinkButton account={row.original} person={name} />
          ),
      }),
    ],
    [name, connectors],
  );

  const breadcrumbs = (
    <Breadcrumbs separator="›" fz="sm">
      <Anchor href={hrefFor({ page: 'people', source: null })} fz="sm">
        People
      </Anchor>
      <Text fz="sm" c="dimmed">
        {name}
      </Text>
    </Breadcrumbs>
  );

  if (failure) {
    return (
      <>
        <PageHeader above={breadcrumbs} title="Person not available" />
        <ErrorAlert error={failure} title="This person could not be opened" />
      </>
    );
  }
  if (!shown) {
    return (
      <Group justify="center" p="xl">
        <Loader aria-label="Loading person" />
      </Group>
    );
  }

  const live = shown.accounts.filter((a) => !a.expired).length;
  return (
    <>
      <PageHeader
        above={breadcrumbs}
        title={name}
        badge={<IdpStatusBadge status={shown.status} />}
        description={
          <>
            {[shown.email, shown.login && shown.login !== shown.email ? shown.login : null]
              .filter(Boolean)
              .join(' · ')}
            {inactiveIdpStatuses.has(shown.status) && live > 1 && (
              <Text span fz="sm" fw={600} c="var(--mantine-color-red-text)">
                {' · '}still has {live - 1} application {live - 1 === 1 ? 'account' : 'accounts'}
              </Text>
            )}
          </>
        }
      />
      <Paper withBorder className="vouch-table-paper">
        <Group p="md" className="vouch-toolbar">
          <Text fw={650} fz="sm">
            Accounts across sources
          </Text>
          <Text fz="sm" c="dimmed" ml="auto">
            {shown.accounts.length} {shown.accounts.length === 1 ? 'account' : 'accounts'}
          </Text>
        </Group>
        <DataTable
          data={shown.accounts}
          columns={columns}
          getRowId={(a) => String(a.accountId)}
          ariaLabel={`Accounts of ${name}`}
          minWidth={900}
          rowProps={(a) => ({ 'data-account': String(a.accountId), 'data-source': a.sourceName })}
        />
      </Paper>
    </>
  );
}
