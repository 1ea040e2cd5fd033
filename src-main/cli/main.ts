// The `vouch` command line (README, CLI reference).
// Exit codes: 0 ok, 1 error, 2 usage, 3 failed, 4 partial, 5 verification failed,
// 6 signature valid but signer not trusted (vouch verify).
import { Command, CommanderError } from 'commander';
import { isVouchError } from '../engine/errors.ts';
import { vouchVersion } from '../engine/version.ts';
import { registerAccountCommands } from './commands/accounts.ts';
import { registerArtifactCommands } from './commands/artifacts.ts';
import { registerAuditLogCommand } from './commands/audit-log.ts';
import { registerBundleCommand } from './commands/bundle.ts';
import { registerKeysCommand } from './commands/keys.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerVerifyCommand } from './commands/verify.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerDeriveCommands } from './commands/derive.ts';
import { terminalSafe } from './terminal-text.ts';
import { registerSourceCommands } from './commands/source.ts';
import { registerSyncCommand } from './commands/sync.ts';
import { registerJobsCommands } from './commands/jobs.ts';
import { registerWorkerCommand } from './commands/worker.ts';
import { CliContext } from './context.ts';
import { CliExit, ExitCode } from './exit-codes.ts';

const program = new Command('vouch')
  .description('Vouch collects identity and access evidence from your systems, with provenance.')
  .version(vouchVersion)
  .option(
    '--data-dir <dir>',
    'data directory (default: $VOUCH_DATA_DIR, else the per-user app data directory)',
  )
  .showHelpAfterError()
  .exitOverride();

const explicitDataDir = (): string | undefined => program.opts<{ dataDir?: string }>().dataDir;
const cli = new CliContext(explicitDataDir);

registerSourceCommands(program, cli);
registerSyncCommand(program, cli);
registerJobsCommands(program, cli);
registerWorkerCommand(program, cli);
registerArtifactCommands(program, cli);
registerDeriveCommands(program, cli);
registerAccountCommands(program, cli);
registerBundleCommand(program, cli);
registerVerifyCommand(program, cli);
registerKeysCommand(program, cli);
registerAuditLogCommand(program, cli);
registerServeCommand(program, cli);
registerDemoCommand(program, () => explicitDataDir() ?? process.env.VOUCH_DATA_DIR);

/** Messages may quote untrusted text (file names, provider answers): their lines are kept, controls escaped. */
function safeLines(text: string): string {
  return text.split('\n').map(terminalSafe).join('\n');
}

function report(error: unknown): number {
  if (error instanceof CliExit) return error.code;
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (isVouchError(error)) {
    process.stderr.write(`error: ${safeLines(error.message)}\n`);
    if (error.nextStep) process.stderr.write(`  What to do: ${safeLines(error.nextStep)}\n`);
    return error.code === 'usage' ? ExitCode.usage : ExitCode.error;
  }
  process.stderr.write(`error: ${safeLines(error instanceof Error ? error.message : String(error))}\n`);
  return ExitCode.error;
}

let exitCode: number = ExitCode.ok;
try {
  await program.parseAsync(process.argv);
} catch (error) {
  exitCode = report(error);
} finally {
  cli.close();
}
process.exitCode = exitCode;
