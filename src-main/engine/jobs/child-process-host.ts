// ProcessHost over child_process.fork, for the CLI and tests. A compiled lane entry (dist/node/*.mjs, what the
// installed CLI forks) starts as plain Node; a TypeScript one (development under tsx, test fixtures) loads tsx
// first. The child's stdout and stderr go to ours, so a lane's crash report is never lost.
import { fork, type ChildProcess, type Serializable } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { laneEntryModule, type LaneKind } from '../lanes/lane-kinds.ts';
import type { LaneProcess, ProcessHost } from './process-host.ts';

/** Node options a lane entry needs: tsx's loader for TypeScript, nothing for JavaScript. */
export function laneExecArgv(modulePath: string): string[] {
  if (!/\.[cm]?ts$/.test(modulePath)) return [];
  // Resolved here rather than left as the bare `tsx`, which the child would resolve from its working directory.
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}

export class ChildProcessHost implements ProcessHost {
  /** The lane entry (lane-main) with the kind as its first argument. */
  fork(kind: LaneKind, args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): LaneProcess {
    return this.forkModule(laneEntryModule(), [kind, ...args], opts);
  }

  /** Any entry module: test fixtures that are lanes of their own. */
  forkModule(modulePath: string, args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): LaneProcess {
    const child = fork(modulePath, args, {
      execArgv: laneExecArgv(modulePath),
      env: opts.env ?? process.env,
      // Structured clone, as Electron's utilityProcess uses, so both hosts carry the same messages.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new ChildLaneProcess(child);
  }
}

class ChildLaneProcess implements LaneProcess {
  readonly #child: ChildProcess;
  readonly #exitCallbacks: ((code: number | null, signal: string | null) => void)[] = [];
  #exited = false;

  constructor(child: ChildProcess) {
    this.#child = child;
    child.on('exit', (code, signal) => this.#exit(code, signal));
    // Without a listener a failed spawn would crash the parent; it may also never emit 'exit'.
    child.on('error', (error) => {
      process.stderr.write(`lane process ${child.pid ?? '(not started)'}: ${error.message}\n`);
      if (child.pid === undefined) this.#exit(null, null);
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  send(message: unknown): void {
    if (!this.#child.connected) return;
    // The callback keeps a send racing the child's exit from becoming an unhandled 'error' event.
    this.#child.send(message as Serializable, () => {});
  }

  onMessage(cb: (message: unknown) => void): void {
    this.#child.on('message', cb);
  }

  onExit(cb: (code: number | null, signal: string | null) => void): void {
    this.#exitCallbacks.push(cb);
  }

  kill(signal?: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  #exit(code: number | null, signal: string | null): void {
    if (this.#exited) return;
    this.#exited = true;
    for (const cb of this.#exitCallbacks) cb(code, signal);
  }
}
