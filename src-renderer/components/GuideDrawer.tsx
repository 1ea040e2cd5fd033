// The integration guide of a connector, rendered from its markdown, in a drawer beside the current page.
import { Alert, Drawer, Skeleton, Stack } from '@mantine/core';
import { useAppStore } from '../state/app-store.ts';
import { useGuide } from '../state/guides.ts';
import { Markdown } from './Markdown.tsx';

export function GuideBody({ kind }: { kind: string }) {
  const { markdown, error } = useGuide(kind);
  if (error) {
    return (
      <Alert color="red" variant="light" title="The guide could not be loaded">
        {error.message}
      </Alert>
    );
  }
  if (markdown === null) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading the guide">
        <Skeleton h={28} w="60%" />
        <Skeleton h={14} />
        <Skeleton h={14} />
        <Skeleton h={14} w="80%" />
      </Stack>
    );
  }
  return <Markdown markdown={markdown} />;
}

export function GuideDrawer({
  kind,
  opened,
  onClose,
  zIndex,
}: {
  kind: string;
  opened: boolean;
  onClose: () => void;
  zIndex?: number;
}) {
  const connector = useAppStore((s) => s.connectors.find((c) => c.kind === kind));
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      zIndex={zIndex}
      position="right"
      size={640}
      title={`${connector?.displayName ?? kind} integration guide`}
      closeButtonProps={{ 'aria-label': 'Close the guide' }}
      styles={{ title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      <GuideBody kind={kind} />
    </Drawer>
  );
}
