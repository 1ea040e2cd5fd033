// The result of a connection test: connected, or the failure class with the provider's message and the fix.
import { Alert, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { remedyForErrorClass, type ConnectionStatus } from '../../src-shared/connection-status.ts';
import { errorClassExplanation, failureLabel } from '../format/labels.ts';
import { DateTime } from './DateTime.tsx';
import { IconAlertTriangle, IconCircleCheck } from './Icons.tsx';

export function ConnectionResult({
  status,
  title,
  actions,
}: {
  status: ConnectionStatus;
  title?: string;
  actions?: ReactNode;
}) {
  if (status.status === 'connected') {
    return (
      <Alert
        color="green"
        variant="light"
        icon={<IconCircleCheck />}
        title={title ?? 'Connected'}
        role="status"
        data-testid="connection-result"
        data-status="connected"
      >
        <Stack gap={6}>
          <Text fz="sm">{status.message}</Text>
          <Text fz="xs" c="dimmed">
            Checked <DateTime iso={status.checkedAt} size="xs" />
          </Text>
          {actions && <Group gap="xs">{actions}</Group>}
        </Stack>
      </Alert>
    );
  }
  const errorClass = status.errorClass;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle />}
      title={title ?? failureLabel(errorClass)}
      role="alert"
      data-testid="connection-result"
      data-status="failed"
      data-error-class={errorClass ?? ''}
    >
      <Stack gap={8}>
        {errorClass && <Text fz="sm">{errorClassExplanation[errorClass]}</Text>}
        <Text fz="sm" className="vouch-provider-message">
          {status.message}
        </Text>
        <Text fz="sm">
          <Text span fw={600} fz="sm">
            What to do:{' '}
          </Text>
          {status.nextStep ?? (errorClass ? remedyForErrorClass[errorClass] : 'Test the connection again.')}
        </Text>
        {actions && <Group gap="xs">{actions}</Group>}
      </Stack>
    </Alert>
  );
}
