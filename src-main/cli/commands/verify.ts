// vouch verify FILE.zip [--signer FP] [--trusted-signers FILE] [--json]: checks a bundle offline.
// Exit 0 verified (intact, signed by a trusted key), 5 verification failed, 6 signature valid but the signer
// is not trusted. Never opens the store: it must work on an auditor's machine that has only the zip (the
// trusted-signers file is read if it exists, never created).
import path from 'node:path';
import type { Command } from 'commander';
import type { BundleVerification } from '../../engine/bundles/verify-bundle.ts';
import { CliExit, ExitCode } from '../exit-codes.ts';
import type { CliContext } from '../context.ts';
import { defaultDataDir } from '../data-dir.ts';
import { printJson, printLine } from '../output.ts';
import { plural } from './bundle.ts';

/** Exit code of `vouch verify` and `vouch audit-log verify` when the evidence does not verify. */
export const VERIFICATION_FAILED_EXIT_CODE = ExitCode.verificationFailed;
/** Exit code of `vouch verify` when the bundle is intact but its signer is not trusted. */
export const SIGNER_NOT_TRUSTED_EXIT_CODE = ExitCode.signerNotTrusted;

function headline(file: string, result: BundleVerification): string {
  if (result.verdict === 'verified') return `Bundle verified: ${file}`;
  if (result.verdict === 'signer_not_trusted') {
    return `Bundle NOT verified: signature valid, signer not trusted: ${file}`;
  }
  return `Bundle FAILED verification: ${file} (${plural(result.problems.length, 'problem')})`;
}

function signerLine(result: BundleVerification): string | null {
  const { signer } = result;
  if (signer.fingerprint === null) return null;
  let trust: string;
  if (!signer.signatureValid) trust = 'the signature does not verify';
  else if (signer.expected !== null)
    trust = signer.trusted ? 'the expected signer' : `NOT the expected ${signer.expected}`;
  else if (signer.trusted) trust = 'a trusted signer';
  else
    trust =
      'NOT TRUSTED: anyone can make a key and sign; confirm this fingerprint with the client through another ' +
      'channel, then pass --signer FINGERPRINT or run `vouch keys trust FINGERPRINT`';
  return `  Signer ${signer.fingerprint} (${trust})`;
}

function printVerification(file: string, result: BundleVerification): void {
  // printLine escapes control characters: manifest text cannot clear the screen or fake a line.
  printLine(headline(file, result));
  if (result.createdAt !== null)
    printLine(`  Created ${result.createdAt} by Vouch ${result.vouchVersion ?? '?'}`);
  const signer = signerLine(result);
  if (signer !== null) printLine(signer);
  if (!result.filesChecked && result.verdict === 'failed') {
    printLine('  Files not checked: without a valid signature the manifest proves nothing.');
  }
  if (result.artifacts.length > 0) {
    printLine(
      `  ${plural(result.artifacts.length, 'artifact')}, ${plural(result.totalRows, 'row')}, ` +
        `${plural(result.files, 'file')} checked against the manifest`,
    );
    for (const a of result.artifacts) {
      const state = a.complete ? 'complete' : `PARTIAL: ${a.partialReason ?? 'no reason recorded'}`;
      printLine(
        `    ${a.id}  ${a.kind.padEnd(22)} ${String(a.rowCount).padStart(8)} rows  ${a.source}  ${state}`,
      );
    }
  }
  if (result.auditLog !== null) {
    const span =
      result.auditLog.firstSeq === null ? '' : ` (#${result.auditLog.firstSeq}–#${result.auditLog.lastSeq})`;
    printLine(
      `  Audit log: ${result.auditLog.entries} entries${span}, ${result.auditLog.intact ? 'chain intact' : 'BROKEN'}`,
    );
  }
  if (result.verdict === 'failed') {
    printLine('Problems:');
    for (const problem of result.problems) printLine(`  - [${problem.kind}] ${problem.message}`);
  }
  // Last, so it is what stays on screen.
  if (result.verdict === 'signer_not_trusted') {
    printLine(
      'The contents match the manifest and its signature, but the signing key is not one you trust, so this does',
    );
    printLine('not show the client produced it.');
  }
}

/** Takes the CliContext for the data directory option; verification opens no store. */
export function registerVerifyCommand(program: Command, cli?: CliContext): void {
  program
    .command('verify')
    .description(
      'verify an evidence bundle offline; exit 0 verified, 5 verification failed, 6 signature valid but signer not trusted',
    )
    .argument('<bundle>', 'the .zip written by `vouch bundle`')
    .option('--signer <fingerprint>', 'require this signer key fingerprint (ed25519:...)')
    .option(
      '--trusted-signers <file>',
      'the trusted-signers file to use (default: trusted-signers.json in the data directory)',
    )
    .option('--json', 'print JSON')
    .action(async (bundle: string, opts: { signer?: string; trustedSigners?: string; json?: boolean }) => {
      const file = path.resolve(bundle);
      // The trusted-signers reader (zod) and the zip reader load only for this command.
      const { readTrustedSigners, trustedSignersPath } = await import('../trusted-signers.ts');
      const trustedFile = opts.trustedSigners
        ? path.resolve(opts.trustedSigners)
        : trustedSignersPath(cli?.dataDir ?? defaultDataDir());
      const trusted = opts.signer ? [] : readTrustedSigners(trustedFile).signers.map((s) => s.fingerprint);
      const { verifyBundle } = await import('../../engine/bundles/verify-bundle.ts');
      const result = await verifyBundle(file, { expectedSigner: opts.signer, trustedSigners: trusted });
      if (opts.json) printJson({ bundle: file, ...result });
      else printVerification(file, result);
      if (result.verdict === 'failed') throw new CliExit(VERIFICATION_FAILED_EXIT_CODE);
      if (result.verdict === 'signer_not_trusted') throw new CliExit(SIGNER_NOT_TRUSTED_EXIT_CODE);
    });
}
