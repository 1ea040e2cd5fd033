// Update Credentials: one input per credential field of the connector (describe().credentialFields). Secret
// values are write-only: the dialog shows when they were set and their fingerprint, never the values.
// Saving seals the new values and runs a connection test whose result is shown here.
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ConnectionStatus } from '../../src-shared/connection-status.ts';
import { formatDay, parseDate } from '../format/dates.ts';
import { useAppStore } from '../state/app-store.ts';
import { useSourcesStore } from '../state/sources-store.ts';
import { toApiCallError, type ApiCallError } from '../transport/api-call-error.ts';
import { ConnectionResult } from './ConnectionResult.tsx';
import { CredentialHealthBlock } from './CredentialHealthBlock.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import {
  GeneratedFields,
  filledValues,
  validateFields,
  type FieldErrors,
  type FieldValues,
} from './GeneratedFields.tsx';
import { RelativeTime } from './DateTime.tsx';
import { IconLock } from './Icons.tsx';
import { ShortHash } from './ShortHash.tsx';

export function UpdateCredentialsModal({
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
  const source = useSourcesStore((s) => s.sources.find((x) => x.name === name));
  const updateCredentials = useSourcesStore((s) => s.updateCredentials);
  const connector = useAppStore((s) => s.connectors.find((c) => c.kind === source?.kind));
  const [values, setValues] = useState<FieldValues>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<ConnectionStatus | null>(null);
  const [failure, setFailure] = useState<ApiCallError | null>(null);

  useEffect(() => {
    if (!opened) return;
    setValues({});
    setErrors({});
    setResult(null);
    setFailure(null);
  }, [opened, name]);

  const fields = connector?.credentialFields ?? [];
  const rotated = parseDate(source?.credentialsRotatedAt);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const found = validateFields(fields, values);
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    setSaving(true);
    setFailure(null);
    setResult(null);
    try {
      const { status } = await updateCredentials(name, filledValues(fields, values));
      setResult(status);
      // The values are sealed now; nothing secret stays in this window's state.
      setValues({});
    } catch (error) {
      setFailure(toApiCallError(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      zIndex={zIndex}
      size="lg"
      title={
        <Stack gap={0}>
          <Text fw={650} fz="lg">
            Update credentials
          </Text>
          <Text fz="sm" c="dimmed">
            {name} · {connector?.displayName ?? source?.kind}
          </Text>
        </Stack>
      }
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {!source || !connector ? (
        <Text c="dimmed">This source no longer exists.</Text>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate aria-label={`Update credentials of ${name}`}>
          <Stack gap="md">
            <Alert variant="light" color="gray" icon={<IconLock />} p="sm">
              <Text fz="sm">
                Stored credentials are sealed on this machine and are never shown again. Enter new values to
                replace them; Vouch tests the connection right after saving.
              </Text>
            </Alert>
            <GeneratedFields
              fields={fields}
              values={values}
              errors={errors}
              idPrefix="update-credentials"
              secretPlaceholder="Enter a new value"
              onChange={(field, value) => {
                setValues((v) => ({ ...v, [field]: value }));
                setErrors((e) => ({ ...e, [field]: undefined }));
              }}
              describeSecret={() => (
                <Group gap={6} fz="xs" c="dimmed" data-testid="secret-state">
                  <Text span fz="xs" c="dimmed">
                    Set, rotated on {rotated ? formatDay(rotated) : 'an unknown date'} (
                    <RelativeTime iso={source.credentialsRotatedAt} />) · fingerprint
                  </Text>
                  <ShortHash value={source.credentialFingerprint} label="fingerprint" length={16} />
                </Group>
              )}
            />
            <CredentialHealthBlock health={source.credentialHealth} />
            {failure && <ErrorAlert error={failure} title="The credentials were not saved" />}
            {result && (
              <ConnectionResult
                status={result}
                title={result.status === 'connected' ? 'Credentials saved · connected' : undefined}
              />
            )}
            <Group justify="flex-end" gap="sm" mt="xs">
              {result?.status === 'connected' ? (
                <Button onClick={onClose}>Done</Button>
              ) : (
                <>
                  <Button variant="default" onClick={onClose}>
                    {result ? 'Close' : 'Cancel'}
                  </Button>
                  <Button type="submit" loading={saving}>
                    {saving ? 'Testing…' : result ? 'Save and test again' : 'Save and test'}
                  </Button>
                </>
              )}
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
