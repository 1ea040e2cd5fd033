// The title row every page starts with: title, one line of context, and the page's main actions.
import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function PageHeader({
  title,
  description,
  actions,
  above,
  badge,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  above?: ReactNode;
  /** Shown beside the title (outside the heading). */
  badge?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end" mb="lg" wrap="nowrap" gap="xl">
      <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
        {above}
        <Group gap="sm" wrap="nowrap">
          <Title order={1} fz={26}>
            {title}
          </Title>
          {badge}
        </Group>
        {description && (
          <Text c="dimmed" fz="sm" maw={680}>
            {description}
          </Text>
        )}
      </Stack>
      {actions && (
        <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
          {actions}
        </Group>
      )}
    </Group>
  );
}
