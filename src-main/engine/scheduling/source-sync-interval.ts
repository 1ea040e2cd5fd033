// A source's own sync interval (`vouch source set NAME --sync-interval 6h|off|default`, the source's page in
// the UI): how often the scheduler syncs that source. Unset, the source follows the installation's
// `syncIntervalHours` (Settings, default 24 h). Kept in the `settings` table, one key per source id, so no
// migration is needed and renaming a source keeps it; writes from two processes never overwrite each other's
// sources.
import { z } from 'zod';
import type { Engine } from '../engine.ts';
import { VouchError } from '../errors.ts';

const unitSeconds = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
/** Below an hour a sync of a large organisation could still be running, and providers' rate limits suffer. */
export const minSyncIntervalSeconds = 3_600;
export const maxSyncIntervalSeconds = 30 * 86_400;
/** Tests only: a lower minimum (seconds), so the scheduler can be watched syncing within a test. */
export const testMinSyncIntervalEnv = 'VOUCH_TEST_MIN_SYNC_INTERVAL_S';

/** What the user asked for: a number of seconds, 0 for off, or null to follow the installation's setting. */
export type SyncIntervalSetting = number | null;

export interface SyncIntervalView {
  /** `6h`, `90m`, `off`: as `vouch source set --sync-interval` takes it. */
  every: string;
  /** null when off. */
  seconds: number | null;
  /** `source`: the source's own setting; `default`: the installation's (Settings → sync interval). */
  setBy: 'source' | 'default';
}

export class InvalidSyncIntervalError extends VouchError {
  constructor(text: string, minSeconds: number) {
    super(
      'invalid_sync_interval',
      `"${text}" is not a sync interval Vouch accepts.`,
      `Use a duration from ${formatSeconds(minSeconds)} to ${formatSeconds(maxSyncIntervalSeconds)} such as 6h, ` +
        `90m or 2d; "off" for no scheduled syncs of this source; "default" to follow the installation's setting.`,
    );
  }
}

function minimumSeconds(env: NodeJS.ProcessEnv): number {
  const test = Number(env[testMinSyncIntervalEnv]);
  return Number.isInteger(test) && test > 0 ? Math.min(test, minSyncIntervalSeconds) : minSyncIntervalSeconds;
}

/** `6h` → 21600, `off` → 0, `default` → null; anything else throws InvalidSyncIntervalError. */
export function parseSyncInterval(text: string, env: NodeJS.ProcessEnv = process.env): SyncIntervalSetting {
  const value = text.trim().toLowerCase();
  if (value === 'off') return 0;
  if (value === 'default') return null;
  const min = minimumSeconds(env);
  const match = /^(\d{1,7})([smhd])$/.exec(value);
  const seconds = match ? Number(match[1]) * unitSeconds[match[2] as keyof typeof unitSeconds] : NaN;
  if (!(seconds >= min && seconds <= maxSyncIntervalSeconds)) throw new InvalidSyncIntervalError(text, min);
  return seconds;
}

/** The largest whole unit: 21600 → `6h`, 5400 → `90m`. */
export function formatSeconds(seconds: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    if (seconds % unitSeconds[unit] === 0) return `${seconds / unitSeconds[unit]}${unit}`;
  }
  return `${seconds}s`;
}

const storedSchema = z.number().int().min(0);
const keyOf = (sourceId: string) => `source.sync_interval:${sourceId}`;

type SettingsStore = Pick<Engine, 'getSetting' | 'setSetting' | 'deleteSetting'>;

export class SourceSyncIntervals {
  constructor(private readonly store: SettingsStore) {}

  /** The source's own setting, or null when it follows the installation's (also for a damaged value). */
  get(sourceId: string): SyncIntervalSetting {
    const raw = this.store.getSetting(keyOf(sourceId));
    if (raw === null) return null;
    const parsed = storedSchema.safeParse(Number(raw));
    return parsed.success ? parsed.data : null;
  }

  set(sourceId: string, setting: SyncIntervalSetting): void {
    if (setting === null) this.store.deleteSetting(keyOf(sourceId));
    else this.store.setSetting(keyOf(sourceId), String(storedSchema.parse(setting)));
  }

  /** What the scheduler uses, in seconds (0: off), given the installation's interval in hours. */
  effectiveSeconds(sourceId: string, defaultHours: number): number {
    return this.get(sourceId) ?? Math.max(0, defaultHours) * 3_600;
  }

  view(sourceId: string, defaultHours: number): SyncIntervalView {
    const own = this.get(sourceId);
    const seconds = own ?? Math.max(0, defaultHours) * 3_600;
    return {
      every: seconds === 0 ? 'off' : formatSeconds(seconds),
      seconds: seconds === 0 ? null : seconds,
      setBy: own === null ? 'default' : 'source',
    };
  }
}
