import { z } from 'zod';

/** Progress a lane reports while a source syncs; parsed where it crosses a process boundary. */
export const syncProgressSchema = z.object({
  source: z.string(),
  dataset: z.string(),
  rows: z.number().int(),
});
export type SyncProgress = z.infer<typeof syncProgressSchema>;

export const syncOutcomeSchema = z.object({
  source: z.string(),
  runId: z.number().int(),
  status: z.enum(['complete', 'partial', 'failed']),
  reason: z.string().nullable(),
  errorClass: z.string().nullable(),
  datasets: z.array(
    z.object({
      dataset: z.string(),
      rows: z.number().int(),
      pages: z.number().int(),
      reportedCount: z.number().int().nullable(),
      complete: z.boolean(),
      reason: z.string().nullable(),
      artifactId: z.string().nullable(),
    }),
  ),
  expiredRows: z.number().int(),
  /** Set when this request found the source already syncing and waited for that sync instead of starting one. */
  joined: z.boolean().optional(),
});
export type SyncOutcome = z.infer<typeof syncOutcomeSchema>;
