// vouch artifacts list, vouch export
import path from 'node:path';
import type { Command } from 'commander';
import {
  exportFormats,
  isExportFormat,
  paperSizes,
  type PaperSize,
} from '../../engine/exports/export-artifact.ts';
import { datasetTitle } from '../../engine/exports/export-values.ts';
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
    .action(async (opts) => {
      const list = (await cli.open()).listArtifacts();
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
    .description('export an artifact as CSV, XLSX, PDF or JSON (written only after its SHA-256 checks out)')
    .argument('<artifactId>', 'the artifact to export (see `vouch artifacts list`)')
    .option('--format <format>', `${exportFormats.join('|')} (default: from the --out extension)`)
    .requiredOption('--out <file>', 'output file (replaced only when the export succeeds)')
    .option('--bom', 'CSV: start with a UTF-8 byte order mark (for Excel)')
    .option('--paper <size>', `PDF: paper size, ${paperSizes.join('|')}`, 'A4')
    .addHelpText(
      'after',
      `
Formats:
  csv   RFC 4180, CRLF line ends; text a spreadsheet would run as a formula is prefixed with '
  xlsx  a typed, filterable sheet of the rows and a Provenance sheet
  pdf   a report: cover page with provenance and COMPLETE/PARTIAL status, paginated table, hash in every footer
  json  { "artifactId", "provenance", "rows": [...] }, one row per line

Examples:
  vouch export art_0123456789abcdef --out users.xlsx
  vouch export art_0123456789abcdef --format csv --bom --out users.csv`,
    )
    .action(
      async (artifactId: string, opts: { format?: string; out: string; bom?: boolean; paper: string }) => {
        const format = opts.format ?? formatFromExtension(opts.out);
        if (format === undefined) {
          throw new UsageError(
            `Cannot tell the export format from "${opts.out}".`,
            `Add --format ${exportFormats.join('|')}.`,
          );
        }
        if (!isExportFormat(format)) {
          throw new UsageError(
            `Unknown export format "${format}".`,
            `Use --format ${exportFormats.join('|')}.`,
          );
        }
        if (opts.bom && format !== 'csv') {
          throw new UsageError('--bom applies to CSV exports only.', 'Drop --bom, or use --format csv.');
        }
        const paper = opts.paper.toUpperCase();
        if (!isPaperSize(paper)) {
          throw new UsageError(`Unknown paper size "${opts.paper}".`, `Use --paper ${paperSizes.join('|')}.`);
        }
        const out = path.resolve(opts.out);
        const engine = await cli.open();
        const artifact = engine.getArtifact(artifactId);
        const progress = new ExportProgressLine(artifact.rowCount);
        let rows: number;
        try {
          rows = await engine.exportArtifact(artifactId, format, out, {
            bom: Boolean(opts.bom),
            paper,
            onProgress: (written) => progress.update(written),
          });
        } finally {
          progress.done();
        }
        process.stdout.write(
          `Wrote ${rows.toLocaleString('en-US')} rows of ${artifactId} (${datasetTitle(artifact.kind)}) to ${out}; ` +
            `content verified against SHA-256 ${artifact.sha256.slice(0, 16)}….\n`,
        );
        if (!artifact.complete) {
          process.stderr.write(
            `warning: ${artifactId} is a PARTIAL population (${artifact.provenance.partialReason ?? 'no reason recorded'}); ` +
              'the export says so, and it must not be relied on as complete.\n',
          );
        }
      },
    );
}

function formatFromExtension(file: string): string | undefined {
  const extension = path.extname(file).slice(1).toLowerCase();
  return extension === '' ? undefined : extension;
}

function isPaperSize(value: string): value is PaperSize {
  return (paperSizes as readonly string[]).includes(value);
}

/** "Exporting 45,000 of 100,000 rows (45%)" on a terminal; silent when stderr is not a TTY. */
class ExportProgressLine {
  private lastDraw = 0;
  private readonly enabled = Boolean(process.stderr.isTTY);

  constructor(private readonly total: number) {}

  update(written: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const percent = this.total > 0 ? Math.floor((100 * written) / this.total) : 100;
    process.stderr.write(
      `\r\x1b[2KExporting ${written.toLocaleString('en-US')} of ${this.total.toLocaleString('en-US')} rows (${percent}%)`,
    );
  }

  done(): void {
    if (this.enabled && this.lastDraw) process.stderr.write('\r\x1b[2K');
  }
}
