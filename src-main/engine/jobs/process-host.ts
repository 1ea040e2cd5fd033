// The seam between the engine and whatever starts lane processes: child_process.fork in the CLI and tests,
// Electron's utilityProcess in the desktop app (provided by the shell; nothing here imports electron).

export interface LaneProcess {
  readonly pid: number | undefined;
  /** Structured-clonable data; dropped silently when the process is gone. */
  send(message: unknown): void;
  onMessage(cb: (message: unknown) => void): void;
  onExit(cb: (code: number | null, signal: string | null) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

export interface ProcessHost {
  /** Starts `modulePath` (a lane entry module, may be .ts) with `args` and an IPC channel to this process. */
  fork(modulePath: string, args: string[], opts: { env?: NodeJS.ProcessEnv }): LaneProcess;
}
