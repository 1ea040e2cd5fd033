// Connection status in color and words: green connected, red with the failure class, gray untested.
import { Badge, Loader, Text } from '@mantine/core';
import type { SourceView } from '../../src-shared/api.ts';
import { failureLabel } from '../format/labels.ts';
import { IconCircleCheck, IconCircleX, IconClock } from './Icons.tsx';

export function StatusBadge({
  status,
  errorClass,
  testing = false,
}: {
  status: SourceView['status'];
  errorClass: string | null;
  testing?: boolean;
}) {
  if (testing) {
    return (
      <Badge color="brand" variant="light" leftSection={<Loader size={10} color="brand" />}>
        Testing…
      </Badge>
    );
  }
  if (status === 'connected') {
    return (
      <Badge color="green" variant="light" leftSection={<IconCircleCheck size={13} />}>
        Connected
      </Badge>
    );
  }
  if (status === 'failed') {
    return (
      <Badge color="red" variant="light" leftSection={<IconCircleX size={13} />}>
        {failureLabel(errorClass)}
      </Badge>
    );
  }
  return (
    <Badge color="gray" variant="light" leftSection={<IconClock size={13} />}>
      Not tested
    </Badge>
  );
}

export function CompletenessBadge({ complete }: { complete: boolean }) {
  return complete ? (
    <Badge color="green" variant="light">
      Complete
    </Badge>
  ) : (
    <Badge color="orange" variant="light">
      Partial
    </Badge>
  );
}

/** The outcome of a source's last sync as the engine recorded it (complete / partial / failed), in words. */
export function SyncResultText({ status }: { status: string | null }) {
  if (status === null) return null;
  const color = status === 'complete' ? 'green' : status === 'partial' ? 'orange' : 'red';
  const label = status === 'complete' ? 'complete' : status === 'partial' ? 'partial' : 'failed';
  return (
    <Text span fz="xs" fw={600} c={`var(--mantine-color-${color}-text)`}>
      {' · '}
      {label}
    </Text>
  );
}
