// vouch sample, vouch diff: derived artifacts for audit testing.
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { printJson } from '../output.ts';
import { UsageError } from '../usage-error.ts';

export function registerDeriveCommands(program: Command, cli: CliContext): void {
  program
    .command('sample')
    .description(
      'draw a reproducible random sample of an artifact (stored as a new artifact naming its parent)',
    )
    .argument('<artifactId>')
    .requiredOption('--size <n>', 'rows to sample')
    .option(
      '--seed <seed>',
      'seed (any text); the same seed gives the same rows; chosen at random when absent',
    )
    .option('--json', 'print JSON')
    .action(async (artifactId: string, opts) => {
      const size = Number(opts.size);
      if (!Number.isInteger(size) || size < 1) {
        throw new UsageError(
          `--size must be a whole number of at least 1, not "${opts.size}".`,
          'e.g. --size 25',
        );
      }
      const sample = await (await cli.open()).createSample(artifactId, size, opts.seed);
      if (opts.json) return printJson(sample);
      process.stdout.write(
        `Sampled ${sample.rowCount} rows of ${artifactId} with seed "${sample.seed}" into ${sample.id} (sha256 ${sample.sha256}).\n` +
          `Anyone can redraw it: vouch sample ${artifactId} --size ${size} --seed ${sample.seed}\n`,
      );
    });

  program
    .command('diff')
    .description(
      'rows added, removed and changed between two snapshots of a dataset (stored as a new artifact)',
    )
    .argument('<fromArtifactId>', 'the earlier snapshot (e.g. start of the audit period)')
    .argument('<toArtifactId>', 'the later snapshot')
    .option('--json', 'print JSON')
    .action(async (fromId: string, toId: string, opts) => {
      const diff = await (await cli.open()).createDiff(fromId, toId);
      if (opts.json) return printJson(diff);
      process.stdout.write(
        `${diff.added} added, ${diff.removed} removed, ${diff.changed} changed between ${fromId} and ${toId}: ${diff.id}\n` +
          `Export it: vouch export ${diff.id} --format csv --out changes.csv\n`,
      );
    });
}
