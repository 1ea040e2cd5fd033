// What a connector collects and can do, as the gallery cards and the add-source page show it.
import { Group, List, Text, ThemeIcon } from '@mantine/core';
import type { ConnectorView } from '../../src-shared/api.ts';
import { IconCheck, IconLock } from './Icons.tsx';

const capabilityWords: Array<[keyof ConnectorView['capabilities'], string, string]> = [
  ['full', 'Full sync', 'Complete snapshots of every population'],
  ['tail', 'Audit log tail', 'Follows the provider’s audit events'],
  ['push', 'Push events', 'Receives the provider’s event hooks'],
  ['discovery', 'Discovery', 'Finds apps connected to the provider'],
];

export function CollectsList({ connector }: { connector: ConnectorView }) {
  return (
    <List
      spacing={4}
      size="sm"
      icon={
        <ThemeIcon color="green" variant="light" size={18} radius="xl">
          <IconCheck size={12} strokeWidth={2.5} />
        </ThemeIcon>
      }
    >
      {connector.collects.map((item) => (
        <List.Item key={item}>{item.charAt(0).toUpperCase() + item.slice(1)}</List.Item>
      ))}
    </List>
  );
}

export function Capabilities({ connector }: { connector: ConnectorView }) {
  const supported = capabilityWords.filter(([key]) => connector.capabilities[key]);
  return (
    <Group gap={6}>
      {supported.map(([key, label, hint]) => (
        <Text key={key} fz="xs" fw={600} className="vouch-chip" title={hint}>
          {label}
        </Text>
      ))}
    </Group>
  );
}

export function ConnectorMark({ connector, size = 40 }: { connector: ConnectorView; size?: number }) {
  return (
    <ThemeIcon size={size} radius="md" variant="light" color="brand" aria-hidden="true">
      <Text fw={750} fz={size * 0.45} c="inherit">
        {connector.displayName.charAt(0)}
      </Text>
    </ThemeIcon>
  );
}

/** The permissions a connector's credential needs, one per line. */
export function RequiredScopes({ connector, size = 'sm' }: { connector: ConnectorView; size?: 'xs' | 'sm' }) {
  if (connector.requiredScopes.length === 0) return null;
  return (
    <List
      spacing={2}
      size={size}
      c={size === 'xs' ? 'dimmed' : undefined}
      icon={<IconLock size={13} style={{ marginTop: 3 }} />}
      styles={{ itemWrapper: { alignItems: 'flex-start' } }}
    >
      {connector.requiredScopes.map((scope) => (
        <List.Item key={scope}>{scope}</List.Item>
      ))}
    </List>
  );
}
