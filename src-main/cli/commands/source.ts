// vouch source add|list|test|update-credentials|remove
import type { Command } from 'commander';
import type { ConnectionStatus } from '../../../src-shared/connection-status.ts';
import type { CliContext } from '../context.ts';
import { CliExit, ExitCode } from '../exit-codes.ts';
import { printJson, printTable, shortTime } from '../output.ts';
import { readCaFile, readToken } from '../read-secret.ts';

export function printConnectionStatus(name: string, status: ConnectionStatus): void {
  if (status.status === 'connected') {
    process.stdout.write(`${name}: connected. ${status.message}\n`);
    return;
  }
  process.stdout.write(`${name}: failed (${status.errorClass}). ${status.message}\n`);
  if (status.nextStep) process.stdout.write(`  What to do: ${status.nextStep}\n`);
}

export function registerSourceCommands(program: Command, cli: CliContext): void {
  const source = program.command('source').description('add, list, test and manage sources');

  source
    .command('add')
    .description('add a source (its secret is read from a file or stdin, never from the command line)')
    .argument('<type>', 'source type: okta')
    .requiredOption('--name <name>', 'a name for the source, e.g. okta-prod')
    .requiredOption('--domain <host>', 'Okta org domain, host[:port], e.g. acme.okta.com')
    .option('--token-file <file>', 'file holding the API token')
    .option('--token-stdin', 'read the API token from standard input')
    .option('--ca-file <pem>', 'extra certificate authority to trust (TLS-inspecting proxy, test CA)')
    .option('--no-test', 'do not test the connection after adding')
    .action(async (type: string, opts) => {
      const engine = cli.open();
      const token = await readToken(opts);
      const added = engine.sources.add({
        name: opts.name,
        kind: type,
        config: { domain: opts.domain, ...readCaFile(opts.caFile) },
        secrets: { apiToken: token },
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
    .action((opts) => {
      const sources = cli.open().sources.list();
      if (opts.json) return printJson(sources);
      if (sources.length === 0) {
        process.stdout.write(
          'No sources yet. Add one with `vouch source add okta --name NAME --domain HOST --token-file FILE`.\n',
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
    .command('test')
    .description("test a source's connection; exit 0 when connected, 3 when failed")
    .argument('<name>')
    .option('--json', 'print JSON')
    .action(async (name: string, opts) => {
      const status = await cli.open().testSource(name);
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

  source
    .command('update-credentials')
    .description("rotate a source's secret, then test the connection")
    .argument('<name>')
    .option('--token-file <file>', 'file holding the new API token')
    .option('--token-stdin', 'read the new API token from standard input')
    .action(async (name: string, opts) => {
      const engine = cli.open();
      const updated = engine.sources.updateCredentials(name, { apiToken: await readToken(opts) });
      process.stdout.write(`Rotated the credential of "${name}" (now ${updated.credentialFingerprint}).\n`);
      const status = await engine.testSource(name);
      printConnectionStatus(name, status);
      if (status.status !== 'connected') throw new CliExit(ExitCode.failed);
    });

  source
    .command('remove')
    .description('remove a source and its synced data (artifacts already collected are kept)')
    .argument('<name>')
    .action((name: string) => {
      cli.open().sources.remove(name);
      process.stdout.write(`Removed source "${name}".\n`);
    });
}
