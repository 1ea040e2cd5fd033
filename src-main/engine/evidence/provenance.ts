// What an artifact records about how it was collected (DESIGN.md, Evidence). Parsed with zod when read back.
import { z } from 'zod';

export const provenanceSchema = z.object({
  source: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  dataset: z.string(),
  endpoints: z.array(z.string()),
  query: z.record(z.string(), z.string()),
  pagesFetched: z.number().int(),
  rowsCollected: z.number().int(),
  providerReportedCount: z.number().int().nullable(),
  complete: z.boolean(),
  partialReason: z.string().nullable(),
  collectionStartedAt: z.string(),
  collectionFinishedAt: z.string(),
  credentialFingerprint: z.string(),
  vouchVersion: z.string(),
  syncRunId: z.number().int(),
  columns: z.array(z.string()),
  /** Columns that identify a row within the dataset (what a diff matches on). */
  keyColumns: z.array(z.string()),
  /** How the SHA-256 is computed: one JSON object per line, columns in order, rows sorted by natural key. */
  canonicalForm: z.literal('jsonl-v1'),
  sha256: z.string(),
  /** How a derived artifact (sample, diff) was made from its parents; absent for collections. */
  derivation: z
    .object({
      type: z.enum(['sample', 'diff', 'findings']),
      parents: z.array(z.object({ id: z.string(), sha256: z.string() })),
      parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    })
    .optional(),
});
export type Provenance = z.infer<typeof provenanceSchema>;
