import { z } from 'zod';

export const syncJobPayloadSchema = z.object({ source: z.string() });
export type SyncJobPayload = z.infer<typeof syncJobPayloadSchema>;

/** Sync jobs of one source share this lock key: never two at once, across processes (JobQueue.claim). */
export function syncLockKey(source: string): string {
  return `sync:${source}`;
}

/** Long enough to ride out a GC pause or a slow batch; a crashed lane's job is retried after this. */
export const defaultLeaseMs = 30_000;

export function leaseMsFromEnv(env: NodeJS.ProcessEnv): number {
  const value = Number(env.VOUCH_LEASE_MS);
  return Number.isInteger(value) && value > 0 ? value : defaultLeaseMs;
}
