// Sources Gallery: one card per connector, with what it collects and what it can do.
import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Capabilities, CollectsList, ConnectorMark, RequiredScopes } from '../components/ConnectorFacts.tsx';
import { IconBook } from '../components/Icons.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useAppStore } from '../state/app-store.ts';
import { openDialog } from '../state/dialogs.ts';
import { hrefFor } from '../state/router.ts';

export function GalleryPage() {
  const connectors = useAppStore((s) => s.connectors);
  return (
    <>
      <PageHeader
        title="Add a source"
        description="Pick the system to collect evidence from. Vouch only reads: each connector works with a read-only credential, and nothing is changed on the provider's side."
      />
      <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="lg">
        {connectors.map((connector) => (
          <Card
            key={connector.kind}
            withBorder
            padding="lg"
            className="vouch-connector-card"
            data-connector={connector.kind}
          >
            <Stack gap="md" h="100%">
              <Group gap="md" wrap="nowrap">
                <ConnectorMark connector={connector} />
                <Stack gap={2}>
                  <Title order={2} fz="lg">
                    {connector.displayName}
                  </Title>
                  <Capabilities connector={connector} />
                </Stack>
              </Group>
              <div>
                <Text fz="xs" fw={700} tt="uppercase" c="dimmed" mb={6}>
                  Collects
                </Text>
                <CollectsList connector={connector} />
              </div>
              {connector.requiredScopes.length > 0 && (
                <div>
                  <Text fz="xs" fw={700} tt="uppercase" c="dimmed" mb={6}>
                    Needs
                  </Text>
                  <RequiredScopes connector={connector} size="xs" />
                </div>
              )}
              <Group gap="sm" mt="auto">
                <Button component="a" href={hrefFor({ page: 'add-source', kind: connector.kind })}>
                  Connect {connector.displayName}
                </Button>
                <Button
                  variant="subtle"
                  leftSection={<IconBook size={16} />}
                  onClick={() => openDialog({ type: 'guide', kind: connector.kind })}
                  aria-label={`${connector.displayName} setup guide`}
                >
                  Setup guide
                </Button>
              </Group>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
    </>
  );
}
