// Wires the scheduler to the API runtime: scheduled syncs and tests go through the same handlers as the UI's,
// so they share the sync queue and the UI sees their progress and results as events.
import type { Engine } from '../engine.ts';
import { SCHEDULER_STATE_KEY, Scheduler, type SchedulerOptions } from '../scheduling/scheduler.ts';
import { SourceSyncIntervals } from '../scheduling/source-sync-interval.ts';
import type { ApiRuntime } from './handlers.ts';
import { readUiSettings } from './ui-settings.ts';

export interface RunningScheduler {
  scheduler: Scheduler;
  stop(): void;
}

export function startApiScheduler(
  runtime: Pick<ApiRuntime, 'handlers' | 'onSettingsChanged'>,
  engine: Engine,
  options: SchedulerOptions & { log?: (line: string) => void } = {},
): RunningScheduler {
  const scheduler = new Scheduler(
    {
      listSources: () => {
        const intervals = new SourceSyncIntervals(engine);
        return engine.sources.list().map((source) => {
          const own = intervals.get(source.id);
          return own === null ? source : { ...source, syncIntervalMs: own * 1_000 };
        });
      },
      policy: () => readUiSettings(engine),
      startSync: (names) => runtime.handlers['sync.start']({ names }),
      testSource: (name) => runtime.handlers['sources.test']({ name }),
      loadState: () => engine.getSetting(SCHEDULER_STATE_KEY),
      saveState: (state) => engine.setSetting(SCHEDULER_STATE_KEY, state),
      ...(options.log ? { log: options.log } : {}),
    },
    options,
  );
  const unsubscribe = runtime.onSettingsChanged(() => scheduler.reschedule());
  scheduler.start();
  return {
    scheduler,
    stop: () => {
      unsubscribe();
      scheduler.stop();
    },
  };
}
