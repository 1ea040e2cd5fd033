// Main's side of the lanes: forks each lane the engine asks for as a utility process (only main can), gives
// it the key material as its first message, and relays messages both ways. Main checks what the engine
// asks for: only known lanes, only for the data directory main gave the engine, only lane-protocol messages.
import { parseParentMessage } from '../engine/jobs/lane-protocol.ts';
import { laneModeSchema } from '../engine/lanes/lane-kinds.ts';
import type { KeyMaterial, LaneKind, MainToEngine, MainToLaneInit } from './engine-protocol.ts';
import type { ForkUtility, UtilityChild } from './utility-child.ts';

/** Only the data directory main gave the engine, and optionally a lane mode: nothing the engine invents. */
function acceptableLaneArgs(args: string[], dataDir: string): boolean {
  if (args[0] !== dataDir) return false;
  if (args.length === 1) return true;
  return args.length === 2 && laneModeSchema.safeParse(args[1]).success;
}

export interface LaneBrokerOptions {
  fork: ForkUtility;
  /** The bundled lane entry module; it runs every kind (the kind goes in lane.init). */
  laneModule: string;
  dataDir: string;
  key: KeyMaterial;
  env: NodeJS.ProcessEnv;
  toEngine(message: MainToEngine): void;
  log(line: string): void;
}

interface Lane {
  child: UtilityChild;
  spawned: boolean;
  /** Messages from the engine that arrived before the lane spawned; sent after lane.init. */
  queued: unknown[];
}

export class LaneBroker {
  readonly #options: LaneBrokerOptions;
  readonly #lanes = new Map<number, Lane>();

  constructor(options: LaneBrokerOptions) {
    this.#options = options;
  }

  fork(laneId: number, kind: LaneKind, args: string[]): void {
    const { log, toEngine } = this.#options;
    if (this.#lanes.has(laneId) || !acceptableLaneArgs(args, this.#options.dataDir)) {
      log(`lanes: refused to start lane ${laneId} (${kind}): unexpected id or arguments`);
      toEngine({ type: 'lane.exit', laneId, code: null });
      return;
    }
    const child = this.#options.fork(this.#options.laneModule, [], {
      serviceName: `Vouch ${kind} lane`,
      env: this.#options.env,
      stdio: 'inherit',
    });
    const lane: Lane = { child, spawned: false, queued: [] };
    this.#lanes.set(laneId, lane);
    child.on('spawn', () => {
      lane.spawned = true;
      const init: MainToLaneInit = { type: 'lane.init', lane: kind, key: this.#options.key, args };
      child.postMessage(init);
      for (const message of lane.queued.splice(0)) child.postMessage(message);
      toEngine({ type: 'lane.spawned', laneId, pid: child.pid ?? null });
    });
    child.on('message', (message) => toEngine({ type: 'lane.message', laneId, message }));
    child.on('exit', (code) => {
      this.#lanes.delete(laneId);
      toEngine({ type: 'lane.exit', laneId, code });
    });
  }

  send(laneId: number, message: unknown): void {
    const lane = this.#lanes.get(laneId);
    if (lane === undefined) return;
    if (parseParentMessage(message) === null) {
      this.#options.log(`lanes: dropped a message for lane ${laneId} that is not part of the lane protocol`);
      return;
    }
    if (lane.spawned) lane.child.postMessage(message);
    else lane.queued.push(message);
  }

  kill(laneId: number): void {
    this.#lanes.get(laneId)?.child.kill();
  }

  killAll(): void {
    for (const lane of this.#lanes.values()) lane.child.kill();
  }

  get running(): number {
    return this.#lanes.size;
  }
}
