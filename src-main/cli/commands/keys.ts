// vouch keys show: the installation's bundle signing key, created on first use.
import type { Command } from 'commander';
import type { CliContext } from '../context.ts';
import { printJson } from '../output.ts';

export function registerKeysCommand(program: Command, cli: CliContext): void {
  program
    .command('keys')
    .description('the signing key of this installation')
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
            'Give this fingerprint to auditors through another channel than the bundle; they check it with\n' +
            `  vouch verify BUNDLE.zip --signer ${key.fingerprint}\n`,
        );
      } finally {
        core.close();
      }
    });
}
