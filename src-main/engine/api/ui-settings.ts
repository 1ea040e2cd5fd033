// The user's preferences, kept in the installation's `settings` table under one JSON key. A stored value
// that no longer parses (a downgrade, a hand edit) falls back to the defaults field by field.
import { settingsSchema, type Settings } from '../../../src-shared/api.ts';
import type { Engine } from '../engine.ts';

export const UI_SETTINGS_KEY = 'ui.settings';

export const defaultSettings: Settings = { syncIntervalHours: 24, dailyConnectionTest: true, theme: 'auto' };

type SettingsStore = Pick<Engine, 'getSetting' | 'setSetting'>;

export function readUiSettings(store: SettingsStore): Settings {
  const raw = store.getSetting(UI_SETTINGS_KEY);
  if (raw === null) return { ...defaultSettings };
  let stored: unknown;
  try {
    stored = JSON.parse(raw);
  } catch {
    return { ...defaultSettings };
  }
  const settings: Settings = { ...defaultSettings };
  const fields = settingsSchema.shape;
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  for (const key of Object.keys(fields) as (keyof Settings)[]) {
    const parsed = fields[key].safeParse(record[key]);
    if (parsed.success) (settings as Record<keyof Settings, unknown>)[key] = parsed.data;
  }
  return settings;
}

export function updateUiSettings(store: SettingsStore, patch: Partial<Settings>): Settings {
  const next = settingsSchema.parse({ ...readUiSettings(store), ...stripUndefined(patch) });
  store.setSetting(UI_SETTINGS_KEY, JSON.stringify(next));
  return next;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
