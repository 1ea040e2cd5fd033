// The credential health a source's last successful Test Connection read (expiry, granted vs required
// permissions), kept in the settings table under `credential_health:<source id>`: it describes one credential,
// so rotating the credential or removing the source drops it.
import { like, eq } from 'drizzle-orm';
import {
  checkedCredentialHealthSchema,
  type CheckedCredentialHealth,
} from '../../../src-shared/credential-health.ts';
import type { Store } from '../store/db.ts';
import { settings } from '../store/schema.ts';

const prefix = 'credential_health:';

export function saveCredentialHealth(store: Store, sourceId: string, health: CheckedCredentialHealth): void {
  const value = JSON.stringify(checkedCredentialHealthSchema.parse(health));
  store.db
    .insert(settings)
    .values({ key: `${prefix}${sourceId}`, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
}

export function dropCredentialHealth(store: Store, sourceId: string): void {
  store.db
    .delete(settings)
    .where(eq(settings.key, `${prefix}${sourceId}`))
    .run();
}

/** Every source's stored health, by source id (unparseable values are skipped: never shown wrong). */
export function credentialHealthBySource(store: Store): Map<string, CheckedCredentialHealth> {
  const out = new Map<string, CheckedCredentialHealth>();
  const rows = store.db
    .select()
    .from(settings)
    .where(like(settings.key, `${prefix}%`))
    .all();
  for (const row of rows) {
    try {
      const parsed = checkedCredentialHealthSchema.safeParse(JSON.parse(row.value));
      if (parsed.success) out.set(row.key.slice(prefix.length), parsed.data);
    } catch {
      // not JSON: skip
    }
  }
  return out;
}
