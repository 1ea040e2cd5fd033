// vouch source add|list|test|update-credentials|remove (show and set: source-schedule.ts)
import type { Command } from 'commander';
import type { ConnectionStatus } from '../../../src-shared/connection-status.ts';
import { daysUntil } from '../../../src-shared/credential-health.ts';
import { connectorFor, connectorKinds } from '../../engine/connectors/registry.ts';
import type { CliContext } from '../context.ts';
import { CliExit, ExitCode } from '../exit-codes.ts';
import { printJson, printTable, shortTime } from '../output.ts';
import {
  addOptions,
  aliasOptions,
  configOptions,
  exampleFor,
  fieldsFromOptions,
  genericFieldOptions,
} from '../credential-input.ts';
import { readCaFile } from '../read-secret.ts';
import { InvalidSourceInputError } from '../../engine/sources/source-errors.ts';
import { UsageError } from '../usage-error.ts';
import { describeSource, registerSourceScheduleCommands } from './source-schedule.ts';

function checkKind(type: string): void {
  if (!connectorKinds().includes(type)) {
    const example = connectorKinds()[0];
    throw new UsageError(
      `Vouch has no connector for "${type}".`,
      `Pick one of: ${connectorKinds().join(', ')}${example ? `, e.g. ${exampleFor(example)}` : ''}.`,
    );
  }
}

/** Lets the connector refuse a combination of credentials (e.g. two kinds at once) before anything is saved. */
function checkCredentials(
  kind: string,
  config: Record<string, string>,
  secrets: Record<string, string>,
): void {
  const problem = connectorFor(kind).checkCredentials?.(config, secrets);
  if (problem) {
    const fields = connectorFor(kind).describe().credentialFields;
    throw new InvalidSourceInputError(problem, fields.map((f) => `${f.label}: ${f.help}`).join(' '));
  }
}

export function printConnectionStatus(name: string, status: ConnectionStatus): void {
  if (status.status === 'connected') {
    process.stdout.write(`${name}: connected. ${status.message}\n`);
    return;
  }
  process.stdout.write(`${name}: failed (${status.errorClass}). ${status.message}\n`);
  if (status.nextStep) process.stdout.write(`  What to do: ${status.nextStep}\n`);
}

function printSource(source: ReturnType<typeof describeSource>): void {
  const lines = [
    `${source.name} (${source.kind})`,
    ...Object.entries(source.config).map(([field, value]) => `  ${field}: ${value}`),
    `  status: ${source.status}${source.errorClass ? ` (${source.errorClass})` : ''}`,
    ...(source.message ? [`  ${source.message}`] : []),
    ...(source.nextStep ? [`  What to do: ${source.nextStep}`] : []),
    `  last tested: ${shortTime(source.lastTestedAt) ?? 'never'}`,
    `  last sync: ${source.lastSyncedAt ? `${source.lastSyncStatus} ${shortTime(source.lastSyncedAt)}` : 'never'}`,
    `  sync interval: ${source.syncInterval.every}${source.syncInterval.setBy === 'default' ? ' (default)' : ''}`,
    `  credential: ${source.credentialFingerprint}, rotated ${shortTime(source.credentialsRotatedAt)}`,
  ];
  const health = source.credentialHealth;
  if (!health) {
    lines.push('  credential health: not read yet (it is read by a successful `vouch source test`)');
  } else {
    const days = daysUntil(health.expiresAt);
    lines.push(`  credential health (read ${shortTime(health.checkedAt)}): ${health.credential}`);
    lines.push(
      health.expiresAt === null
        ? '    expires: not reported'
        : `    expires: ${shortTime(health.expiresAt)} (${days !== null && days < 0 ? 'expired' : `in ${days} days`})`,
    );
    lines.push(
      `    granted: ${health.granted === null ? 'not reported' : health.granted.join(', ') || 'none'}`,
    );
    lines.push(`    required: ${health.required.join(', ') || 'none'}`);
    lines.push(`    missing: ${health.missing.join(', ') || 'none'}`);
    for (const note of health.notes) lines.push(`    ${note}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerSourceCommands(program: Command, cli: CliContext): void {
  const source = program.command('source').description('add, list, test and manage sources');

  const add = source
    .command('add')
    .description('add a source (its secret is read from a file or stdin, never from the command line)')
    .argument('<type>', `source type: ${connectorKinds().join(', ')}`)
    .requiredOption('--name <name>', 'a name for the source, e.g. idp-prod');
  // Each connector's configuration fields become options (--domain, --org, --base-url, ...).
  for (const { flag, help } of configOptions()) add.option(flag, help);
  // Each connector's kept credential flags (--token-file, --token-stdin, --private-key-file) and --field*.
  addOptions(add, [...aliasOptions(), ...genericFieldOptions]);
  add
    .option('--ca-file <pem>', 'extra certificate authority to trust (TLS-inspecting proxy, test CA)')
    .option('--no-test', 'do not test the connection after adding')
    .addHelpText(
      'after',
      `
Examples:
${connectorKinds()
  .map((kind) => `  ${exampleFor(kind)}`)
  .join('\n')}
  vouch source add TYPE --name NAME ... --field-file FIELD=FILE --ca-file ca.pem`,
    )
    .action(async (type: string, opts: Record<string, unknown>) => {
      checkKind(type);
      const { config, secrets } = await fieldsFromOptions(type, opts);
      checkCredentials(type, config, secrets);
      const engine = await cli.open();
      const added = engine.sources.add({
        name: String(opts.name),
        kind: type,
        config: { ...config, ...readCaFile(opts.caFile as string | undefined) },
        secrets,
      });
      process.stdout.write(
        `Added ${added.kind} source "${added.name}" (credential ${added.credentialFingerprint}).\n`,
      );
      if (opts.test) printConnectionStatus(added.name, await engine.testSource(added.name));
    });

  source
    .command('list')
    .description('list sources with their connection status')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const sources = (await cli.open()).sources.list();
      if (opts.json) return printJson(sources);
      if (sources.length === 0) {
        process.stdout.write(
          `No sources yet. Add one with ${connectorKinds()
            .map((kind) => `\`${exampleFor(kind)}\``)
            .join(' or ')}.\n`,
        );
        return;
      }
      printTable(
        ['NAME', 'TYPE', 'STATUS', 'FAILURE', 'LAST TESTED', 'LAST SYNC', 'CREDENTIAL ROTATED'],
        sources.map((s) => [
          s.name,
          s.kind,
          s.status,
          s.errorClass,
          shortTime(s.lastTestedAt),
          s.lastSyncedAt ? `${s.lastSyncStatus} ${shortTime(s.lastSyncedAt)}` : null,
          shortTime(s.credentialsRotatedAt),
        ]),
      );
    });

  source
    .command('show')
    .description("show a source: its configuration, connection status and its credential's health")
    .argument('<name>')
    .option('--json', 'print JSON')
    .action(async (name: string, opts) => {
      const shown = describeSource(await cli.open(), name);
      if (opts.json) return printJson(shown);
      printSource(shown);
    });

  source
    .command('test')
    .description("test a source's connection; exit 0 when connected, 3 when failed")
    .argument('<name>')
    .option('--json', 'print JSON')
    .action(async (name: string, opts) => {
      const status = await (await cli.open()).testSource(name);
      if (opts.json) {
        printJson({
          name,
          status: status.status,
          errorClass: status.errorClass,
          message: status.message,
          nextStep: status.nextStep,
          checkedAt: status.checkedAt,
        });
      } else {
        printConnectionStatus(name, status);
      }
      if (status.status !== 'connected') throw new CliExit(ExitCode.failed);
    });

  const update = source
    .command('update-credentials')
    .description("rotate a source's secret, then test the connection")
    .argument('<name>');
  addOptions(update, [...aliasOptions(), ...genericFieldOptions]);
  update.action(async (name: string, opts: Record<string, unknown>) => {
    const engine = await cli.open();
    const source = engine.sources.get(name);
    const { secrets } = await fieldsFromOptions(source.kind, opts, true);
    checkCredentials(source.kind, source.config, secrets);
    const updated = engine.sources.updateCredentials(name, secrets);
    process.stdout.write(`Rotated the credential of "${name}" (now ${updated.credentialFingerprint}).\n`);
    const status = await engine.testSource(name);
    printConnectionStatus(name, status);
    if (status.status !== 'connected') throw new CliExit(ExitCode.failed);
  });

  source
    .command('remove')
    .description('remove a source and its synced data (artifacts already collected are kept)')
    .argument('<name>')
    .action(async (name: string) => {
      (await cli.open()).sources.remove(name);
      process.stdout.write(`Removed source "${name}".\n`);
    });

  registerSourceScheduleCommands(source, cli);
}
