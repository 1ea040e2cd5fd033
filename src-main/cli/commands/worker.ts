// vouch worker [--lane KIND]...: runs long-lived lanes in the foreground on a headless machine, restarting
// any that dies, until SIGINT or SIGTERM; then every lane stops (a running job is released so another lane
// takes it at once, or finishes its last commit) and the command exits 0.
import type { Command } from 'commander';
import { ChildProcessHost } from '../../engine/jobs/child-process-host.ts';
import { laneKindSchema, laneKinds, type LaneKind } from '../../engine/lanes/lane-kinds.ts';
import { LaneManager, defaultLanes } from '../../engine/lanes/lane-manager.ts';
import type { CliContext } from '../context.ts';
import { UsageError } from '../usage-error.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerWorkerCommand(program: Command, cli: CliContext): void {
  program
    .command('worker')
    .description(
      `run lanes in the foreground until SIGINT/SIGTERM (default: two full lanes and one of each other kind that has work)`,
    )
    .option('--lane <kind>', `${laneKinds.join(', ')}; repeat for more lanes of a kind`, collect)
    .action(async (opts: { lane?: string[] }) => {
      const lanes: LaneKind[] =
        opts.lane === undefined
          ? defaultLanes()
          : opts.lane.map((value) => {
              const kind = laneKindSchema.safeParse(value);
              if (!kind.success) {
                throw new UsageError(`Unknown lane "${value}".`, `Lanes: ${laneKinds.join(', ')}.`);
              }
              return kind.data;
            });
      // Opens the store first: migrations run here, once, not in every lane at the same moment.
      const engine = await cli.open();
      const manager = new LaneManager({
        host: new ChildProcessHost(),
        dataDir: engine.dataDir,
        env: process.env,
        lanes,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      manager.start();
      process.stderr.write(`vouch worker: ${lanes.join(', ')} lanes; stop with Ctrl-C\n`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      process.stderr.write(`vouch worker: ${signal}, stopping lanes\n`);
      await manager.stop();
      for (const lane of manager.health()) {
        process.stderr.write(
          `  ${lane.kind} ${lane.slot}: ${lane.jobsDone} jobs, ${lane.restarts} restarts\n`,
        );
      }
      process.stderr.write('vouch worker: stopped\n');
    });
}
