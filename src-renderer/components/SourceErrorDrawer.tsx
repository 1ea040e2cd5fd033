// "View error" / "Connection details": why a source failed (class, the provider's own message), what fixes it,
// its sync schedule, recent checks and the connector's integration guide, with the fixing actions one click
// away.
import {
  Accordion,
  Alert,
  Badge,
  Button,
  Divider,
  Drawer,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../src-shared/api.ts';
import { remedyForErrorClass, type ErrorClass } from '../../src-shared/connection-status.ts';
import { errorClassExplanation, failureLabel } from '../format/labels.ts';
import { callApi } from '../state/api-client.ts';
import { useAppStore } from '../state/app-store.ts';
import { openDialog } from '../state/dialogs.ts';
import { notify } from '../state/notices.ts';
import { useSourcesStore } from '../state/sources-store.ts';
import { DateTime } from './DateTime.tsx';
import { GuideBody } from './GuideDrawer.tsx';
import { IconActivity, IconAlertTriangle, IconCircleCheck, IconKey } from './Icons.tsx';
import { SourceSyncIntervalField } from './SourceSyncIntervalField.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { CredentialHealthBlock } from './CredentialHealthBlock.tsx';

type History = ApiOutput<'sources.history'>;

function isErrorClass(value: string | null): value is ErrorClass {
  return value !== null && value in errorClassExplanation;
}

export function SourceErrorDrawer({
  name,
  opened,
  onClose,
  zIndex,
}: {
  name: string;
  opened: boolean;
  onClose: () => void;
  zIndex?: number;
}) {
  const source = useSourcesStore((s) => s.sources.find((x) => x.name === name));
  const testing = useSourcesStore((s) => Boolean(s.testing[name]));
  const test = useSourcesStore((s) => s.test);
  const connector = useAppStore((s) => s.connectors.find((c) => c.kind === source?.kind));
  const [history, setHistory] = useState<History | null>(null);

  const lastTested = source?.lastTestedAt;
  useEffect(() => {
    if (!opened) return;
    let live = true;
    callApi('sources.history', { name })
      .then((h) => live && setHistory(h))
      .catch(() => live && setHistory([]));
    return () => {
      live = false;
    };
  }, [name, opened, lastTested]);

  const runTest = async () => {
    try {
      const status = await test(name);
      notify(
        status.status === 'connected'
          ? { tone: 'success', title: `${name} is connected` }
          : { tone: 'error', title: `${name}: ${failureLabel(status.errorClass)}`, message: status.message },
      );
    } catch (error) {
      notify({ tone: 'error', title: 'Test Connection failed', message: (error as Error).message });
    }
  };

  const errorClass = source && isErrorClass(source.errorClass) ? source.errorClass : null;
  const primaryFix =
    errorClass === 'failed_authentication'
      ? 'credentials'
      : errorClass === 'unreachable' || errorClass === 'rate_limited'
        ? 'test'
        : 'guide';

  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      zIndex={zIndex}
      position="right"
      size={680}
      title={
        <Group gap="sm">
          <Text fw={650} fz="lg">
            {name}
          </Text>
          {source && <StatusBadge status={source.status} errorClass={source.errorClass} testing={testing} />}
        </Group>
      }
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {!source ? (
        <Text c="dimmed">This source no longer exists.</Text>
      ) : (
        <Stack gap="lg" data-testid="source-error-panel">
          {source.status === 'failed' ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle />}
              title={failureLabel(source.errorClass)}
              data-error-class={source.errorClass ?? ''}
            >
              <Stack gap={8}>
                {errorClass && <Text fz="sm">{errorClassExplanation[errorClass]}</Text>}
                <div>
                  <Text fz="xs" fw={600} tt="uppercase" c="dimmed" mb={2}>
                    {connector?.displayName ?? source.kind} said
                  </Text>
                  <Text fz="sm" className="vouch-provider-message">
                    {source.message ?? 'No message was recorded.'}
                  </Text>
                </div>
                <Text fz="xs" c="dimmed">
                  Last tested <DateTime iso={source.lastTestedAt} size="xs" />
                </Text>
              </Stack>
            </Alert>
          ) : (
            <Alert
              color={source.status === 'connected' ? 'green' : 'gray'}
              variant="light"
              icon={<IconCircleCheck />}
              title={source.status === 'connected' ? 'No error: the source is connected' : 'Not tested yet'}
            >
              <Text fz="sm">
                {source.status === 'connected'
                  ? (source.message ?? 'The last connection test succeeded.')
                  : 'Run Test Connection to check the credential and the permissions.'}
              </Text>
            </Alert>
          )}

          <CredentialHealthBlock health={source.credentialHealth} />

          {source.status === 'failed' && (
            <Paper withBorder p="md">
              <Title order={3} fz="md" mb={6}>
                What to do
              </Title>
              <Text fz="sm" mb="md">
                {source.nextStep ??
                  (errorClass ? remedyForErrorClass[errorClass] : 'Test the connection again.')}
              </Text>
              <Group gap="sm">
                <Button
                  variant={primaryFix === 'credentials' ? 'filled' : 'default'}
                  leftSection={<IconKey size={16} />}
                  onClick={() => openDialog({ type: 'update-credentials', source: name })}
                >
                  Update credentials
                </Button>
                <Button
                  variant={primaryFix === 'test' ? 'filled' : 'default'}
                  leftSection={<IconActivity size={16} />}
                  loading={testing}
                  onClick={() => void runTest()}
                >
                  Test connection
                </Button>
              </Group>
            </Paper>
          )}

          <SourceSyncIntervalField name={name} />

          <div>
            <Title order={3} fz="md" mb="xs">
              Recent connection checks
            </Title>
            {history === null ? (
              <Text fz="sm" c="dimmed">
                Loading…
              </Text>
            ) : history.length === 0 ? (
              <Text fz="sm" c="dimmed">
                No checks recorded yet.
              </Text>
            ) : (
              <Table fz="sm" verticalSpacing={6} withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={210}>Checked</Table.Th>
                    <Table.Th>Result</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {history.slice(0, 6).map((check) => (
                    <Table.Tr key={check.checkedAt}>
                      <Table.Td>
                        <DateTime iso={check.checkedAt} stacked size="xs" />
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={2}>
                          <Badge
                            color={check.status === 'connected' ? 'green' : 'red'}
                            variant="light"
                            size="sm"
                            w="fit-content"
                          >
                            {check.status === 'connected' ? 'Connected' : failureLabel(check.errorClass)}
                          </Badge>
                          {check.status === 'failed' && (
                            <Text fz="xs" c="dimmed" lineClamp={2}>
                              {check.message}
                            </Text>
                          )}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </div>

          <Divider />
          <Accordion
            variant="separated"
            defaultValue={source.status === 'failed' && primaryFix === 'guide' ? 'guide' : null}
          >
            <Accordion.Item value="guide">
              <Accordion.Control>{connector?.displayName ?? source.kind} integration guide</Accordion.Control>
              <Accordion.Panel>
                <GuideBody kind={source.kind} />
              </Accordion.Panel>
            </Accordion.Item>
          </Accordion>
        </Stack>
      )}
    </Drawer>
  );
}
