// vouch artifacts list, vouch export
import path from 'node:path';
import type { Command } from 'commander';
import { exportFormats, isExportFormat } from '../../engine/exports/export-artifact.ts';
import { UsageError } from '../usage-error.ts';
import type { CliContext } from '../context.ts';
import { printJson, printTable, shortTime } from '../output.ts';

export function registerArtifactCommands(program: Command, cli: CliContext): void {
  program
    .command('artifacts')
    .description('evidence artifacts')
    .command('list')
    .description('list artifacts, newest first')
    .option('--json', 'print JSON')
    .action((opts) => {
      const list = cli.open().listArtifacts();
      if (opts.json) return printJson(list);
      if (list.length === 0) {
        process.stdout.write('No artifacts yet. Run `vouch sync` to collect some.\n');
        return;
      }
      printTable(
        ['ID', 'KIND', 'SOURCE', 'ROWS', 'COMPLETE', 'COLLECTED', 'SHA-256'],
        list.map((a) => [
          a.id,
          a.kind,
          a.source,
          a.rowCount,
          a.complete ? 'yes' : 'PARTIAL',
          shortTime(a.collectedAt),
          a.sha256.slice(0, 16),
        ]),
      );
    });

  program
    .command('export')
    .description('export an artifact')
    .argument('<artifactId>')
    .requiredOption('--format <format>', exportFormats.join('|'))
    .requiredOption('--out <file>', 'output file')
    .option('--bom', 'start the CSV with a UTF-8 byte order mark (for Excel)')
    .action(async (artifactId: string, opts) => {
      if (!isExportFormat(opts.format)) {
        throw new UsageError(
          `Unknown export format "${opts.format}".`,
          `Use --format ${exportFormats.join('|')}.`,
        );
      }
      const out = path.resolve(opts.out);
      const rows = await cli.open().exportArtifact(artifactId, opts.format, out, { bom: Boolean(opts.bom) });
      process.stdout.write(
        `Wrote ${rows} rows of ${artifactId} to ${out} (content verified against its SHA-256).\n`,
      );
    });
}
