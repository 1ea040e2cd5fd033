// Messages between main and the engine utility process, and between main and lane utility processes. Each
// side parses what it receives: they are separate programs, and a malformed message is logged and dropped.
//
//   main → engine: init (data dir, key material, key protection info), call, delivery answer, lane news
//   engine → main: ready / fatal, call result, event, lane requests (fork, send, kill), delivery request
//   main → lane:   lane.init (kind, key material, arguments), then the lane protocol's parent messages (stop)
//   lane → main:   the lane protocol's messages, relayed to the engine as lane.message
import { z } from 'zod';
import { apiErrorSchema } from '../../src-shared/api.ts';

/** The data key protection main hands to the engine and each lane, once, over their parent port. */
export const keyMaterialSchema = z.object({
  /** `safeStorage:<backend>`, recorded by the vault next to the wrapped data key. */
  backend: z.string().min(1),
  /**
   * The 32-byte master key as base64 (a string survives every structured-clone path unchanged), or null when
   * main refused key protection (then `refusal` says why).
   */
  masterKey: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/)
    .nullable(),
  refusal: apiErrorSchema.nullable(),
});
export type KeyMaterial = z.infer<typeof keyMaterialSchema>;

export const keyProtectionInfoSchema = z.object({
  backend: z.string(),
  weak: z.boolean(),
  description: z.string(),
});

export const callResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: apiErrorSchema }),
]);

/** The lane kinds main may start: the engine's registry (one bundled entry runs every kind). */
import { laneKindSchema } from '../engine/lanes/lane-kinds.ts';
export { laneKindSchema, type LaneKind } from '../engine/lanes/lane-kinds.ts';

const id = z.number().int().nonnegative();

export const mainToEngineSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    dataDir: z.string().min(1),
    key: keyMaterialSchema,
    keyProtection: keyProtectionInfoSchema,
  }),
  z.object({ type: z.literal('call'), id, method: z.string(), input: z.unknown() }),
  z.object({
    type: z.literal('delivery.result'),
    id,
    result: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), savedTo: z.string().nullable() }),
      z.object({ ok: z.literal(false), error: apiErrorSchema }),
    ]),
  }),
  z.object({ type: z.literal('lane.spawned'), laneId: id, pid: z.number().int().nullable() }),
  z.object({ type: z.literal('lane.message'), laneId: id, message: z.unknown() }),
  z.object({ type: z.literal('lane.exit'), laneId: id, code: z.number().int().nullable() }),
  z.object({ type: z.literal('shutdown') }),
]);
export type MainToEngine = z.infer<typeof mainToEngineSchema>;

export const engineToMainSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('fatal'), error: apiErrorSchema }),
  z.object({ type: z.literal('result'), id, result: callResultSchema }),
  z.object({ type: z.literal('event'), event: z.unknown() }),
  z.object({
    type: z.literal('lane.fork'),
    laneId: id,
    lane: laneKindSchema,
    args: z.array(z.string()).max(8),
  }),
  z.object({ type: z.literal('lane.send'), laneId: id, message: z.unknown() }),
  z.object({ type: z.literal('lane.kill'), laneId: id }),
  z.object({
    type: z.literal('delivery.request'),
    id,
    tempFilePath: z.string().min(1),
    fileName: z.string().min(1).max(255),
  }),
  z.object({ type: z.literal('shutdown.done') }),
]);
export type EngineToMain = z.infer<typeof engineToMainSchema>;

/** The lane's first message: its kind, its key material and its arguments (data directory, mode). */
export const mainToLaneInitSchema = z.object({
  type: z.literal('lane.init'),
  lane: laneKindSchema,
  key: keyMaterialSchema,
  args: z.array(z.string()).min(1).max(8),
});
export type MainToLaneInit = z.infer<typeof mainToLaneInitSchema>;
