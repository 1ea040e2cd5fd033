// An API error as the user should see it: what happened and what to do next.
import { Alert, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ApiCallError } from '../transport/api-call-error.ts';
import { IconAlertTriangle } from './Icons.tsx';

export function ErrorAlert({
  error,
  title = 'Something went wrong',
  children,
}: {
  error: ApiCallError;
  title?: string;
  children?: ReactNode;
}) {
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle />} role="alert">
      <Text fz="sm">{error.message}</Text>
      {error.nextStep && (
        <Text fz="sm" mt={6}>
          <Text component="span" fw={600} fz="sm">
            What to do:{' '}
          </Text>
          {error.nextStep}
        </Text>
      )}
      {children}
    </Alert>
  );
}
