// vouch keys show: the installation's bundle signing key, created on first use.
// vouch keys trust FINGERPRINT / vouch keys trusted: the signers this machine trusts when verifying bundles.
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { printJson, printLine, printTable } from '../output.ts';
import { parseFingerprint, readTrustedSigners, trustedSignersPath, trustSigner } from '../trusted-signers.ts';

export function registerKeysCommand(program: Command, cli: CliContext): void {
  const keys = program
    .command('keys')
    .description('the signing key of this installation, and trusted signers');
  keys
    .command('trust')
    .description(
      'trust bundles signed by this key in `vouch verify` (the fingerprint from `vouch keys show`)',
    )
    .argument(
      '<fingerprint>',
      'ed25519:... as the client gave it to you, through another channel than the bundle',
    )
    .option('--label <text>', 'whose key it is, for your own records')
    .option(
      '--trusted-signers <file>',
      'the trusted-signers file (default: trusted-signers.json in the data directory)',
    )
    .action((text: string, opts: { label?: string; trustedSigners?: string }) => {
      const fingerprint = parseFingerprint(text);
      const file = opts.trustedSigners ?? trustedSignersPath(cli.dataDir);
      const added = trustSigner(file, fingerprint, opts.label?.slice(0, 200) ?? null);
      printLine(
        added ? `Trusted signer ${fingerprint} (${file}).` : `Already trusted: ${fingerprint} (${file}).`,
      );
    });
  keys
    .command('trusted')
    .description('list the signers `vouch verify` trusts')
    .option(
      '--trusted-signers <file>',
      'the trusted-signers file (default: trusted-signers.json in the data directory)',
    )
    .option('--json', 'print JSON')
    .action((opts: { trustedSigners?: string; json?: boolean }) => {
      const { signers } = readTrustedSigners(opts.trustedSigners ?? trustedSignersPath(cli.dataDir));
      if (opts.json) printJson(signers);
      else
        printTable(
          ['FINGERPRINT', 'LABEL', 'ADDED'],
          signers.map((s) => [s.fingerprint, s.label, s.addedAt]),
        );
    });
  keys
    .command('show')
    .description('print the fingerprint of the key that signs bundles (the PEM too with --json)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      // Loaded here, not at the top: every command's module loads when any command runs.
      const { openEngineCore } = await import('../../engine/engine-core.ts');
      const { getSigningKey } = await import('../../engine/signing/signing-key.ts');
      const core = openEngineCore(cli.dataDir, process.env);
      try {
        const key = getSigningKey(core);
        if (opts.json) {
          printJson({ algorithm: 'ed25519', fingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem });
          return;
        }
        process.stdout.write(
          `Bundle signing key: ${key.fingerprint}\n` +
            'Give this fingerprint to auditors through another channel than the bundle; they trust it once with\n' +
            `  vouch keys trust ${key.fingerprint}\n` +
            `or check one bundle with\n  vouch verify BUNDLE.zip --signer ${key.fingerprint}\n`,
        );
      } finally {
        core.close();
      }
    });
}
