// Choices of the desktop shell that must outlive a run but are not engine settings, in the data directory
// (desktop-preferences.json, mode 0600). Today: whether the user accepted Linux's weaker basic_text key
// protection, and when.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const preferencesFileName = 'desktop-preferences.json';

const preferencesSchema = z.object({
  /** ISO time the user chose "Use Weaker Protection", or null. */
  weakKeyProtectionAcceptedAt: z.string().nullable().default(null),
});
export type DesktopPreferences = z.infer<typeof preferencesSchema>;

const defaults: DesktopPreferences = { weakKeyProtectionAcceptedAt: null };

/** The saved preferences; defaults when there are none or they cannot be read (logged, never fatal). */
export function readDesktopPreferences(dataDir: string, log: (line: string) => void): DesktopPreferences {
  const file = path.join(dataDir, preferencesFileName);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      log(`preferences: cannot read ${file}: ${String(error)}`);
    return { ...defaults };
  }
  try {
    const parsed = preferencesSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  log(`preferences: ${file} is damaged; using defaults`);
  return { ...defaults };
}

/** Replaces the file atomically, so a crash mid-write leaves the old preferences. */
export function writeDesktopPreferences(dataDir: string, preferences: DesktopPreferences): void {
  const file = path.join(dataDir, preferencesFileName);
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(preferences, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temporary, file);
}
