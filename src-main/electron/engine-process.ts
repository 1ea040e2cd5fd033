// The engine utility process: waits for main's `init` (data directory and key material, never on argv or in
// the environment), opens the engine with the desktop key wrapper, answers calls through the same handlers
// as browser mode, pushes events, runs the scheduler and keeps the long-lived lanes up (a LaneManager: two
// full lanes by default) while the app runs. Lanes and save dialogs go through main.
import path from 'node:path';
import { startApiScheduler, type RunningScheduler } from '../engine/api/api-scheduler.ts';
import { createApiHandlers, dispatchApiCall, type ApiRuntime } from '../engine/api/handlers.ts';
import { Engine } from '../engine/engine.ts';
import type { LaneKind } from '../engine/lanes/lane-kinds.ts';
import { LaneManager, defaultLanes } from '../engine/lanes/lane-manager.ts';
import { isVouchError } from '../engine/errors.ts';
import type { KeyWrapper } from '../engine/secrets/key-wrapper.ts';
import { DesktopFileDelivery } from './desktop-file-delivery.ts';
import { EngineLink, type ParentPortLike } from './engine-link.ts';
import type { MainToEngine } from './engine-protocol.ts';
import { keyWrapperFromMaterial } from './master-key-wrapper.ts';
import { UtilityProcessHost } from './utility-process-host.ts';
import { auditActor } from '../engine/audit/audit-actor.ts';

export interface EngineProcessOptions {
  port: ParentPortLike;
  env: NodeJS.ProcessEnv;
  /** Root of the app (the folder holding resources/); integration guides are read from it. */
  appRoot: string;
  log(line: string): void;
  /** Called once the engine has shut down cleanly (the entry module exits). */
  onShutdown(): void;
  /** Tests turn the scheduler off; it is on in the app. */
  scheduler?: boolean;
  openEngine?: (dataDir: string, env: NodeJS.ProcessEnv, wrapper: KeyWrapper) => Engine;
  /** The long-lived lanes (default lane-manager.ts defaultLanes); false: each sync forks its own (tests). */
  lanes?: LaneKind[] | false;
  /**
   * How long lanes get to release their jobs and exit when the app quits, before they are killed; below
   * main's shutdown timeout (engine-host.ts, 8 s), so the engine still closes the store itself.
   */
  laneStopGraceMs?: number;
}

const defaultLaneStopGraceMs = 5_000;

interface Running {
  engine: Engine;
  runtime: ApiRuntime;
  scheduler: RunningScheduler | null;
  lanes: LaneManager | null;
}

export function runEngineProcess(options: EngineProcessOptions): void {
  const { log } = options;
  const link = new EngineLink(options.port, log);
  const host = new UtilityProcessHost(link);
  const delivery = new DesktopFileDelivery(link);
  const openEngine =
    options.openEngine ??
    ((dataDir, env, wrapper) => Engine.open(dataDir, env, wrapper, auditActor('desktop')));
  let running: Running | null = null;
  let shuttingDown = false;

  const start = (init: Extract<MainToEngine, { type: 'init' }>) => {
    if (running !== null) {
      log('engine: ignored a second init');
      return;
    }
    try {
      const engine = openEngine(init.dataDir, options.env, keyWrapperFromMaterial(init.key));
      // Main forks each lane as a utility process (UtilityProcessHost); main's environment, not this one,
      // is what lanes get.
      const lanes =
        options.lanes === false
          ? null
          : new LaneManager({
              host,
              dataDir: init.dataDir,
              env: options.env,
              lanes: options.lanes ?? defaultLanes(),
              log,
            });
      lanes?.start();
      const runtime = createApiHandlers({
        engine,
        delivery,
        processHost: host,
        ...(lanes ? { lanes } : {}),
        shell: 'desktop',
        keyProtection: init.keyProtection,
        guidesDir: path.join(options.appRoot, 'resources', 'guides'),
        log,
      });
      runtime.events.subscribe((event) => link.send({ type: 'event', event }));
      const scheduler = options.scheduler === false ? null : startApiScheduler(runtime, engine, { log });
      running = { engine, runtime, scheduler, lanes };
      link.send({ type: 'ready' });
    } catch (error) {
      log(`engine: cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      link.send({
        type: 'fatal',
        error: isVouchError(error)
          ? { code: error.code, message: error.message, nextStep: error.nextStep }
          : {
              code: 'engine_start_failed',
              message: `Vouch could not open its data: ${error instanceof Error ? error.message : String(error)}`,
              nextStep:
                'Check that the data directory is readable and not in use by an older Vouch, then restart Vouch.',
            },
      });
    }
  };

  const shutdown = async () => {
    if (shuttingDown) return;
    shuttingDown = true;
    delivery.cancelAll();
    const current = running;
    running = null;
    if (current !== null) {
      current.scheduler?.stop();
      try {
        await current.runtime.close();
        // Running jobs are released (or finish their last commit) before the store closes and main, on
        // shutdown.done, kills whatever lane is left.
        await current.lanes?.stop(options.laneStopGraceMs ?? defaultLaneStopGraceMs);
      } finally {
        current.engine.close();
      }
    }
    link.send({ type: 'shutdown.done' });
    options.onShutdown();
  };

  link.onMessage((message) => {
    switch (message.type) {
      case 'init':
        start(message);
        return;
      case 'call': {
        const current = running;
        if (current === null) {
          link.send({
            type: 'result',
            id: message.id,
            result: {
              ok: false,
              error: {
                code: 'engine_not_ready',
                message: 'The Vouch engine is not running.',
                nextStep: 'Restart Vouch.',
              },
            },
          });
          return;
        }
        // The engine checks the input again: main is trusted, but the contract is enforced where it is used.
        void dispatchApiCall(current.runtime.handlers, message.method, message.input, { log }).then(
          (result) => link.send({ type: 'result', id: message.id, result }),
        );
        return;
      }
      case 'delivery.result':
        delivery.handle(message);
        return;
      case 'lane.spawned':
      case 'lane.message':
      case 'lane.exit':
        host.handle(message);
        return;
      case 'shutdown':
        void shutdown().catch((error: unknown) => {
          log(`engine: shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          options.onShutdown();
        });
        return;
    }
  });
}
