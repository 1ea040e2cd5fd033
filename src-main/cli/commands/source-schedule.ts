// vouch source set NAME --sync-interval 6h|off|default, and the sync interval `vouch source show` prints:
// a source's own settings. Today the only one is how often the scheduler (vouch serve, the desktop app)
// syncs it; unset, it follows the installation's interval (Settings, default 24 h).
import type { Command } from 'commander';
import { readUiSettings } from '../../engine/api/ui-settings.ts';
import type { Engine } from '../../engine/engine.ts';
import { SourceSyncIntervals, parseSyncInterval } from '../../engine/scheduling/source-sync-interval.ts';
import type { CliContext } from '../context.ts';
import { printJson, printLine } from '../output.ts';
import { UsageError } from '../usage-error.ts';

export function describeSource(engine: Engine, name: string) {
  const source = engine.sources.get(name);
  const syncInterval = new SourceSyncIntervals(engine).view(
    source.id,
    readUiSettings(engine).syncIntervalHours,
  );
  return { ...source, syncInterval };
}

function printInterval(name: string, view: ReturnType<typeof describeSource>['syncInterval']): void {
  const every = view.seconds === null ? 'off (no scheduled syncs)' : `every ${view.every}`;
  printLine(
    `${name}: scheduled sync ${every}${view.setBy === 'default' ? ", the installation's default" : ''}`,
  );
}

export function registerSourceScheduleCommands(source: Command, cli: CliContext): void {
  source
    .command('set')
    .description("change a source's own settings")
    .argument('<name>')
    .option(
      '--sync-interval <every>',
      'how often the scheduler syncs it: a duration (6h, 90m, 2d; 1h to 30d), off, or default (follow Settings)',
    )
    .option('--json', 'print the source as `source show --json` does')
    .action(async (name: string, opts: { syncInterval?: string; json?: boolean }) => {
      if (opts.syncInterval === undefined) {
        throw new UsageError('Nothing to set.', `Use e.g. \`vouch source set ${name} --sync-interval 6h\`.`);
      }
      const engine = await cli.open();
      const setting = parseSyncInterval(opts.syncInterval);
      new SourceSyncIntervals(engine).set(engine.sources.get(name).id, setting);
      const shown = describeSource(engine, name);
      if (opts.json) return printJson(shown);
      printInterval(shown.name, shown.syncInterval);
    });
}
