// vouch bundle [ARTIFACT_ID...|--all] --out FILE.zip [--format csv,xlsx,pdf,json]: a signed evidence bundle.
import path from 'node:path';
import type { Command } from 'commander';
import { auditActor } from '../../engine/audit/audit-actor.ts';
import type { BundleResult } from '../../engine/bundles/create-bundle.ts';
import { exportFormats, isExportFormat, type ExportFormat } from '../../engine/exports/export-artifact.ts';
import type { CliContext } from '../context.ts';
import { printJson } from '../output.ts';
import { UsageError } from '../usage-error.ts';

export function parseBundleFormats(text: string): ExportFormat[] {
  const formats = text
    .split(',')
    .map((format) => format.trim().toLowerCase())
    .filter((format) => format !== '');
  const unknown = formats.filter((format) => !isExportFormat(format));
  if (unknown.length > 0 || formats.length === 0) {
    throw new UsageError(
      `Unknown bundle format "${unknown.join(',') || text}".`,
      `Use --format with a comma-separated list of: ${exportFormats.join(', ')}.`,
    );
  }
  return formats as ExportFormat[];
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function printBundle(result: BundleResult): void {
  process.stdout.write(
    `Wrote ${result.path} (${plural(result.artifacts.length, 'artifact')}, ` +
      `${plural(result.auditEntries, 'audit entry', 'audit entries')}, ` +
      `${plural(result.files, 'file')}, ${humanSize(result.size)}).\n` +
      `  SHA-256 of the zip: ${result.sha256}\n` +
      `  Signed by ${result.signerFingerprint}; give this fingerprint to the auditor through another channel.\n` +
      `  Check it with: vouch verify ${JSON.stringify(result.path)} --signer ${result.signerFingerprint}\n`,
  );
  for (const artifact of result.artifacts) {
    const state = artifact.complete ? 'complete' : 'PARTIAL';
    process.stdout.write(
      `  ${artifact.id}  ${artifact.kind.padEnd(22)} ${String(artifact.rowCount).padStart(8)} rows  ${state}\n`,
    );
  }
}

export function registerBundleCommand(program: Command, cli: CliContext): void {
  program
    .command('bundle')
    .description('write a signed evidence bundle (zip) that `vouch verify` checks offline')
    .argument('[artifactIds...]', 'artifacts to include (see `vouch artifacts list`)')
    .option('--all', 'include every artifact')
    .requiredOption('--out <file>', 'the .zip file to write')
    .option(
      '--format <formats>',
      `renderings per artifact, comma-separated: ${exportFormats.join(',')}`,
      'csv',
    )
    .option('--json', 'print JSON')
    .action(
      async (artifactIds: string[], opts: { all?: boolean; out: string; format: string; json?: boolean }) => {
        if (opts.all && artifactIds.length > 0) {
          throw new UsageError(
            'Give artifact ids or --all, not both.',
            'Drop the ids to bundle every artifact.',
          );
        }
        if (!opts.all && artifactIds.length === 0) {
          throw new UsageError(
            'No artifacts to bundle.',
            'Name artifact ids (see `vouch artifacts list`) or pass --all.',
          );
        }
        const formats = parseBundleFormats(opts.format);
        const engine = await cli.open();
        const showProgress = Boolean(process.stderr.isTTY) && !opts.json;
        const result = await engine.createBundle({
          artifactIds: opts.all ? engine.listArtifacts().map((artifact) => artifact.id) : artifactIds,
          formats,
          outPath: path.resolve(opts.out),
          actor: auditActor('cli'),
          onArtifact: showProgress
            ? ({ index, total, id, kind }) =>
                process.stderr.write(`\r\x1b[2KBundling ${index + 1}/${total}: ${id} (${kind})`)
            : undefined,
        });
        if (showProgress) process.stderr.write('\r\x1b[2K');
        if (opts.json) printJson(result);
        else printBundle(result);
      },
    );
}
