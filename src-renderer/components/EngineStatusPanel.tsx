// Settings → Engine: this process's long-lived lanes, the job queue's depth and its dead letters (jobs that
// failed their last attempt, with their last error), each with a Retry button. Refreshes every few seconds
// while shown.
import { Alert, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { EngineStatus } from '../../src-shared/api.ts';
import { callApi } from '../state/api-client.ts';
import { notify } from '../state/notices.ts';
import { DateTime } from './DateTime.tsx';

const refreshMs = 5_000;

const laneStateColor = { up: 'green', starting: 'blue', restarting: 'orange', stopped: 'gray' } as const;

export function EngineStatusPanel() {
  const [status, setStatus] = useState<EngineStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [retrying, setRetrying] = useState<number | null>(null);

  const load = useCallback(async () => {
    try {
      setStatus(await callApi('engine.status', {}));
      setError(null);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), refreshMs);
    return () => clearInterval(timer);
  }, [load]);

  const retry = async (id: number) => {
    setRetrying(id);
    try {
      const result = await callApi('jobs.retry', { id });
      if (result.requeued) notify({ tone: 'success', title: `Job ${id} is queued again` });
      else
        notify({
          tone: 'info',
          title: `Job ${id} stays dead`,
          message: `Job ${result.joinedId} of the same source is already queued or running.`,
        });
      await load();
    } catch (failure) {
      notify({ tone: 'error', title: 'The job was not retried', message: (failure as Error).message });
    } finally {
      setRetrying(null);
    }
  };

  if (error !== null)
    return (
      <Alert color="red" variant="light" title="Engine status unavailable">
        {error}
      </Alert>
    );
  if (status === null) return <Text fz="sm">Loading…</Text>;

  return (
    <Stack gap="md">
      <Group gap="xs" aria-label="Queue depth">
        <Badge variant="light">{status.queue.queued} queued</Badge>
        <Badge variant="light">{status.queue.running} running</Badge>
        <Badge variant="light" color={status.queue.dead > 0 ? 'red' : 'gray'}>
          {status.queue.dead} dead
        </Badge>
      </Group>
      {status.lanes.length === 0 ? (
        <Text fz="sm" c="dimmed">
          No long-lived lanes in this process: each sync starts its own lane and it exits when done.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label="Lanes" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Lane</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>PID</Table.Th>
                <Table.Th>Up since</Table.Th>
                <Table.Th>Jobs done</Table.Th>
                <Table.Th>Restarts</Table.Th>
                <Table.Th>Last error</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {status.lanes.map((lane) => (
                <Table.Tr key={`${lane.kind}-${lane.slot}`} data-lane={`${lane.kind}-${lane.slot}`}>
                  <Table.Td>
                    {lane.kind} {lane.slot}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={laneStateColor[lane.state]}>
                      {lane.state}
                    </Badge>
                  </Table.Td>
                  <Table.Td ff="var(--vouch-mono)">{lane.pid ?? '-'}</Table.Td>
                  <Table.Td>
                    <DateTime iso={lane.upSince} size="xs" empty="-" />
                  </Table.Td>
                  <Table.Td>{lane.jobsDone}</Table.Td>
                  <Table.Td>{lane.restarts}</Table.Td>
                  <Table.Td>{lane.lastError ?? '-'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {status.dead.length > 0 && (
        <Table aria-label="Dead jobs" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Job</Table.Th>
              <Table.Th>Last error</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {status.dead.map((job) => (
              <Table.Tr key={job.id}>
                <Table.Td>
                  {job.id} {job.kind}
                  {job.subject !== null ? ` ${job.subject}` : ''} ({job.attempts} attempts)
                </Table.Td>
                <Table.Td>{job.lastError ?? '-'}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="light"
                    loading={retrying === job.id}
                    onClick={() => void retry(job.id)}
                  >
                    Retry
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
