// ProcessHost of the desktop engine process. Lanes must be Electron utility processes, and only main can
// start those (utilityProcess.fork exists only in main), so this host asks main to fork each lane and main
// brokers its messages: engine ⇄ main ⇄ lane. The lane's LaneProcess here is a proxy for that.
//
// Why not child_process.fork inside the engine process? It would need Electron to run as plain Node
// (ELECTRON_RUN_AS_NODE), which the packaged app forbids with the runAsNode fuse, because that switch turns
// any Electron binary into a general-purpose Node that ignores the app's integrity checks.
import { VouchError } from '../engine/errors.ts';
import type { LaneProcess, ProcessHost } from '../engine/jobs/process-host.ts';
import { laneKindSchema, type LaneKind } from '../engine/lanes/lane-kinds.ts';
import type { EngineLink } from './engine-link.ts';
import type { MainToEngine } from './engine-protocol.ts';

export class UnknownLaneError extends VouchError {
  constructor(kind: string) {
    super(
      'unknown_lane',
      `The desktop app has no lane of kind "${kind}".`,
      'Reinstall Vouch: the engine and the desktop shell are from different versions.',
    );
  }
}

type LaneNews = Extract<MainToEngine, { type: 'lane.spawned' | 'lane.message' | 'lane.exit' }>;

export class UtilityProcessHost implements ProcessHost {
  readonly #link: Pick<EngineLink, 'send'>;
  readonly #lanes = new Map<number, BrokeredLaneProcess>();
  #nextLaneId = 1;

  constructor(link: Pick<EngineLink, 'send'>) {
    this.#link = link;
  }

  /** `opts.env` is not forwarded: main starts lanes with the environment it gave the engine. */
  fork(kind: LaneKind, args: string[], _opts: { env?: NodeJS.ProcessEnv } = {}): LaneProcess {
    // Typed, but the kind may come from a caller that parsed nothing: main refuses unknown kinds too.
    const parsed = laneKindSchema.safeParse(kind);
    if (!parsed.success) throw new UnknownLaneError(String(kind));
    const lane = parsed.data;
    const laneId = this.#nextLaneId++;
    const proxy = new BrokeredLaneProcess(laneId, this.#link, () => this.#lanes.delete(laneId));
    this.#lanes.set(laneId, proxy);
    this.#link.send({ type: 'lane.fork', laneId, lane, args });
    return proxy;
  }

  /** Routes main's news about a lane to its proxy. */
  handle(news: LaneNews): void {
    const lane = this.#lanes.get(news.laneId);
    if (lane === undefined) return;
    if (news.type === 'lane.spawned') lane.spawned(news.pid);
    else if (news.type === 'lane.message') lane.received(news.message);
    else lane.exited(news.code);
  }

  get running(): number {
    return this.#lanes.size;
  }
}

class BrokeredLaneProcess implements LaneProcess {
  #pid: number | undefined = undefined;
  #exited = false;
  readonly #messageCallbacks: ((message: unknown) => void)[] = [];
  readonly #exitCallbacks: ((code: number | null, signal: string | null) => void)[] = [];

  constructor(
    private readonly laneId: number,
    private readonly link: Pick<EngineLink, 'send'>,
    private readonly forget: () => void,
  ) {}

  get pid(): number | undefined {
    return this.#pid;
  }

  send(message: unknown): void {
    if (this.#exited) return;
    this.link.send({ type: 'lane.send', laneId: this.laneId, message });
  }

  onMessage(cb: (message: unknown) => void): void {
    this.#messageCallbacks.push(cb);
  }

  onExit(cb: (code: number | null, signal: string | null) => void): void {
    this.#exitCallbacks.push(cb);
  }

  /** utilityProcess.kill() sends SIGTERM on POSIX; the signal asked for cannot be chosen. */
  kill(): void {
    if (this.#exited) return;
    this.link.send({ type: 'lane.kill', laneId: this.laneId });
  }

  spawned(pid: number | null): void {
    this.#pid = pid ?? undefined;
  }

  received(message: unknown): void {
    if (this.#exited) return;
    for (const cb of this.#messageCallbacks) cb(message);
  }

  exited(code: number | null): void {
    if (this.#exited) return;
    this.#exited = true;
    this.#pid = undefined;
    this.forget();
    for (const cb of this.#exitCallbacks) cb(code, null);
  }
}
