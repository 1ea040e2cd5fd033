// vouch audit-log verify|list: Vouch's own hash-chained record of what it did.
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { CliExit } from '../exit-codes.ts';
import { printJson, printTable, shortTime } from '../output.ts';
import { UsageError } from '../usage-error.ts';
import { VERIFICATION_FAILED_EXIT_CODE } from './verify.ts';

function parseLimit(text: string): number {
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UsageError(
      `--limit must be a positive whole number, not "${text}".`,
      'For example --limit 100.',
    );
  }
  return limit;
}

/** The store and the log, loaded when an audit-log command runs (not when any command's module loads). */
async function loadAuditLog() {
  const [{ openStore }, { listAuditEntries, verifyAuditLog }] = await Promise.all([
    import('../../engine/store/db.ts'),
    import('../../engine/audit/audit-log.ts'),
  ]);
  return { openStore, listAuditEntries, verifyAuditLog };
}

export function registerAuditLogCommand(program: Command, cli: CliContext): void {
  const auditLog = program.command('audit-log').description("Vouch's own hash-chained audit log");

  auditLog
    .command('verify')
    .description('check the hash chain of the whole log; exit 0 intact, 5 broken')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      // The store only: reading and checking the log never needs the master key.
      const { openStore, verifyAuditLog } = await loadAuditLog();
      const store = openStore(cli.dataDir);
      try {
        const result = verifyAuditLog(store);
        if (opts.json) printJson(result);
        else if (result.ok) {
          const head = result.headHash === null ? '' : `, last hash ${result.headHash.slice(0, 16)}`;
          process.stdout.write(`Audit log intact: ${result.entries} entries${head}.\n`);
        } else {
          process.stdout.write(
            `Audit log BROKEN: ${result.problems.length} problems in ${result.entries} entries.\n`,
          );
          for (const problem of result.problems)
            process.stdout.write(`  - [${problem.kind}] ${problem.message}\n`);
        }
        if (!result.ok) throw new CliExit(VERIFICATION_FAILED_EXIT_CODE);
      } finally {
        store.close();
      }
    });

  auditLog
    .command('list')
    .description('the newest entries first')
    .option('--json', 'print JSON')
    .option('--limit <n>', 'how many entries', '50')
    .action(async (opts: { json?: boolean; limit: string }) => {
      const limit = parseLimit(opts.limit);
      const { openStore, listAuditEntries } = await loadAuditLog();
      const store = openStore(cli.dataDir);
      try {
        const entries = listAuditEntries(store, { limit });
        if (opts.json) return printJson(entries);
        if (entries.length === 0) {
          process.stdout.write('The audit log is empty.\n');
          return;
        }
        printTable(
          ['SEQ', 'AT', 'ACTOR', 'ACTION', 'SUBJECT', 'DETAILS'],
          entries.map((e) => [
            e.seq,
            shortTime(e.at),
            e.actor,
            e.action,
            e.subject,
            JSON.stringify(e.details),
          ]),
        );
      } finally {
        store.close();
      }
    });
}
