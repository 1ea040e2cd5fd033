// The toasts in the bottom-right corner, announced politely to screen readers.
import { Notification, Stack } from '@mantine/core';
import { useNotices } from '../state/notices.ts';
import { IconAlertTriangle, IconCircleCheck, IconInfo } from './Icons.tsx';

const toneColor = { success: 'green', error: 'red', info: 'brand' } as const;
const toneIcon = {
  success: <IconCircleCheck size={18} />,
  error: <IconAlertTriangle size={18} />,
  info: <IconInfo size={18} />,
};

export function Notices() {
  const notices = useNotices((s) => s.notices);
  const dismiss = useNotices((s) => s.dismiss);
  return (
    <Stack
      gap="xs"
      pos="fixed"
      bottom={20}
      right={20}
      w={380}
      style={{ zIndex: 400 }}
      role="status"
      aria-live="polite"
      aria-label="Notifications"
    >
      {notices.map((notice) => (
        <Notification
          key={notice.id}
          color={toneColor[notice.tone]}
          icon={toneIcon[notice.tone]}
          title={notice.title}
          onClose={() => dismiss(notice.id)}
          closeButtonProps={{ 'aria-label': 'Dismiss notification' }}
          withBorder
          style={{ boxShadow: 'var(--mantine-shadow-md)' }}
        >
          {notice.message}
        </Notification>
      ))}
    </Stack>
  );
}
