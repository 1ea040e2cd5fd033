// Files a command line names for a source: the CA bundle (secrets are read by credential-input.ts).
import { readFileSync } from 'node:fs';
import { checkCaPem } from '../engine/api/source-input.ts';
import { InvalidSourceInputError } from '../engine/sources/source-errors.ts';

export function readCaFile(caFile: string | undefined): Record<string, string> {
  if (!caFile) return {};
  let pem: string;
  try {
    pem = readFileSync(caFile, 'utf8');
  } catch (error) {
    throw new InvalidSourceInputError(
      `Could not read the CA file ${caFile} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      'Pass a PEM file with the certificate authority (or chain) to trust.',
    );
  }
  if (/PRIVATE KEY-----/.test(pem)) {
    // The CA bundle is stored in the source's configuration, which is not sealed like credentials: a private
    // key in it would sit there in plain text. Refuse the file rather than strip the key silently.
    throw new InvalidSourceInputError(
      `${caFile} holds a private key, not only certificates; Vouch refuses it because the CA file is stored unencrypted in the source's settings.`,
      'Pass a PEM file with only the certificate authority (or chain): BEGIN CERTIFICATE blocks, no key.',
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new InvalidSourceInputError(
      `${caFile} holds no PEM certificate.`,
      'Pass a PEM file (BEGIN CERTIFICATE).',
    );
  }
  // Same checks as the UI's path: every block must parse, and only the certificate blocks are kept.
  return { caFile, caPem: checkCaPem(pem) };
}
