// A timestamp in local time with a relative hint; the exact UTC instant is in the tooltip.
import { Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatAbsolute, formatCompact, formatRelative, parseDate } from '../format/dates.ts';

/** Re-renders every minute so relative hints stay true while a page is open. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function DateTime({
  iso,
  empty = 'Never',
  stacked = false,
  compact = false,
  size = 'sm',
  after,
}: {
  iso: string | null | undefined;
  empty?: string;
  /** Date on one line, the relative hint under it (tables). */
  stacked?: boolean;
  /** Leave out this year's year. */
  compact?: boolean;
  size?: 'xs' | 'sm' | 'md';
  /** Shown after the relative hint, e.g. the sync's result. */
  after?: React.ReactNode;
}) {
  const now = useMinuteClock();
  const date = parseDate(iso);
  if (!date) {
    return (
      <Text component="span" fz={size} c="dimmed">
        {empty}
      </Text>
    );
  }
  const relative = formatRelative(date, now);
  const absolute = compact ? formatCompact(date, new Date(now)) : formatAbsolute(date);
  return (
    <time
      dateTime={date.toISOString()}
      title={date
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')}
    >
      {stacked ? (
        <>
          <Text component="span" fz={size} display="block" style={{ whiteSpace: 'nowrap' }}>
            {absolute}
          </Text>
          <Text component="span" fz="xs" c="dimmed" display="block" style={{ whiteSpace: 'nowrap' }}>
            {relative}
            {after}
          </Text>
        </>
      ) : (
        <Text component="span" fz={size} style={{ whiteSpace: 'nowrap' }}>
          {absolute}{' '}
          <Text component="span" fz={size} c="dimmed">
            · {relative}
          </Text>
          {after}
        </Text>
      )}
    </time>
  );
}

export function RelativeTime({ iso, empty = 'never' }: { iso: string | null | undefined; empty?: string }) {
  const now = useMinuteClock();
  const date = parseDate(iso);
  if (!date) return <>{empty}</>;
  return (
    <time dateTime={date.toISOString()} title={formatAbsolute(date)}>
      {formatRelative(date, now)}
    </time>
  );
}
