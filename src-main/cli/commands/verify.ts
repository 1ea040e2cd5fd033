// vouch verify FILE.zip [--signer FP] [--json]: checks a bundle offline. Exit 0 intact, 5 verification failed.
// Never opens the data directory: it must work on an auditor's machine that has only the zip.
import path from 'node:path';
import type { Command } from 'commander';
import type { BundleVerification } from '../../engine/bundles/verify-bundle.ts';
import { CliExit } from '../exit-codes.ts';
import type { CliContext } from '../context.ts';
import { printJson } from '../output.ts';
import { plural } from './bundle.ts';

/** Exit code of `vouch verify` and `vouch audit-log verify` when the evidence does not verify. */
export const VERIFICATION_FAILED_EXIT_CODE = 5;

function printVerification(file: string, result: BundleVerification): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (result.ok) out(`Bundle verified: ${file}`);
  else out(`Bundle FAILED verification: ${file} (${result.problems.length} problems)`);
  if (result.createdAt !== null) out(`  Created ${result.createdAt} by Vouch ${result.vouchVersion ?? '?'}`);
  if (result.signer.fingerprint !== null) {
    const pinned =
      result.signer.expected === null
        ? 'not checked against an expected signer; pass --signer FINGERPRINT to require it'
        : result.signer.expected === result.signer.fingerprint
          ? 'the expected signer'
          : `NOT the expected ${result.signer.expected}`;
    out(`  Signer ${result.signer.fingerprint} (${pinned})`);
  }
  if (result.artifacts.length > 0) {
    out(
      `  ${plural(result.artifacts.length, 'artifact')}, ${plural(result.totalRows, 'row')}, ` +
        `${plural(result.files, 'file')} checked against the manifest`,
    );
    for (const a of result.artifacts) {
      const state = a.complete ? 'complete' : `PARTIAL: ${a.partialReason ?? 'no reason recorded'}`;
      out(`    ${a.id}  ${a.kind.padEnd(22)} ${String(a.rowCount).padStart(8)} rows  ${a.source}  ${state}`);
    }
  }
  if (result.auditLog !== null) {
    const span =
      result.auditLog.firstSeq === null ? '' : ` (#${result.auditLog.firstSeq}–#${result.auditLog.lastSeq})`;
    out(
      `  Audit log: ${result.auditLog.entries} entries${span}, ${result.auditLog.intact ? 'chain intact' : 'BROKEN'}`,
    );
  }
  if (!result.ok) {
    out('Problems:');
    for (const problem of result.problems) out(`  - [${problem.kind}] ${problem.message}`);
  }
}

/** Takes the CliContext like the other commands, but never uses it: verification needs no data directory. */
export function registerVerifyCommand(program: Command, _cli?: CliContext): void {
  program
    .command('verify')
    .description('verify an evidence bundle offline; exit 0 intact, 5 verification failed')
    .argument('<bundle>', 'the .zip written by `vouch bundle`')
    .option('--signer <fingerprint>', 'require this signer key fingerprint (ed25519:...)')
    .option('--json', 'print JSON')
    .action(async (bundle: string, opts: { signer?: string; json?: boolean }) => {
      const file = path.resolve(bundle);
      // The zip reader loads only for this command.
      const { verifyBundle } = await import('../../engine/bundles/verify-bundle.ts');
      const result = await verifyBundle(file, { expectedSigner: opts.signer });
      if (opts.json) printJson({ bundle: file, ...result });
      else printVerification(file, result);
      if (!result.ok) throw new CliExit(VERIFICATION_FAILED_EXIT_CODE);
    });
}
