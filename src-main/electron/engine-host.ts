// Main's handle on the engine utility process: starts it with `init` over its parent port, forwards calls
// (already validated by the IPC bridge) and matches their results, relays its events to the windows, and
// serves its requests for lanes and save dialogs. A crashed engine is restarted on the next call, a few
// times at most, so one bad moment does not end the session but a crash loop does not spin forever.
import { apiEventSchema, type ApiError, type ApiEvent, type ApiMethod } from '../../src-shared/api.ts';
import { isVouchError } from '../engine/errors.ts';
import type { ApiCallResult } from './call-result.ts';
import type { KeyProtectionInfo } from './desktop-key-protection.ts';
import {
  engineToMainSchema,
  type EngineToMain,
  type KeyMaterial,
  type MainToEngine,
} from './engine-protocol.ts';
import type { EngineCaller } from './ipc-bridge.ts';
import { LaneBroker } from './lane-broker.ts';
import type { ForkUtility, UtilityChild } from './utility-child.ts';

export interface EngineHostOptions {
  fork: ForkUtility;
  engineModule: string;
  /** The bundled lane entry; it runs every lane kind. */
  laneModule: string;
  dataDir: string;
  key: KeyMaterial;
  keyProtection: KeyProtectionInfo;
  env: NodeJS.ProcessEnv;
  /** Shows the save dialog and moves the file; resolves null when the user cancelled. */
  deliverFile(request: { tempFilePath: string; fileName: string }): Promise<string | null>;
  onEvent(event: ApiEvent): void;
  log(line: string): void;
  /** Restarts allowed within `restartWindowMs` (default 3 per minute). */
  maxRestarts?: number;
  restartWindowMs?: number;
  shutdownTimeoutMs?: number;
  now?: () => number;
}

interface Running {
  child: UtilityChild;
  lanes: LaneBroker;
  ready: Promise<void>;
  exited: boolean;
}

const engineStopped: ApiError = {
  code: 'engine_stopped',
  message: 'The Vouch engine stopped unexpectedly while handling this request.',
  nextStep: 'Try again. If it keeps happening, restart Vouch and report the problem with its log.',
};

const engineUnavailable: ApiError = {
  code: 'engine_unavailable',
  message: 'The Vouch engine keeps stopping, so Vouch no longer restarts it.',
  nextStep:
    'Restart Vouch. If it keeps happening, report the problem with the log of the terminal or system journal.',
};

export class EngineHost implements EngineCaller {
  readonly #options: EngineHostOptions;
  readonly #pending = new Map<number, (result: ApiCallResult) => void>();
  readonly #starts: number[] = [];
  #running: Running | null = null;
  #nextCallId = 1;
  #lastError: ApiError | null = null;
  #stopping = false;
  #stopped: (() => void) | null = null;

  constructor(options: EngineHostOptions) {
    this.#options = options;
  }

  /** Starts the engine process if it is not running; resolves once it is ready, rejects with its error. */
  start(): Promise<void> {
    if (this.#running !== null && !this.#running.exited) return this.#running.ready;
    const now = this.#options.now?.() ?? Date.now();
    const window = this.#options.restartWindowMs ?? 60_000;
    while (this.#starts.length > 0 && now - (this.#starts[0] ?? 0) > window) this.#starts.shift();
    if (this.#starts.length >= 1 + (this.#options.maxRestarts ?? 3)) {
      return Promise.reject(this.#lastError ?? engineUnavailable);
    }
    this.#starts.push(now);

    const options = this.#options;
    const child = options.fork(options.engineModule, [], {
      serviceName: 'Vouch engine',
      env: options.env,
      stdio: 'inherit',
    });
    let settle: { resolve(): void; reject(error: ApiError): void } = { resolve: () => {}, reject: () => {} };
    const ready = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    ready.catch(() => {}); // observed by callers; never an unhandled rejection
    const lanes = new LaneBroker({
      fork: options.fork,
      laneModule: options.laneModule,
      dataDir: options.dataDir,
      key: options.key,
      env: options.env,
      toEngine: (message) => this.#post(child, message),
      log: options.log,
    });
    const running: Running = { child, lanes, ready, exited: false };
    this.#running = running;

    child.on('message', (raw) => this.#receive(running, raw, settle));
    child.on('exit', (code) => {
      running.exited = true;
      lanes.killAll();
      if (!this.#stopping) options.log(`engine: the engine process exited with code ${code}`);
      const error = this.#stopping ? engineStopped : (this.#lastError ?? engineStopped);
      settle.reject(error);
      for (const resolve of this.#pending.values()) resolve({ ok: false, error: engineStopped });
      this.#pending.clear();
      this.#stopped?.();
    });
    this.#post(child, {
      type: 'init',
      dataDir: options.dataDir,
      key: options.key,
      keyProtection: options.keyProtection,
    });
    return ready;
  }

  async call(method: ApiMethod, input: unknown): Promise<ApiCallResult> {
    if (this.#stopping) return { ok: false, error: { ...engineStopped, message: 'Vouch is shutting down.' } };
    try {
      await this.start();
    } catch (error) {
      return { ok: false, error: isApiError(error) ? error : engineUnavailable };
    }
    const running = this.#running;
    if (running === null || running.exited) return { ok: false, error: engineStopped };
    const id = this.#nextCallId++;
    const result = new Promise<ApiCallResult>((resolve) => this.#pending.set(id, resolve));
    this.#post(running.child, { type: 'call', id, method, input });
    return result;
  }

  /** Asks the engine to finish (stop lanes, close the database), then kills what is left after a timeout. */
  async stop(): Promise<void> {
    this.#stopping = true;
    const running = this.#running;
    if (running === null || running.exited) return;
    const exited = new Promise<void>((resolve) => {
      this.#stopped = resolve;
    });
    this.#post(running.child, { type: 'shutdown' });
    const timeout = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), this.#options.shutdownTimeoutMs ?? 8_000).unref(),
    );
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      this.#options.log('engine: did not shut down in time; stopping it');
      running.lanes.killAll();
      running.child.kill();
    }
  }

  #post(child: UtilityChild, message: MainToEngine): void {
    child.postMessage(message);
  }

  #receive(running: Running, raw: unknown, settle: { resolve(): void; reject(error: ApiError): void }): void {
    const parsed = engineToMainSchema.safeParse(raw);
    if (!parsed.success) {
      this.#options.log('engine: dropped a message that is not part of the protocol');
      return;
    }
    const message: EngineToMain = parsed.data;
    switch (message.type) {
      case 'ready':
        this.#lastError = null;
        settle.resolve();
        return;
      case 'fatal':
        this.#lastError = message.error;
        settle.reject(message.error);
        running.child.kill();
        return;
      case 'result': {
        const resolve = this.#pending.get(message.id);
        if (resolve === undefined) return;
        this.#pending.delete(message.id);
        resolve(message.result);
        return;
      }
      case 'event': {
        const event = apiEventSchema.safeParse(message.event);
        if (event.success) this.#options.onEvent(event.data);
        else this.#options.log('engine: dropped an event that is not part of the contract');
        return;
      }
      case 'lane.fork':
        running.lanes.fork(message.laneId, message.lane, message.args);
        return;
      case 'lane.send':
        running.lanes.send(message.laneId, message.message);
        return;
      case 'lane.kill':
        running.lanes.kill(message.laneId);
        return;
      case 'delivery.request':
        void this.#deliver(running, message);
        return;
      case 'shutdown.done':
        running.lanes.killAll();
        running.child.kill();
        return;
    }
  }

  async #deliver(
    running: Running,
    request: Extract<EngineToMain, { type: 'delivery.request' }>,
  ): Promise<void> {
    let result: Extract<MainToEngine, { type: 'delivery.result' }>['result'];
    try {
      const savedTo = await this.#options.deliverFile({
        tempFilePath: request.tempFilePath,
        fileName: request.fileName,
      });
      result = { ok: true, savedTo };
    } catch (error) {
      this.#options.log(
        `engine: saving ${request.fileName} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      result = {
        ok: false,
        error: isVouchError(error)
          ? { code: error.code, message: error.message, nextStep: error.nextStep }
          : {
              code: 'export_not_saved',
              message: `Vouch could not save ${request.fileName}.`,
              nextStep: 'Try again.',
            },
      };
    }
    if (!running.exited) this.#post(running.child, { type: 'delivery.result', id: request.id, result });
  }
}

function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    'code' in value &&
    'message' in value &&
    'nextStep' in value
  );
}
