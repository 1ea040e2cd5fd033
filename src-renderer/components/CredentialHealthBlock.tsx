// The "Credential health" block of a source: when its credential expires and which of the permissions the
// connector needs it has, as the provider reported them at the last successful Test Connection.
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { daysUntil, type CheckedCredentialHealth } from '../../src-shared/credential-health.ts';
import { RelativeTime } from './DateTime.tsx';

function expiryText(health: CheckedCredentialHealth): { text: string; color: string } {
  const days = daysUntil(health.expiresAt);
  if (days === null) return { text: 'Expiry not reported', color: 'gray' };
  if (days < 0) return { text: 'Expired', color: 'red' };
  if (days === 0) return { text: 'Expires today', color: 'red' };
  return { text: `Expires in ${days} day${days === 1 ? '' : 's'}`, color: days < 14 ? 'orange' : 'green' };
}

export function CredentialHealthBlock({ health }: { health: CheckedCredentialHealth | null }) {
  if (!health) {
    return (
      <Paper withBorder p="sm" data-testid="credential-health">
        <Text fw={600} fz="sm">
          Credential health
        </Text>
        <Text fz="xs" c="dimmed">
          Not read yet: Vouch reads it when a connection test succeeds.
        </Text>
      </Paper>
    );
  }
  const expiry = expiryText(health);
  const missing = new Set(health.missing);
  return (
    <Paper withBorder p="sm" data-testid="credential-health">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text fw={600} fz="sm">
            Credential health
          </Text>
          <Badge color={expiry.color} variant="light" data-testid="credential-expiry">
            {expiry.text}
          </Badge>
        </Group>
        <Text fz="xs" c="dimmed">
          {health.credential} · read <RelativeTime iso={health.checkedAt} />
        </Text>
        <Group gap={6} wrap="wrap" data-testid="credential-permissions">
          <Text fz="xs" fw={600}>
            Required:
          </Text>
          {health.required.map((permission) => (
            <Badge
              key={permission}
              size="sm"
              variant="outline"
              color={missing.has(permission) ? 'red' : health.granted === null ? 'gray' : 'green'}
              style={{ textTransform: 'none' }}
            >
              {missing.has(permission) ? 'missing: ' : health.granted === null ? '' : 'granted: '}
              {permission}
            </Badge>
          ))}
        </Group>
        <Text fz="xs" c="dimmed">
          Granted:{' '}
          {health.granted === null ? 'not reported by the provider' : health.granted.join(', ') || 'none'}
        </Text>
        {health.notes.map((note) => (
          <Text key={note} fz="xs" c="dimmed">
            {note}
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}
