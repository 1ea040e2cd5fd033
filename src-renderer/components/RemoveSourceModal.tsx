// Removing a source needs a confirmation that names what goes away.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { notify } from '../state/notices.ts';
import { useSourcesStore } from '../state/sources-store.ts';
import { toApiCallError, type ApiCallError } from '../transport/api-call-error.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

export function RemoveSourceModal({
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
  const remove = useSourcesStore((s) => s.remove);
  const [removing, setRemoving] = useState(false);
  const [failure, setFailure] = useState<ApiCallError | null>(null);

  const confirm = async () => {
    setRemoving(true);
    setFailure(null);
    try {
      await remove(name);
      notify({ tone: 'success', title: `${name} removed` });
      onClose();
    } catch (error) {
      setFailure(toApiCallError(error));
    } finally {
      setRemoving(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      zIndex={zIndex}
      title={
        <Text fw={650} fz="lg">
          Remove {name}?
        </Text>
      }
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="md">
        <Text fz="sm">
          Vouch forgets this source's stored credentials and stops syncing it. Evidence already collected from
          it stays in the evidence list, with its provenance.
        </Text>
        {failure && <ErrorAlert error={failure} title="The source was not removed" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" loading={removing} onClick={() => void confirm()}>
            Remove source
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
