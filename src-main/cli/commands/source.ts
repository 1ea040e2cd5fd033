// vouch source add|list|test|update-credentials|remove
import type { Command } from 'commander';
import type { ConnectionStatus } from '../../../src-shared/connection-status.ts';
import { connectorFor, connectorKinds } from '../../engine/connectors/registry.ts';
import type { CliContext } from '../context.ts';
import { CliExit, ExitCode } from '../exit-codes.ts';
import { printJson, printTable, shortTime } from '../output.ts';
import { readCaFile, readPrivateKeyFile, readToken, type SecretInput } from '../read-secret.ts';
import { UsageError } from '../usage-error.ts';

/** `baseUrl` → `--base-url`; commander hands the value back under the field's own (camelCase) name. */
function flagOf(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Every connector's configuration fields as CLI options, each documented with the connectors using it. */
function configOptions(): { flag: string; help: string }[] {
  const byName = new Map<string, { flag: string; uses: string[] }>();
  for (const kind of connectorKinds()) {
    for (const field of connectorFor(kind).describe().configFields) {
      const option = byName.get(field.name) ?? {
        flag: `${flagOf(field.name)} <${flagOf(field.name).slice(2)}>`,
        uses: [],
      };
      option.uses.push(`${kind}: ${field.label}${field.required ? '' : ' (optional)'}. ${field.help}`);
      byName.set(field.name, option);
    }
  }
  return [...byName.values()].map(({ flag, uses }) => ({ flag, help: uses.join(' ') }));
}

/** The configuration a `source add TYPE` asks for, from its options; a clear error for what is missing or foreign. */
function configFor(type: string, opts: Record<string, unknown>): Record<string, string> {
  if (!connectorKinds().includes(type)) {
    throw new UsageError(
      `Vouch has no connector for "${type}".`,
      `Pick one of: ${connectorKinds().join(', ')}, e.g. vouch source add github --name NAME --org ORG --token-file FILE.`,
    );
  }
  const fields = connectorFor(type).describe().configFields;
  const own = new Set(fields.map((f) => f.name));
  const foreign = configOptions()
    .map(({ flag }) => flag.split(' ')[0] as string)
    .filter((flag) => {
      const field = flag.slice(2).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
      return !own.has(field) && opts[field] !== undefined;
    });
  if (foreign.length) {
    throw new UsageError(
      `${foreign.join(', ')} ${foreign.length > 1 ? 'do' : 'does'} not apply to ${type} sources.`,
      `${type} sources take ${fields.map((f) => flagOf(f.name)).join(', ')}.`,
    );
  }
  const config: Record<string, string> = {};
  for (const field of fields) {
    const value = opts[field.name];
    if (typeof value === 'string' && value.trim() !== '') config[field.name] = value;
    else if (field.required) {
      throw new UsageError(
        `${type} sources need ${flagOf(field.name)} (${field.label}).`,
        `${field.help} Example: vouch source add ${type} --name NAME ${fields
          .filter((f) => f.required)
          .map((f) => `${flagOf(f.name)} ${f.name.toUpperCase()}`)
          .join(' ')} --token-file FILE`,
      );
    }
  }
  return config;
}

/** The secret a command line sets: `privateKey` (a GitHub App's, from --private-key-file) or the token. */
async function secretsFrom(kind: string, opts: Record<string, unknown>): Promise<Record<string, string>> {
  const keyFile = opts.privateKeyFile as string | undefined;
  const fields = connectorFor(kind).describe().credentialFields;
  if (keyFile !== undefined) {
    if (!fields.some((f) => f.name === 'privateKey')) {
      throw new UsageError(`--private-key-file does not apply to ${kind} sources.`, 'Use --token-file FILE.');
    }
    if (opts.tokenFile !== undefined || opts.tokenStdin) {
      throw new UsageError(
        'Both a token and a GitHub App private key were given.',
        'Use --token-file for a personal access token, or --app-id with --private-key-file for a GitHub App.',
      );
    }
    return { privateKey: readPrivateKeyFile(keyFile) };
  }
  return { [secretFieldOf(kind)]: await readToken(opts as SecretInput) };
}

/** The connector's token field (okta: apiToken, github: token), which --token-file fills. */
function secretFieldOf(kind: string): string {
  const all = connectorFor(kind)
    .describe()
    .credentialFields.filter((f) => f.secret);
  const secrets = all.length > 1 ? all.filter((f) => f.name === 'token' || f.name === 'apiToken') : all;
  if (secrets.length !== 1) {
    throw new UsageError(
      `${kind} sources take ${secrets.length} secrets; the command line sets exactly one.`,
      'Use the desktop app or `vouch serve` to set this source’s credentials.',
    );
  }
  return (secrets[0] as { name: string }).name;
}

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

  const add = source
    .command('add')
    .description('add a source (its secret is read from a file or stdin, never from the command line)')
    .argument('<type>', `source type: ${connectorKinds().join(', ')}`)
    .requiredOption('--name <name>', 'a name for the source, e.g. okta-prod');
  // Each connector's configuration fields become options (--domain for okta; --org, --base-url for github).
  for (const { flag, help } of configOptions()) add.option(flag, help);
  add
    .option('--token-file <file>', 'file holding the API token')
    .option('--token-stdin', 'read the API token from standard input')
    .option(
      '--private-key-file <pem>',
      "github: a GitHub App's private key (PEM), with --app-id, instead of a token",
    )
    .option('--ca-file <pem>', 'extra certificate authority to trust (TLS-inspecting proxy, test CA)')
    .option('--no-test', 'do not test the connection after adding')
    .addHelpText(
      'after',
      `
Examples:
  vouch source add okta --name okta-prod --domain acme.okta.com --token-file okta.token
  vouch source add github --name github-acme --org acme-corp --token-file github.token
  vouch source add github --name github-app --org acme-corp --app-id 123456 --private-key-file app.pem
  vouch source add github --name ghes --org acme --base-url https://ghe.example.com/api/v3 --token-file t --ca-file ca.pem`,
    )
    .action(async (type: string, opts: Record<string, unknown>) => {
      const config = configFor(type, opts);
      const engine = await cli.open();
      const secrets = await secretsFrom(type, opts);
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
          'No sources yet. Add one with `vouch source add okta --name NAME --domain HOST --token-file FILE`\n' +
            'or `vouch source add github --name NAME --org ORG --token-file FILE`.\n',
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

  source
    .command('update-credentials')
    .description("rotate a source's secret, then test the connection")
    .argument('<name>')
    .option('--token-file <file>', 'file holding the new API token')
    .option('--token-stdin', 'read the new API token from standard input')
    .option('--private-key-file <pem>', "github: a GitHub App source's new private key (PEM)")
    .action(async (name: string, opts: Record<string, unknown>) => {
      const engine = await cli.open();
      const source = engine.sources.get(name);
      if (opts.privateKeyFile === undefined && source.config.appId) {
        throw new UsageError(
          `"${name}" authenticates as GitHub App ${source.config.appId}.`,
          'Pass its new private key with --private-key-file FILE.',
        );
      }
      const updated = engine.sources.updateCredentials(name, await secretsFrom(source.kind, opts));
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
}
