// Marks an account that belongs to no person as a service, shared or external account, with the reason
// an auditor will read. The reason is required (1..500 characters).
import { Button, Group, Modal, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { AccountMarkView } from '../../src-shared/api.ts';
import { accountMarkLabel } from '../format/labels.ts';
import { notify } from '../state/notices.ts';
import { usePeopleStore } from '../state/people-store.ts';
import { toApiCallError, type ApiCallError } from '../transport/api-call-error.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

const markHelp: Record<AccountMarkView, string> = {
  service: 'A bot, integration or automation: no person signs in with it.',
  shared: 'Several people use it (a team mailbox, a break-glass admin).',
  external: 'A contractor, partner or customer who is not in the identity provider.',
};

const maxReason = 500;

export function MarkAccountModal({
  account,
  onClose,
}: {
  account: { accountId: number; label: string; sourceName: string };
  onClose: () => void;
}) {
  const markAccount = usePeopleStore((s) => s.mark);
  const [mark, setMark] = useState<AccountMarkView>('service');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ApiCallError | null>(null);

  const submit = async () => {
    const trimmed = reason.trim();
    if (!trimmed) {
      setReasonError('Say why, for the auditor: for example "CI deploy bot owned by the platform team".');
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      await markAccount(account.accountId, mark, trimmed);
      notify({
        tone: 'success',
        title: `${account.label} marked as ${accountMarkLabel[mark]?.toLowerCase()}`,
        message: 'It stays out of the needs-anchor queue across syncs.',
      });
      onClose();
    } catch (error) {
      setFailure(toApiCallError(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={
        <Text fw={650} fz="lg">
          Mark {account.label}
        </Text>
      }
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          <Text fz="sm" c="dimmed">
            This {account.sourceName} account belongs to no person in the identity provider. Say what it is
            instead; the decision and its reason are kept with the evidence.
          </Text>
          <Radio.Group label="Mark as" value={mark} onChange={(value) => setMark(value as AccountMarkView)}>
            <Stack gap="sm" mt={6}>
              {(Object.keys(markHelp) as AccountMarkView[]).map((value) => (
                <Radio
                  key={value}
                  value={value}
                  label={accountMarkLabel[value]}
                  description={markHelp[value]}
                />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            maxLength={maxReason}
            value={reason}
            error={reasonError}
            description={`${reason.length} / ${maxReason}`}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setReasonError(null);
            }}
            data-autofocus
          />
          {failure && <ErrorAlert error={failure} title="The account was not marked" />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              Mark as {mark}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
