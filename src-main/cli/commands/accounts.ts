// vouch accounts needs-anchor|mark, vouch link|unlink, vouch identities show|primary
import os from 'node:os';
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { printJson, printTable } from '../output.ts';
import { UsageError } from '../usage-error.ts';

const actor = () => `cli:${os.userInfo().username}`;

function id(value: string, what: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new UsageError(
      `${what} must be a number, not "${value}".`,
      'Copy it from `vouch accounts needs-anchor`.',
    );
  return parsed;
}

const reasonText: Record<string, string> = {
  no_email: 'no email',
  email_matches_no_identity: 'email matches no identity',
  email_matches_several_identities: 'email matches several identities',
  conflicting_anchors: 'anchor and email point to different people',
  unlinked_by_person: 'unlinked by a person',
};

export function registerAccountCommands(program: Command, cli: CliContext): void {
  const accounts = program
    .command('accounts')
    .description('accounts across sources and how they link to people');

  accounts
    .command('needs-anchor')
    .description('accounts no one could link to a person, with why and the likeliest candidates')
    .option('--source <name>', 'only this source')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const queue = (await cli.open()).linking.needsAnchor(opts.source);
      if (opts.json) return printJson(queue);
      if (queue.length === 0) {
        process.stdout.write('Nothing needs an anchor: every account is linked to a person or marked.\n');
        return;
      }
      printTable(
        ['ACCOUNT', 'SOURCE', 'LOGIN', 'EMAIL', 'WHY', 'BEST CANDIDATE (IDENTITY, SCORE)'],
        queue.map((item) => {
          const best = item.candidates[0];
          return [
            item.accountId,
            item.sourceName,
            item.login,
            item.email,
            reasonText[item.reason] ?? item.reason,
            best ? `${best.displayName ?? best.email} (${best.identityId}, ${best.score})` : null,
          ];
        }),
      );
      process.stdout.write(
        '\nLink one: vouch link ACCOUNT IDENTITY   ·   or: vouch accounts mark ACCOUNT --as service --reason "..."\n',
      );
    });

  accounts
    .command('mark')
    .description('mark an account as belonging to no person (service, shared or external)')
    .argument('<accountId>')
    .requiredOption('--as <kind>', 'service|shared|external')
    .requiredOption('--reason <text>', 'why, for the auditor')
    .action(async (accountId: string, opts) => {
      if (!['service', 'shared', 'external'].includes(opts.as)) {
        throw new UsageError(
          `--as must be service, shared or external, not "${opts.as}".`,
          'e.g. --as service',
        );
      }
      (await cli.open()).linking.mark(id(accountId, 'ACCOUNT_ID'), opts.as, opts.reason, actor());
      process.stdout.write(`Marked account ${accountId} as ${opts.as}.\n`);
    });

  program
    .command('link')
    .description('link an account to a person (persists across syncs)')
    .argument('<accountId>')
    .argument('<identityId>')
    .action(async (accountId: string, identityId: string) => {
      (await cli.open()).linking.link(id(accountId, 'ACCOUNT_ID'), id(identityId, 'IDENTITY_ID'), actor());
      process.stdout.write(`Linked account ${accountId} to identity ${identityId}.\n`);
    });

  program
    .command('unlink')
    .description('unlink an account; it stays unlinked across syncs until linked or marked')
    .argument('<accountId>')
    .action(async (accountId: string) => {
      (await cli.open()).linking.unlink(id(accountId, 'ACCOUNT_ID'), actor());
      process.stdout.write(`Unlinked account ${accountId}.\n`);
    });

  program
    .command('findings')
    .description('write the findings artifacts: orphaned accounts, terminated people with access, admins')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const findings = await (await cli.open()).linking.findings();
      if (opts.json) return printJson(findings);
      for (const f of findings) {
        process.stdout.write(
          `${f.kind.padEnd(32)} ${String(f.artifact.rowCount).padStart(6)} rows  ${f.complete ? 'complete' : 'PARTIAL'}  ${f.artifact.id}\n`,
        );
      }
    });

  const identities = program.command('identities').description('people, as the identity providers know them');

  identities
    .command('primary')
    .description('show the primary identity provider (its accounts anchor people), or choose another')
    .argument('[sourceName]', 'an identity provider source to make primary; everything is linked again')
    .option('--json', 'print JSON')
    .action(async (sourceName: string | undefined, opts) => {
      const linking = (await cli.open()).linking;
      if (sourceName !== undefined) linking.setPrimary(sourceName);
      const primary = linking.primary();
      if (opts.json) return printJson(primary);
      if (primary.source === null) {
        process.stdout.write('No identity provider source yet: add one with `vouch source add`.\n');
        return;
      }
      const others = primary.candidates.filter((name) => name !== primary.source);
      process.stdout.write(
        `${sourceName !== undefined ? 'Primary identity provider is now' : 'Primary identity provider:'} ${primary.source}\n` +
          (others.length ? `Secondary identity providers: ${others.join(', ')}\n` : ''),
      );
    });

  identities
    .command('show')
    .description('a person with every account across sources, and their admin roles')
    .argument('<identityId>')
    .option('--json', 'print JSON')
    .action(async (identityId: string, opts) => {
      const person = (await cli.open()).linking.identity(id(identityId, 'IDENTITY_ID'));
      if (opts.json) return printJson(person);
      process.stdout.write(
        `${person.displayName ?? '(no name)'} <${person.email ?? person.login ?? '-'}>  status ${person.status}` +
          `${person.anchoredBy === 'secondary' ? '  (known only to a secondary identity provider)' : ''}\n\n`,
      );
      printTable(
        ['ACCOUNT', 'SOURCE', 'LOGIN', 'STATUS', 'LINKED BY', 'ADMIN ROLES'],
        person.accounts.map((a) => [
          a.accountId,
          a.sourceName,
          a.login,
          a.expired ? `${a.status} (gone)` : a.status,
          a.linkReason,
          a.roles.join(', ') || null,
        ]),
      );
    });
}
