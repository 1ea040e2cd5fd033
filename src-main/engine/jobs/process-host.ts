// The seam between the engine and whatever starts lane processes: child_process.fork in the CLI and tests,
// Electron's utilityProcess in the desktop app (provided by the shell; nothing here imports electron).
// Hosts start lanes by kind (lanes/lane-kinds.ts), never by module path: each host knows its own entry.
import type { LaneKind } from '../lanes/lane-kinds.ts';

export interface LaneProcess {
  readonly pid: number | undefined;
  /** Structured-clonable data; dropped silently when the process is gone. */
  send(message: unknown): void;
  onMessage(cb: (message: unknown) => void): void;
  onExit(cb: (code: number | null, signal: string | null) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

export interface ProcessHost {
  /** Starts a lane of `kind` with `args` (lanes/lane-kinds.ts laneArgs) and an IPC channel to this process. */
  fork(kind: LaneKind, args: string[], opts: { env?: NodeJS.ProcessEnv }): LaneProcess;
}
