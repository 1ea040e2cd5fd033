// Messages between a parent (CLI, Electron main) and a lane process. Both sides parse what they receive:
// the other end is another program and may be a different version or simply broken.
import { z } from 'zod';

export const jobOutcomeSchema = z.enum(['succeeded', 'failed', 'retrying', 'released', 'lease_lost']);
export type JobOutcome = z.infer<typeof jobOutcomeSchema>;

const jobId = z.number().int().positive();

export const laneToParentMessageSchema = z.discriminatedUnion('type', [
  // Loaded, store open, its sources' connectors loaded, about to claim its first job (the startup benchmark
  // times a lane to this).
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('job_started'), jobId, kind: z.string(), attempts: z.number().int() }),
  z.object({ type: z.literal('progress'), jobId, progress: z.unknown() }),
  z.object({ type: z.literal('job_done'), jobId, status: jobOutcomeSchema }),
  z.object({ type: z.literal('idle') }),
]);
export type LaneToParentMessage = z.infer<typeof laneToParentMessageSchema>;

export const parentToLaneMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stop') }),
]);
export type ParentToLaneMessage = z.infer<typeof parentToLaneMessageSchema>;

/** The message, or null when it is not one a lane sends (the caller logs and drops it). */
export function parseLaneMessage(message: unknown): LaneToParentMessage | null {
  const parsed = laneToParentMessageSchema.safeParse(message);
  return parsed.success ? parsed.data : null;
}

/** The message, or null when it is not one a parent sends. */
export function parseParentMessage(message: unknown): ParentToLaneMessage | null {
  const parsed = parentToLaneMessageSchema.safeParse(message);
  return parsed.success ? parsed.data : null;
}
