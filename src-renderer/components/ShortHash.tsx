// A hash or fingerprint shown short in monospace, with a button that copies the full value.
import { ActionIcon, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from './Icons.tsx';

export function ShortHash({
  value,
  label = 'SHA-256',
  length = 12,
  full = false,
}: {
  value: string;
  label?: string;
  length?: number;
  full?: boolean;
}) {
  const shown = full || value.length <= length ? value : `${value.slice(0, length)}…`;
  return (
    <Group gap={4} wrap="nowrap" className="vouch-hash">
      <Text
        component="span"
        ff="var(--vouch-mono)"
        fz="sm"
        title={full ? undefined : value}
        style={{ wordBreak: 'break-all' }}
      >
        {shown}
      </Text>
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy ${label}`}>
            <ActionIcon
              variant="subtle"
              color={copied ? 'green' : 'gray'}
              size="sm"
              onClick={(event) => {
                event.stopPropagation();
                copy();
              }}
              aria-label={`Copy ${label}`}
            >
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
