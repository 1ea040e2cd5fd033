// What Vouch knows about a source's credential: when it expires, and which permissions it has against those
// the connector needs, as the provider reports them. Crosses to the renderer, so parsed with zod there.
import { z } from 'zod';

export const credentialHealthSchema = z.object({
  /** What the credential is, e.g. "an Okta API token of admin@acme.com" or "a classic personal access token". */
  credential: z.string(),
  /** ISO time the credential expires; null when it does not, or the provider does not say (see notes). */
  expiresAt: z.string().nullable(),
  /** Permissions (scopes, roles, app permissions) the provider reports the credential has; null when it does not. */
  granted: z.array(z.string()).nullable(),
  /** Permissions the connector needs. */
  required: z.array(z.string()),
  /** Required permissions that are not granted (empty when all are, or when `granted` is unknown). */
  missing: z.array(z.string()),
  /** Whatever else is known, or why something is not (e.g. why the expiry cannot be read). */
  notes: z.array(z.string()),
});
export type CredentialHealth = z.infer<typeof credentialHealthSchema>;

/** As stored and shown: with the time it was read. */
export const checkedCredentialHealthSchema = credentialHealthSchema.extend({ checkedAt: z.string() });
export type CheckedCredentialHealth = z.infer<typeof checkedCredentialHealthSchema>;

/** Whole days from `now` until `expiresAt` (negative once expired), or null without an expiry. */
export function daysUntil(expiresAt: string | null, now = Date.now()): number | null {
  if (expiresAt === null) return null;
  const at = Date.parse(expiresAt);
  return Number.isNaN(at) ? null : Math.floor((at - now) / 86_400_000);
}
