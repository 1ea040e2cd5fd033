// vouch sync [NAME...]: exit 0 complete, 4 partial, 3 failed.
import type { Command } from 'commander';
import { ChildProcessHost } from '../../engine/jobs/child-process-host.ts';
import type { SyncOutcome } from '../../engine/sync/sync-progress.ts';
import type { CliContext } from '../context.ts';
import { CliExit, ExitCode } from '../exit-codes.ts';
import { printJson } from '../output.ts';
import { SyncProgressLine } from '../progress.ts';

export function exitCodeForOutcomes(outcomes: SyncOutcome[]): number {
  if (outcomes.some((o) => o.status === 'failed')) return ExitCode.failed;
  if (outcomes.some((o) => o.status === 'partial')) return ExitCode.partial;
  return ExitCode.ok;
}

export function printOutcome(outcome: SyncOutcome): void {
  process.stdout.write(`${outcome.source}: sync ${outcome.status}\n`);
  if (outcome.joined)
    process.stdout.write('  (joined the sync of this source that was already running; its result follows)\n');
  for (const d of outcome.datasets) {
    const count = d.reportedCount === null ? '' : ` (provider reports ${d.reportedCount})`;
    const state = d.complete ? 'complete' : `PARTIAL: ${d.reason ?? ''}`;
    process.stdout.write(
      `  ${d.dataset.padEnd(22)} ${String(d.rows).padStart(8)} rows ${String(d.pages).padStart(6)} pages${count}  ${state}\n`,
    );
  }
  if (outcome.status === 'failed' && outcome.reason) process.stdout.write(`  ${outcome.reason}\n`);
  if (outcome.expiredRows)
    process.stdout.write(`  ${outcome.expiredRows} rows no longer present were expired.\n`);
}

export function registerSyncCommand(program: Command, cli: CliContext): void {
  program
    .command('sync')
    .description('sync sources (all when none is named); exit 0 complete, 4 partial, 3 failed')
    .argument('[names...]')
    .option('--json', 'print JSON')
    .action(async (names: string[], opts) => {
      const progress = new SyncProgressLine();
      const outcomes = await (
        await cli.open()
      ).sync({
        names,
        host: new ChildProcessHost(),
        onProgress: (p) => progress.update(p),
        // Said at once, on stderr: the wait can be long, and --json output stays one document.
        onJoined: (source) =>
          process.stderr.write(
            `${source}: a sync of this source is already running; waiting for it to finish.\n`,
          ),
      });
      progress.done();
      if (opts.json) printJson(outcomes);
      else if (outcomes.length === 0)
        process.stdout.write('No sources to sync. Add one with `vouch source add`.\n');
      else outcomes.forEach(printOutcome);
      const code = exitCodeForOutcomes(outcomes);
      if (code !== ExitCode.ok) throw new CliExit(code);
    });
}
