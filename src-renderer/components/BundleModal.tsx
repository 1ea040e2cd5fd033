// Bundle export of a selection of artifacts: pick the formats, get one signed zip an auditor can verify.
import { Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { callApi } from '../state/api-client.ts';
import { deliverFile } from '../state/downloads.ts';
import { toApiCallError, type ApiCallError } from '../transport/api-call-error.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

type Format = 'csv' | 'xlsx' | 'pdf' | 'json';
const formats: Array<{ value: Format; label: string; hint: string }> = [
  { value: 'csv', label: 'CSV', hint: 'for spreadsheets and scripts' },
  { value: 'xlsx', label: 'Excel (XLSX)', hint: 'with a provenance sheet' },
  { value: 'pdf', label: 'PDF', hint: 'with a provenance cover page' },
  { value: 'json', label: 'JSON', hint: 'rows and provenance, machine-readable' },
];

export function BundleModal({
  ids,
  opened,
  onClose,
}: {
  ids: string[];
  opened: boolean;
  onClose: () => void;
}) {
  const [chosen, setChosen] = useState<string[]>(['csv', 'pdf']);
  const [creating, setCreating] = useState(false);
  const [failure, setFailure] = useState<ApiCallError | null>(null);

  const create = async () => {
    setCreating(true);
    setFailure(null);
    try {
      const file = await callApi('bundles.create', { ids, formats: chosen as Format[] });
      deliverFile(file);
      onClose();
    } catch (error) {
      setFailure(toApiCallError(error));
    } finally {
      setCreating(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={
        <Text fw={650} fz="lg">
          Export an evidence bundle
        </Text>
      }
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="md">
        <Text fz="sm">
          One zip with {ids.length === 1 ? 'the selected artifact' : `the ${ids.length} selected artifacts`},
          a manifest with each file's SHA-256 and an Ed25519 signature, so an auditor can check offline with{' '}
          <Text span ff="var(--vouch-mono)" fz="sm">
            vouch verify
          </Text>{' '}
          that nothing changed.
        </Text>
        <Checkbox.Group
          label="Formats in the bundle"
          value={chosen}
          onChange={setChosen}
          required
          withAsterisk
        >
          <Stack gap={8} mt={8}>
            {formats.map((f) => (
              <Checkbox key={f.value} value={f.value} label={f.label} description={f.hint} />
            ))}
          </Stack>
        </Checkbox.Group>
        {failure && <ErrorAlert error={failure} title="The bundle was not created" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void create()} loading={creating} disabled={chosen.length === 0}>
            Create bundle
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
